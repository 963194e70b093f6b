"""What another CKAN's harvester keeps of a dataset.

ckanext-harvest's ``ckan`` harvester copies each ``package_search`` result
and saves it through CKAN's default schema, which keeps ``extras`` and drops
the top-level fields it has no schema for: every Satu Data field would be
lost on a portal without our schema (the national portal's). Each search
result therefore also carries its Satu Data fields as extras (text; lists
and objects as JSON). On the way in (``package_create``, ``package_update``)
extras that repeat one of our schema's fields are dropped before
validation, which would refuse them: the field itself is what counts (a
search result written back, or harvested by another Satu Data portal).
"""
from __future__ import annotations

import functools
import json
from typing import Any

__all__ = ["schema_fields", "with_extras", "without_copies"]

# CKAN's own dataset fields, which every CKAN keeps
_CORE = {"title", "name", "notes", "url", "tag_string", "license_id", "owner_org", "version",
         "author", "author_email", "maintainer", "maintainer_email", "private", "id", "type"}


@functools.lru_cache(maxsize=1)
def schema_fields() -> tuple[str, ...]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema
    schema = scheming_get_dataset_schema("dataset") or {}
    return tuple(f["field_name"] for f in schema.get("dataset_fields", [])
                 if f["field_name"] not in _CORE)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def with_extras(search_results: dict[str, Any]) -> dict[str, Any]:
    fields = schema_fields()
    for dataset in search_results.get("results", []):
        extras = [e for e in dataset.get("extras") or [] if isinstance(e, dict)]
        known = {e.get("key") for e in extras}
        extras += [{"key": f, "value": _text(dataset[f])} for f in fields
                   if f not in known and dataset.get(f) not in (None, "", [], {})]
        if extras or "extras" in dataset:       # not into results asked for with ``fl``
            dataset["extras"] = extras
    return search_results


def without_copies(data_dict: dict[str, Any]) -> None:
    extras = data_dict.get("extras")
    if isinstance(extras, list):
        fields = set(schema_fields())
        data_dict["extras"] = [e for e in extras
                               if not (isinstance(e, dict) and e.get("key") in fields)]
