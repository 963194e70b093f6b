"""How each field of a CKAN search document is stored and matched.

Mirrors CKAN's Solr schema (``ckan/config/solr/schema.xml``): ``string``
fields match exactly, ``text`` fields through full-text search. Fields not
listed are ``string``, as Solr's ``*`` dynamic field is.
"""
from __future__ import annotations

__all__ = [
    "COLUMNS", "DATE_COLUMNS", "ARRAY_COLUMNS", "WEIGHTS", "MULTI_VALUED",
    "NOT_STORED", "is_text_field", "weight_of", "column_for_sort",
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

# Full-text weights: title above tags (and groups, organization) above the
# description above everything else, as CKAN's dismax ``qf`` ranks them.
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
    return COLUMNS.get(field) or DATE_COLUMNS.get(field)
