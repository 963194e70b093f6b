"""How each field of a CKAN search document is stored and matched.

Mirrors CKAN's Solr schema (``ckan/config/solr/schema.xml``): ``string``
fields match exactly, ``text`` fields through full-text search. Fields not
listed are ``string``, as Solr's ``*`` dynamic field is.
"""
from __future__ import annotations

import datetime
import re
from typing import Optional

__all__ = [
    "COLUMNS", "DATE_COLUMNS", "DAY_COLUMNS", "ARRAY_COLUMNS", "WEIGHTS", "MULTI_VALUED",
    "FACETED",
    "NOT_STORED", "is_text_field", "weight_of", "column_for_sort", "day_bounds",
]

# Fields kept in their own column of satudata_search_doc (fast filters).
COLUMNS = {
    "index_id": "index_id", "id": "id", "name": "name", "site_id": "site_id",
    "state": "state", "capacity": "capacity", "dataset_type": "dataset_type",
    "owner_org": "owner_org", "title_string": "title_string",
}
DATE_COLUMNS = {
    "metadata_created": "metadata_created",
    "metadata_modified": "metadata_modified",
    "indexed_ts": "indexed_at",
}
ARRAY_COLUMNS = {"permission_labels": "permission_labels"}
# Days (``YYYY-MM-DD``, one per document) that ranges and sorts read from a
# date column (revision 0010); they stay keyword terms too, so exact matches,
# facets and the kept counts see them as before. The schedule's thresholds
# (``schedule/sync.INDEX_FIELDS``).
DAY_COLUMNS = {
    "jadwal_jatuh_tempo": "jadwal_due",
    "jadwal_terlambat": "jadwal_overdue",
    "jadwal_sangat_terlambat": "jadwal_delinquent",
}

# Full-text weights: title above tags (and groups, organization) above the
# description above everything else, as CKAN's dismax ``qf`` ranks them.
# Fields whose terms each document also keeps in ``facet_terms`` (revision
# 0016): the facets of CKAN's API (``search.facets``' default) and of the
# portal's /dataset page (metadata/facets, quality/facet). A search that
# counts facets on these alone unnests those (14 a dataset) instead of every
# term (67).
FACETED = frozenset({"organization", "groups", "tags", "res_format", "license_id", "urusan",
                     "frekuensi", "klasifikasi_akses", "cakupan_wilayah", "tahun", "jenis_data",
                     "kualitas"})

WEIGHTS = {"title": "A", "tags": "B", "groups": "B", "organization": "B", "notes": "C"}

_TEXT_FIELDS = {
    "title", "notes", "text", "res_name", "res_description", "author",
    "maintainer", "author_email", "maintainer_email", "urls", "depends_on",
    "dependency_of", "derives_from", "has_derivation", "links_to",
    "linked_from", "child_of", "parent_of",
}
_TEXT_PREFIXES = ("extras_", "res_extras_")

MULTI_VALUED = {
    "tags", "groups", "res_name", "res_description", "res_format", "res_url",
    "res_type", "permission_labels", "text", "urls",
}
NOT_STORED = {"text", "urls", "permission_labels", "title_string"}


def is_text_field(field: str | None) -> bool:
    return field is None or field in _TEXT_FIELDS or field.startswith(_TEXT_PREFIXES)


def weight_of(field: str | None) -> str:
    """tsquery weight label restricting a match to ``field`` ('' = any)."""
    if field in (None, "text"):
        return ""
    return WEIGHTS.get(field, "D")


def column_for_sort(field: str) -> str | None:
    """The column ``field`` sorts on; a day column sorts documents without
    the day last either way (Solr's ``sortMissingLast`` string fields)."""
    if field in DAY_COLUMNS:
        return DAY_COLUMNS[field] + " {direction} NULLS LAST"
    column = COLUMNS.get(field) or DATE_COLUMNS.get(field)
    return column + " {direction}" if column else None


_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def day_bounds(field: Optional[str], low: Optional[str],
               high: Optional[str]) -> Optional[tuple[Optional[str], Optional[str]]]:
    """The bounds of a range on a day column (``*`` as None), when each is
    a valid day (``YYYY-MM-DD``) or open: then the date column, and the
    days' terms compared as text, answer as a Solr string field would."""
    if field not in DAY_COLUMNS:
        return None
    for value in (low, high):
        if value is None:
            continue
        if not _DAY_RE.match(value):
            return None
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return low, high
