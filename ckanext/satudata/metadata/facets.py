"""The /dataset facets and their labels.

Facet values are codes (``1.02``, ``36.04.05``); ``label`` turns them into
names in the reader's language before the page (or an API client) sees
them, with one query per code list.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import lang
from ..vocab import store

__all__ = ["dataset_facets", "label"]

# facet field -> code list whose labels it shows
_VOCABULARY = {"urusan": "urusan", "frekuensi": "frekuensi", "klasifikasi_akses": "klasifikasi_akses",
               "cakupan_wilayah": "wilayah", "jenis_data": "jenis_data"}


def dataset_facets() -> dict[str, str]:
    """Facet fields in the order the page shows them, with translated titles."""
    return {
        "organization": tk._("Agency (OPD)"),
        "urusan": tk._("Sector"),
        "frekuensi": tk._("Update frequency"),
        "klasifikasi_akses": tk._("Access classification"),
        "cakupan_wilayah": tk._("Area"),
        "tahun": tk._("Year"),
        "jenis_data": tk._("Kind of data"),
        "res_format": tk._("Format"),
        "tags": tk._("Keywords"),
    }


def label(search_results: dict[str, Any]) -> dict[str, Any]:
    """Give coded facet items their names (``display_name``)."""
    language = lang.current()
    facets = search_results.get("search_facets") or {}
    for field, vocabulary in _VOCABULARY.items():
        items = (facets.get(field) or {}).get("items") or []
        found = store.terms(model.Session, vocabulary, (i["name"] for i in items))
        for item in items:
            term = found.get(item["name"])
            if term is not None:
                item["display_name"] = term.label(language)
    return search_results
