"""The ``satudata`` RDF profile: Satu Data metadata in DCAT-AP 3.

Enabled after ckanext-dcat's own profile
(``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata``): that one writes
title, description, keywords, dates, distributions and geometry; this one
adds what only Satu Data knows, as URIs (README, "DCAT feed", has the
table), and replaces what it would write as plain strings (formats,
languages, the OPD as publisher, contacts). EU authority terms are typed
in the output itself (``dct:Frequency``, ``dct:RightsStatement`` …) so the
DCAT-AP range shapes hold without fetching the EU vocabularies.

Parsing is the way back (``parse.py``): a Satu Data portal harvesting
another one gets every Satu Data field from these triples.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles import ADMS, DCAT, DCT, FOAF, VCARD, RDFProfile
from ckanext.dcat.utils import publisher_uri_organization_fallback

from ..metadata import spatial
from ..helpers import satudata_as_list
from . import quality, statdcat, uris
from .distributions import SatuDataDistributions, _years
from .parse import _KODE_DAFTAR_DATA, _LANGUAGES, GSP, SatuDataParsing
from .terms import lookup

__all__ = ["OUTPUT_REVISION", "SatuDataProfile"]

# raise it whenever the profile writes other triples for the same dataset:
# the feed's kept Turtle parts carry it in their fingerprint and are rebuilt
OUTPUT_REVISION = 4

_PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
LOCN = Namespace("http://www.w3.org/ns/locn#")


def _runs(years: list[int]) -> Iterable[tuple[int, int]]:
    """2019, 2020, 2021, 2023 → (2019, 2021), (2023, 2023)."""
    start = prev = None
    for year in years:
        if start is None:
            start = prev = year
        elif year == prev + 1:
            prev = year
        else:
            yield start, prev
            start = prev = year
    if start is not None:
        yield start, prev


class SatuDataProfile(SatuDataDistributions, SatuDataParsing, RDFProfile):

    # ----------------------------------------------------------- serialize

    def graph_from_catalog(self, catalog_dict: Any, catalog_ref: URIRef) -> None:
        g = self.g
        site = uris.site()
        for literal in list(g.objects(catalog_ref, DCT.language)):
            g.remove((catalog_ref, DCT.language, literal))
        for code in _LANGUAGES.values():
            self._typed(catalog_ref, DCT.language, uris.eu("language", code), DCT.LinguisticSystem)
        self._typed(catalog_ref, FOAF.homepage, URIRef(site), FOAF.Document)

        # the pemda, named after the portal's own region
        kode = tk.config["ckanext.satudata.kode_wilayah"]
        region = lookup(g).term("wilayah", kode)
        pemda = uris.pemda()
        g.add((catalog_ref, DCT.publisher, pemda))
        g.add((pemda, RDF.type, FOAF.Organization))
        self._publisher_type(pemda)
        if region is not None:
            g.add((pemda, FOAF.name, Literal(f"Pemerintah {region.label_id}", lang="id")))
            g.add((pemda, FOAF.name, Literal(f"Government of {region.label_en}", lang="en")))
            self._wilayah(catalog_ref, kode)
        else:
            g.add((pemda, FOAF.name, Literal(tk.config["ckan.site_title"])))
        g.add((pemda, FOAF.homepage, URIRef(site)))

        taxonomy = uris.scheme("urusan")
        g.add((catalog_ref, DCAT.themeTaxonomy, taxonomy))
        g.add((taxonomy, RDF.type, SKOS.ConceptScheme))
        g.add((taxonomy, DCT.title, Literal("Urusan Pemerintahan", lang="id")))
        g.add((taxonomy, DCT.title, Literal("Government affairs", lang="en")))
        eu_themes = URIRef(uris.EU + "data-theme")
        g.add((catalog_ref, DCAT.themeTaxonomy, eu_themes))
        g.add((eu_themes, RDF.type, SKOS.ConceptScheme))
        g.add((eu_themes, DCT.title, Literal("Data theme", lang="en")))

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        g.bind("sd", uris.SD)
        terms = lookup(g)
        name = dataset_dict.get("name") or dataset_dict.get("id")

        self._typed(dataset_ref, DCAT.landingPage, uris.dataset_page(name), FOAF.Document)

        for code in satudata_as_list(dataset_dict.get("urusan")):
            self._concept(dataset_ref, DCAT.theme, "urusan", code)
            term = terms.term("urusan", code)
            theme = term.extra.get("eu_data_theme") if term else None
            if theme:
                eu_theme = uris.eu("data-theme", theme)
                g.add((dataset_ref, DCAT.theme, eu_theme))
                g.add((uris.concept("urusan", code), SKOS.closeMatch, eu_theme))
                self._label(eu_theme, terms.term("tema_eu", theme), SKOS.Concept)
                g.add((eu_theme, SKOS.inScheme, URIRef(uris.EU + "data-theme")))

        self._eu_term(dataset_ref, DCT.accrualPeriodicity, "frekuensi", "eu_frequency",
                      dataset_dict.get("frekuensi"), "frequency", DCT.Frequency)
        access = dataset_dict.get("klasifikasi_akses")
        self._eu_term(dataset_ref, DCT.accessRights, "klasifikasi_akses", "eu_access_right",
                      access, "access-right", DCT.RightsStatement)
        self._concept(dataset_ref, DCT.type, "jenis_data", dataset_dict.get("jenis_data"))
        self._concept(dataset_ref, uris.SD.tingkatPenyajian, "tingkat_penyajian",
                      dataset_dict.get("tingkat_penyajian"))
        self._wilayah(dataset_ref, dataset_dict.get("cakupan_wilayah"))
        self._temporal(dataset_dict, dataset_ref)

        for key, predicate in (("satuan", uris.SD.satuan), ("sumber_data", uris.SD.sumberData)):
            if dataset_dict.get(key):
                g.add((dataset_ref, predicate, Literal(dataset_dict[key])))
        for key, predicate in (("ms_keg", uris.SD.msKeg), ("ms_ind", uris.SD.msInd)):
            if dataset_dict.get(key):
                g.add((dataset_ref, predicate,
                       Literal(json.dumps(dataset_dict[key], ensure_ascii=False), datatype=RDF.JSON)))
        statdcat.describe(g, dataset_ref, dataset_dict)
        quality.describe(g, dataset_ref, dataset_dict)

        if dataset_dict.get("kode_daftar_data"):
            identifier = BNode()
            g.add((dataset_ref, ADMS.identifier, identifier))
            g.add((identifier, RDF.type, ADMS.Identifier))
            g.add((identifier, SKOS.notation,
                   Literal(dataset_dict["kode_daftar_data"], datatype=_KODE_DAFTAR_DATA)))
        standard = dataset_dict.get("standar_data")
        if standard:
            if standard.startswith(("http://", "https://")):
                node = URIRef(standard)
            else:
                node = BNode()
                g.add((node, DCT.title, Literal(standard)))
            self._typed(dataset_ref, DCT.conformsTo, node, DCT.Standard)

        self._contacts(dataset_dict, dataset_ref)
        self._publisher(dataset_dict, dataset_ref)
        self._geometry(dataset_dict, dataset_ref)
        self._distributions(dataset_dict, dataset_ref, access)

    def _typed(self, subject: Any, predicate: URIRef, obj: Any, cls: URIRef) -> None:
        self.g.add((subject, predicate, obj))
        self.g.add((obj, RDF.type, cls))

    def _label(self, node: URIRef, term: Any, cls: URIRef) -> None:
        self.g.add((node, RDF.type, cls))
        if term is not None:
            self.g.add((node, SKOS.prefLabel, Literal(term.label_id, lang="id")))
            self.g.add((node, SKOS.prefLabel, Literal(term.label_en, lang="en")))

    def _concept(self, subject: Any, predicate: URIRef, name: str, code: Any,
                 cls: URIRef = SKOS.Concept) -> Optional[URIRef]:
        term = lookup(self.g).term(name, code)
        if term is None:
            return None
        node = uris.concept(name, code)
        self.g.add((subject, predicate, node))
        self._label(node, term, cls)
        self.g.add((node, SKOS.notation, Literal(code)))
        self.g.add((node, SKOS.inScheme, uris.scheme(name)))
        return node

    def _eu_term(self, subject: Any, predicate: URIRef, name: str, column: str,
                 code: Any, table: str, cls: URIRef) -> None:
        term = lookup(self.g).term(name, code)
        if term is not None and term.extra.get(column):
            node = uris.eu(table, term.extra[column])
            self._typed(subject, predicate, node, cls)

    def _wilayah(self, subject: Any, code: Any) -> None:
        self._concept(subject, DCT.spatial, "wilayah", code, cls=DCT.Location)

    def _temporal(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        # what the stock profile wrote from CKAN's temporal_* fields is ours to say
        for period in list(g.objects(dataset_ref, DCT.temporal)):
            g.remove((dataset_ref, DCT.temporal, period))
            g.remove((period, None, None))
        start, end = dataset_dict.get("periode_awal"), dataset_dict.get("periode_akhir")
        years = _years(dataset_dict.get("tahun"))
        for year in years:
            g.add((dataset_ref, uris.SD.tahun, Literal(str(year), datatype=XSD.gYear)))
        # one period, the exact one where there is one: a stock parser reads a
        # single dct:temporal, whichever the graph gives it first
        periods = []
        if start or end:
            periods.append([(DCAT.startDate, start), (DCAT.endDate, end)])
        else:
            # years as xsd:gYear intervals: a parser tells them from dates by the type
            for first, last in _runs(years):
                periods.append([(DCAT.startDate, Literal(str(first), datatype=XSD.gYear)),
                                (DCAT.endDate, Literal(str(last), datatype=XSD.gYear))])
        for period in periods:
            node = BNode()
            self._typed(dataset_ref, DCT.temporal, node, DCT.PeriodOfTime)
            for predicate, value in period:
                if isinstance(value, Literal):
                    g.add((node, predicate, value))
                elif value:
                    g.add((node, predicate, Literal(value, datatype=XSD.date)))

    def _contacts(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        kontak = [k for k in dataset_dict.get("kontak") or [] if isinstance(k, dict)]
        if not kontak:
            return      # the stock profile's contact (maintainer) stays
        for node in list(g.objects(dataset_ref, DCAT.contactPoint)):
            g.remove((dataset_ref, DCAT.contactPoint, node))
            g.remove((node, None, None))
        for position, entry in enumerate(kontak):
            node = BNode()
            self._typed(dataset_ref, DCAT.contactPoint, node, VCARD.Individual)
            # RDF keeps no order; the first contact is the one to write to
            g.add((node, uris.SD.urutan, Literal(position)))
            g.add((node, VCARD.fn, Literal(entry.get("nama") or "")))
            if entry.get("email"):
                g.add((node, VCARD.hasEmail, URIRef("mailto:" + entry["email"])))
            if entry.get("telepon"):
                g.add((node, VCARD.hasTelephone, Literal(entry["telepon"])))

    def _publisher(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        opd = lookup(g).opd(dataset_dict.get("owner_org"))
        if opd is None:
            return
        # the stock profile's publisher is the same organization URI, with
        # what CKAN's core organization knows; it is rewritten with the OPD's
        for node in list(g.objects(dataset_ref, DCT.publisher)):
            g.remove((dataset_ref, DCT.publisher, node))
            g.remove((node, None, None))
        node = URIRef(publisher_uri_organization_fallback(dataset_dict))
        self._typed(dataset_ref, DCT.publisher, node, FOAF.Organization)
        g.add((node, RDF.type, FOAF.Agent))
        self._publisher_type(node)
        g.add((node, FOAF.name, Literal(opd["title"])))
        if opd.get("singkatan"):
            g.add((node, SKOS.altLabel, Literal(opd["singkatan"])))
        if opd.get("kode_opd"):
            g.add((node, DCT.identifier, Literal(opd["kode_opd"])))
        self._concept(node, uris.SD.jenisInstansi, "jenis_instansi", opd.get("jenis_instansi"))
        if opd.get("email"):
            g.add((node, FOAF.mbox, URIRef("mailto:" + opd["email"])))
        if opd.get("telepon"):
            g.add((node, FOAF.phone, Literal(opd["telepon"])))
        if opd.get("website"):
            g.add((node, FOAF.homepage, URIRef(opd["website"])))

    def _publisher_type(self, node: URIRef) -> None:
        self.g.add((node, DCT.type, _PUBLISHER_TYPE))
        self.g.add((_PUBLISHER_TYPE, RDF.type, SKOS.Concept))
        self.g.add((_PUBLISHER_TYPE, SKOS.prefLabel, Literal("Regional authority", lang="en")))

    def _geometry(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """DCAT-AP 3.0.1 wants ``locn:geometry`` to be a geometry node, and
        ckanext-dcat's parser (any harvester running it) fails on one: the
        extent goes out as DCAT-AP 3's ``dcat:bbox`` and ``dcat:centroid``
        (WKT literals, read by every DCAT-AP 3 parser) and the exact
        geometry as a GeoSPARQL ``gsp:hasGeometry`` node with its WKT and
        the GeoJSON the dataset holds."""
        g = self.g
        geojson = dataset_dict.get("spatial")
        for location in list(g.objects(dataset_ref, DCT.spatial)):
            for wkt in list(g.objects(location, LOCN.geometry)):
                g.remove((location, LOCN.geometry, wkt))
                extent = spatial.envelope(geojson) if geojson else None
                if extent:
                    bbox, centroid = extent
                    g.add((location, DCAT.bbox, Literal(bbox, datatype=GSP.wktLiteral)))
                    g.add((location, DCAT.centroid, Literal(centroid, datatype=GSP.wktLiteral)))
                node = BNode()
                self._typed(location, GSP.hasGeometry, node, GSP.Geometry)
                g.add((node, GSP.asWKT, Literal(str(wkt), datatype=GSP.wktLiteral)))
                if geojson:
                    g.add((node, GSP.asGeoJSON, Literal(geojson, datatype=GSP.geoJSONLiteral)))
