"""The ``satudata`` profile's distributions (a mixin of
:class:`~.profiles.SatuDataProfile`): formats and media types as EU and
IANA URIs, languages, the licence, availability, years and period, and the
addresses (a Terbatas dataset's: where to ask for it, never a file)."""
from __future__ import annotations

from typing import Any, Optional

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

import ckan.model as model
from ckan.lib.helpers import resource_formats
from flask_babel import force_locale
from ckanext.dcat.profiles import DCAT, DCT
from ckanext.dcat.utils import resource_uri

from ..helpers import satudata_as_list
from . import uris
from .parse import _LANGUAGES
from .terms import lookup

__all__ = ["SatuDataDistributions"]

_STABLE = URIRef(uris.EU + "planned-availability/STABLE")


def _years(value: Any) -> list[int]:
    """A shown dataset's or resource's years (scheming's output validator made them a list)."""
    return sorted({int(v) for v in satudata_as_list(value)})


def _licence_title(license_id: str) -> Optional[str]:
    """CKAN's English title of a registered licence: what ckanext-dcat's
    parser compares with its register, whose titles are English wherever
    no visitor's language is set (a harvest job). Never the requesting
    visitor's language: the feed's parts are kept and served to everyone."""
    register = model.Package.get_license_register()
    if license_id not in register:
        return None
    with force_locale("en"):
        return str(register[license_id].title)



class SatuDataDistributions:
    """Needs ``self.g`` and ``self._typed`` (the profile's)."""

    g: Any
    _typed: Any

    def _distributions(self, dataset_dict: dict[str, Any], dataset_ref: URIRef, access: Any) -> None:
        g = self.g
        terms = lookup(g)
        restricted = access == "terbatas"
        licence = self._licence(dataset_dict)
        if licence is not None:
            # DCAT-AP 3 licenses distributions; W3C DCAT allows any dcat:Resource
            # a licence, which keeps it for a dataset with no distribution yet
            self._typed(dataset_ref, DCT.license, licence, DCT.LicenseDocument)
        for resource in dataset_dict.get("resources", []):
            node = URIRef(resource_uri(resource))
            for predicate in (DCT["format"], DCAT.mediaType, DCAT.packageFormat, DCT.language,
                              DCT.license):
                for obj in list(g.objects(node, predicate)):
                    g.remove((node, predicate, obj))
            fmt = terms.term("format", resource.get("format"))
            if fmt is not None:
                if fmt.extra.get("eu_file_type"):
                    self._typed(node, DCT["format"], uris.eu("file-type", fmt.extra["eu_file_type"]),
                                DCT.MediaTypeOrExtent)
                else:
                    self._typed(node, DCT["format"], uris.concept("format", fmt.code),
                                DCT.MediaTypeOrExtent)
                if fmt.extra.get("media_type"):
                    self._media_type(node, fmt.code, fmt.extra["media_type"])
            elif resource.get("format"):
                g.add((node, DCT["format"], Literal(resource["format"])))
            language = _LANGUAGES.get(resource.get("language") or "")
            if language:
                self._typed(node, DCT.language, uris.eu("language", language), DCT.LinguisticSystem)
                # the dataset is in the languages of its distributions
                self._typed(dataset_ref, DCT.language, uris.eu("language", language),
                            DCT.LinguisticSystem)
            if licence is not None:
                self._typed(node, DCT.license, licence, DCT.LicenseDocument)
            self._typed(node, uris.DCATAP.availability, _STABLE, SKOS.Concept)
            g.add((_STABLE, SKOS.prefLabel, Literal("stable", lang="en")))
            for year in _years(resource.get("tahun")):
                g.add((node, uris.SD.tahun, Literal(str(year), datatype=XSD.gYear)))
            if resource.get("periode"):
                g.add((node, uris.SD.periode, Literal(resource["periode"])))
            for predicate in (DCAT.accessURL, DCAT.downloadURL):
                for obj in list(g.objects(node, predicate)):
                    g.remove((node, predicate, obj))
            if restricted:
                # the files are not the public's: the way to ask for them is
                self._typed(node, DCAT.accessURL, uris.access_page(dataset_dict["name"]),
                            RDFS.Resource)
                g.add((node, DCT.rights, self._restricted_statement()))
            elif resource.get("url"):
                url = URIRef(resource["url"])
                self._typed(node, DCAT.accessURL, url, RDFS.Resource)
                if resource.get("url_type") == "upload":
                    g.add((node, DCAT.downloadURL, url))

    def _media_type(self, node: URIRef, code: str, media_type: str) -> None:
        """The media type, labelled: the stock parser reads the label and
        maps it to CKAN's format name ("text/csv" → "CSV"). A file whose
        media type CKAN calls another format (a shapefile is
        application/zip) is that type's package: ``dcat:packageFormat``."""
        media = uris.media_type(media_type)
        known = resource_formats().get(media_type.lower())
        packaged = known is not None and known[1].lower() != code.lower()
        self._typed(node, DCAT.packageFormat if packaged else DCAT.mediaType, media, DCT.MediaType)
        if known is not None:
            self.g.add((media, RDFS.label, Literal(media_type)))

    def _licence(self, dataset_dict: dict[str, Any]) -> Any:
        """The EU licence, else CKAN's licence URL, else a licence document
        carrying CKAN's licence id (``other-open`` has no URL). Each carries
        CKAN's English licence title: ckanext-dcat's stock parser knows a
        licence by its register URL or by that title, and no EU licence URI."""
        license_id = dataset_dict.get("license_id") or ""
        found = uris.licence(license_id, dataset_dict.get("license_url"))
        if found is None and license_id:
            found = BNode()
            self.g.add((found, DCT.identifier, Literal(license_id)))
        title = _licence_title(license_id) or dataset_dict.get("license_title")
        if found is not None and title:
            self.g.add((found, DCT.title, Literal(title, lang="en")))
        return found

    def _restricted_statement(self) -> URIRef:
        node = uris.eu("access-right", "RESTRICTED")
        self.g.add((node, RDF.type, DCT.RightsStatement))
        return node
