"""The URIs the DCAT feed uses, and their way back to codes.

Our own code lists are served as SKOS at ``{site}/vocab/<list>`` (the
concept scheme) and ``{site}/vocab/<list>/<code>`` (each concept); EU
authority tables and IANA media types are referred to by their official
URIs, reached from our codes through the columns the code lists carry
(``eu_frequency``, ``eu_access_right``, ``eu_file_type``, ``media_type``,
``eu_data_theme``). Serializer, parser and the SKOS pages all build and
read URIs here, so a URI the feed uses is one the portal answers.
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef

import ckan.plugins.toolkit as tk

__all__ = ["SD", "DCATAP", "EU", "IANA", "LICENCES", "site", "scheme", "concept", "code_of",
           "eu", "eu_code", "media_type", "media_type_of", "licence", "licence_id",
           "dataset_page", "access_page", "pemda"]

# Properties of Satu Data metadata that DCAT-AP has no term for (unit,
# presentation level, BPS statistical metadata); the vocabulary is
# described at {site}/vocab/ns on every portal.
SD = Namespace("https://w3id.org/satudata/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"

# CKAN licence ids → EU licence authority table (the DCAT-AP recommended
# vocabulary); a licence not listed keeps CKAN's own licence URL.
LICENCES = {
    "cc-by": "CC_BY_4_0",
    "cc-by-sa": "CC_BYSA_4_0",
    "cc-zero": "CC0",
    "cc-nc": "CC_BYNC_4_0",
    "gfdl": "GFDL_1_3",
    "odc-by": "ODC_BY",
    "odc-odbl": "ODC_BL",
    "odc-pddl": "ODC_PDDL",
}


def site() -> str:
    return tk.config["ckan.site_url"].rstrip("/")


def scheme(name: str) -> URIRef:
    return URIRef(f"{site()}/vocab/{name}")


def concept(name: str, code: str) -> URIRef:
    return URIRef(f"{site()}/vocab/{name}/{quote(code, safe='.')}")


def code_of(name: str, uri: object) -> Optional[str]:
    """The code of one of our concepts, from its URI on any Satu Data
    portal (a harvester reads another portal's URIs)."""
    marker = f"/vocab/{name}/"
    text = str(uri)
    if marker not in text:
        return None
    return unquote(text.rsplit(marker, 1)[1]) or None


def eu(table: str, code: str) -> URIRef:
    return URIRef(f"{EU}{table}/{code}")


def eu_code(table: str, uri: object) -> Optional[str]:
    prefix = f"{EU}{table}/"
    text = str(uri)
    return text[len(prefix):] if text.startswith(prefix) else None


def media_type(value: str) -> URIRef:
    return URIRef(IANA + value)


def media_type_of(uri: object) -> Optional[str]:
    text = str(uri)
    for prefix in (IANA, IANA.replace("https:", "http:")):
        if text.startswith(prefix):
            return text[len(prefix):]
    return None


def licence(license_id: str, license_url: Optional[str]) -> Optional[URIRef]:
    if license_id in LICENCES:
        return eu("licence", LICENCES[license_id])
    return URIRef(license_url) if license_url else None


def licence_id(uri: object) -> Optional[str]:
    code = eu_code("licence", uri)
    return next((k for k, v in LICENCES.items() if v == code), None)


def dataset_page(name: str) -> URIRef:
    return URIRef(f"{site()}/dataset/{name}")


def access_page(name: str) -> URIRef:
    """Where a Terbatas dataset is asked for, instead of its files."""
    return URIRef(f"{site()}/dataset/access/{name}")


def pemda() -> URIRef:
    """The regional government publishing the catalogue: a hash URI on the
    portal's About page, which is where a person dereferencing it lands."""
    return URIRef(f"{site()}/about#pemda")
