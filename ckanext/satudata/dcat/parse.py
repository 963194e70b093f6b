"""The ``satudata`` profile's way back: every Satu Data field read from the
triples ``profiles.py`` writes, so a Satu Data portal harvesting another
one (``ckanext-harvest``'s ``dcat_rdf`` source) keeps them all."""
from __future__ import annotations

import json
from typing import Any, Optional

from rdflib import Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

import ckan.model as model
from ckanext.dcat.profiles import ADMS, DCAT, DCT, FOAF, VCARD

from . import uris
from .terms import lookup

__all__ = ["ORIGIN", "SatuDataParsing"]

# the key of a parsed dataset saying where it comes from (never saved)
ORIGIN = "satudata_asal"

_LANGUAGES = {"id": "IND", "en": "ENG"}
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
_KODE_DAFTAR_DATA = uris.SD.KodeDaftarData
_MAX_YEARS = 300        # the longest run of years a period may stand for
# extras the stock profiles parse that this profile turns into Satu Data fields
_CONSUMED = {"theme", "frequency", "access_rights", "alternate_identifier", "conforms_to",
             "provenance", "temporal_start", "temporal_end", "spatial_uri", "dcat_type",
             "language", "contact_name", "contact_email", "contact_uri"}


class SatuDataParsing:
    """The parsing half of :class:`~.profiles.SatuDataProfile` (a mixin of
    ckanext-dcat's ``RDFProfile``: ``self.g``, ``self._schema_field``)."""

    g: Any

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> dict[str, Any]:
        g = self.g
        terms = lookup(g)
        fields: dict[str, Any] = {}

        urusan = [c for c in (uris.code_of("urusan", t) for t in g.objects(dataset_ref, DCAT.theme)) if c]
        if urusan:
            fields["urusan"] = urusan[0]
        for key, predicate, table, name, column in (
                ("frekuensi", DCT.accrualPeriodicity, "frequency", "frekuensi", "eu_frequency"),
                ("klasifikasi_akses", DCT.accessRights, "access-right", "klasifikasi_akses",
                 "eu_access_right")):
            code = terms.by_extra(name, column, uris.eu_code(table, g.value(dataset_ref, predicate)))
            if code:
                fields[key] = code
        for key, predicate in (("jenis_data", DCT.type),
                               ("tingkat_penyajian", uris.SD.tingkatPenyajian),
                               ("cakupan_wilayah", DCT.spatial)):
            name = "wilayah" if key == "cakupan_wilayah" else key
            found = [c for c in (uris.code_of(name, o) for o in g.objects(dataset_ref, predicate)) if c]
            if found:
                fields[key] = found[0]
        for key, predicate in (("satuan", uris.SD.satuan), ("sumber_data", uris.SD.sumberData)):
            value = g.value(dataset_ref, predicate)
            if value is not None:
                fields[key] = str(value)
        for key, predicate in (("ms_keg", uris.SD.msKeg), ("ms_ind", uris.SD.msInd)):
            value = g.value(dataset_ref, predicate)
            if value is not None:
                try:
                    fields[key] = json.loads(str(value))
                except ValueError:
                    pass
        years: list[int] = []
        for period in g.objects(dataset_ref, DCT.temporal):
            start, end = g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)
            if getattr(start, "datatype", None) == XSD.gYear:
                last = end if getattr(end, "datatype", None) == XSD.gYear else start
                # a malformed or absurd period (another portal's) is no years at all
                if str(start).isdigit() and str(last).isdigit() \
                        and 0 <= int(str(last)) - int(str(start)) <= _MAX_YEARS:
                    years.extend(range(int(str(start)), int(str(last)) + 1))
            else:
                if start is not None:
                    fields["periode_awal"] = str(start)[:10]
                if end is not None:
                    fields["periode_akhir"] = str(end)[:10]
        # the years themselves (sd:tahun); feeds before it said them only as periods
        years = [int(str(y)) for y in g.objects(dataset_ref, uris.SD.tahun)
                 if str(y).isdigit()] or years
        if years:
            fields["tahun"] = sorted(set(years))
        for identifier in g.objects(dataset_ref, ADMS.identifier):
            notation = g.value(identifier, SKOS.notation)
            if getattr(notation, "datatype", None) == _KODE_DAFTAR_DATA:
                fields["kode_daftar_data"] = str(notation)
        for standard in g.objects(dataset_ref, DCT.conformsTo):
            fields["standar_data"] = (str(standard) if isinstance(standard, URIRef)
                                      else str(g.value(standard, DCT.title) or ""))
        for location in g.objects(dataset_ref, DCT.spatial):
            for geometry in g.objects(location, GSP.hasGeometry):
                geojson = g.value(geometry, GSP.asGeoJSON)
                if geojson is not None:
                    fields["spatial"] = str(geojson)
        kontak = []
        for node in g.objects(dataset_ref, DCAT.contactPoint):
            if (node, RDF.type, VCARD.Individual) not in g:
                continue
            entry = {"nama": str(g.value(node, VCARD.fn) or "")}
            email = g.value(node, VCARD.hasEmail)
            if email is not None:
                entry["email"] = str(email).removeprefix("mailto:")
            phone = g.value(node, VCARD.hasTelephone)
            if phone is not None:
                entry["telepon"] = str(phone).removeprefix("tel:")
            position = g.value(node, uris.SD.urutan)
            kontak.append((int(position) if position is not None else len(kontak), entry))
        if kontak:
            fields["kontak"] = [entry for _, entry in sorted(kontak, key=lambda k: k[0])]
            dataset_dict.pop("contact", None)

        licence = self._licence_id(g.value(dataset_ref, DCT.license))
        if licence:
            fields["license_id"] = licence
        self._parse_resources(dataset_dict, fields)
        self._store(dataset_dict, fields)
        origin = self._origin(dataset_ref)
        if origin:
            dataset_dict[ORIGIN] = origin
        return dataset_dict

    def _origin(self, dataset_ref: URIRef) -> dict[str, Any]:
        """Where a dataset comes from, for the portal harvesting it
        (``dcat/harvest.py`` takes it out before the dataset is saved): the
        region and name of the catalogue's pemda, the OPD that publishes it
        and the dataset's page at the source."""
        g = self.g
        out: dict[str, Any] = {}
        page = g.value(dataset_ref, DCAT.landingPage)
        if page is not None:
            out["halaman"] = str(page)
        for catalog in g.subjects(DCAT.dataset, dataset_ref):
            for region in g.objects(catalog, DCT.spatial):
                code = uris.code_of("wilayah", region)
                if code:
                    out["kode_wilayah"] = code
            pemda = g.value(catalog, DCT.publisher)
            names = {} if pemda is None else {
                getattr(n, "language", None): str(n) for n in g.objects(pemda, FOAF.name)}
            if names:
                out["pemda"] = names.get("id") or next(iter(names.values()))
        publisher = g.value(dataset_ref, DCT.publisher)
        if publisher is not None and g.value(publisher, FOAF.name) is not None:
            opd = {"title": str(g.value(publisher, FOAF.name)), "uri": str(publisher)}
            for key, predicate in (("kode_opd", DCT.identifier), ("singkatan", SKOS.altLabel),
                                   ("telepon", FOAF.phone), ("website", FOAF.homepage)):
                value = g.value(publisher, predicate)
                if value is not None:
                    opd[key] = str(value)
            email = g.value(publisher, FOAF.mbox)
            if email is not None:
                opd["email"] = str(email).removeprefix("mailto:")
            kind = uris.code_of("jenis_instansi", g.value(publisher, uris.SD.jenisInstansi))
            if kind:
                opd["jenis_instansi"] = kind
            out["opd"] = opd
        return out

    def _parse_resources(self, dataset_dict: dict[str, Any], fields: dict[str, Any]) -> None:
        g = self.g
        terms = lookup(g)
        for resource in dataset_dict.get("resources", []):
            node = URIRef(resource.get("distribution_ref", ""))
            for fmt in g.objects(node, DCT["format"]):
                code = (terms.by_extra("format", "eu_file_type", uris.eu_code("file-type", fmt))
                        or uris.code_of("format", fmt))
                if code:
                    resource["format"] = code
            media = uris.media_type_of(g.value(node, DCAT.mediaType)
                                       or g.value(node, DCAT.packageFormat))
            if media:
                resource["mimetype"] = media
            for language in g.objects(node, DCT.language):
                code = uris.eu_code("language", language)
                found = next((k for k, v in _LANGUAGES.items() if v == code), None)
                if found:
                    resource["language"] = found
            years = sorted(int(str(y)) for y in g.objects(node, uris.SD.tahun) if str(y).isdigit())
            if years:
                resource["tahun"] = years
            periode = g.value(node, uris.SD.periode)
            if periode is not None:
                resource["periode"] = str(periode)
            licence = self._licence_id(g.value(node, DCT.license))
            if licence:
                fields.setdefault("license_id", licence)

    def _store(self, dataset_dict: dict[str, Any], fields: dict[str, Any]) -> None:
        """Scheming sites keep the fields at the top level, others as extras."""
        extras = [e for e in dataset_dict.get("extras", []) if e["key"] not in _CONSUMED
                  and e["key"] not in fields]
        for key, value in fields.items():
            if key == "license_id" or self._schema_field(key):
                dataset_dict[key] = value
            else:
                extras.append({"key": key, "value": value if isinstance(value, str)
                               else json.dumps(value, ensure_ascii=False)})
        dataset_dict["extras"] = extras

    def _licence_id(self, node: Any) -> Optional[str]:
        if node is None:
            return None
        if isinstance(node, URIRef):
            found = uris.licence_id(node)
            if found:
                return found
            register = model.Package.get_license_register()
            return next((i for i, licence in register.items()
                         if licence.url and licence.url == str(node)), None)
        identifier = self.g.value(node, DCT.identifier)
        return str(identifier) if identifier is not None else None
