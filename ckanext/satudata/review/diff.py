"""What changed between two shown datasets (revision review, audit log).

A resource is compared on the fields the schema gives a resource
(``schemas/dataset.yaml``'s ``resource_fields``, the file by its name):
what CKAN, the DataStore loader and the link checks write beside them
(``hash``, ``size``, ``mimetype``, ``datastore_contains_all_records_of_source_file``,
``original_url``, ``task_created`` …) is no change the OPD made, and the
published copy, loaded by the walidata's approval, always has more of them
than the pending one. Each changed resource row carries ``details``, its
changed fields one by one, which the review page shows by their labels.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

__all__ = ["changed_fields", "resource_fields", "side_by_side"]

# shown keys that follow from others or from the act of saving
_IGNORED = {"metadata_modified", "metadata_created", "revision_id", "num_resources", "num_tags",
            "organization", "relationships_as_object", "relationships_as_subject", "groups",
            "kelengkapan", "kelengkapan_kurang", "walidata", "satudata_jadwal", "satudata_status",
            "satudata_kualitas",
            "state",
            "isopen", "license_title", "license_url", "tracking_summary", "private",
            "creator_user_id", "satudata_revision", "resources", "tags"}
_RESOURCE_IGNORED = {"metadata_modified", "created", "position", "package_id", "last_modified",
                     "url", "cache_last_updated", "datastore_active", "tracking_summary"}


def _text(value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


_FIELDS: list[tuple[str, ...]] = []     # the schema's, once read


def resource_fields() -> tuple[str, ...]:
    """The schema's resource field names (empty while scheming has none
    loaded: then the stored keys less ``_RESOURCE_IGNORED`` are compared)."""
    if not _FIELDS:
        from ckanext.scheming.helpers import scheming_get_dataset_schema
        schema = scheming_get_dataset_schema("dataset") or {}
        names = tuple(f["field_name"] for f in schema.get("resource_fields") or [])
        if not names:
            return ()
        _FIELDS.append(names)
    return _FIELDS[0]


def _resource_values(resource: dict[str, Any] | None) -> dict[str, str]:
    if resource is None:
        return {}
    names = resource_fields() or tuple(k for k in resource if k not in _RESOURCE_IGNORED)
    shown = {k: _text(resource.get(k)) for k in names if k != "url"}
    # an uploaded file's URL carries the resource id; its name is what matters
    shown["url"] = str(resource.get("url") or "").rsplit("/", 1)[-1]
    return shown


def _resource_text(values: dict[str, str] | None) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values is not None else ""


def _tags(dataset: dict[str, Any]) -> str:
    return ", ".join(sorted(t.get("name", "") for t in dataset.get("tags") or []))


def side_by_side(old: dict[str, Any] | None, new: dict[str, Any],
                 new_files: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rows of ``field``, ``old`` and ``new`` text, ``changed``: fields by
    name, then ``tags``, then resources as ``resource:<name>``, with
    ``added``/``removed``, and ``new_file`` when a resource's file was
    replaced (``new_files``: their ids; same name, new content)."""
    old = old or {}
    new_files = set(new_files)
    rows = [{"field": k, "old": _text(old.get(k)), "new": _text(new.get(k))}
            for k in sorted((set(old) | set(new)) - _IGNORED)]
    rows.append({"field": "tags", "old": _tags(old), "new": _tags(new)})
    for row in rows:
        row["changed"] = row["old"] != row["new"]
    before = {r["id"]: r for r in old.get("resources") or []}
    after = {r["id"]: r for r in new.get("resources") or []}
    for rid in dict.fromkeys([*after, *before]):
        a, b = before.get(rid), after.get(rid)
        was, now = _resource_values(a), _resource_values(b)
        old_text = _resource_text(was if a is not None else None)
        new_text = _resource_text(now if b is not None else None)
        replaced = b is not None and rid in new_files
        details = [{"field": k, "old": was.get(k, ""), "new": now.get(k, "")}
                   for k in dict.fromkeys([*now, *was]) if was.get(k, "") != now.get(k, "")]
        rows.append({"field": f"resource:{(b or a or {}).get('name') or rid}",
                     "old": old_text, "new": new_text, "added": a is None, "removed": b is None,
                     "new_file": replaced, "changed": replaced or old_text != new_text,
                     "details": details})
    return rows


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any],
                   new_files: Iterable[str] = ()) -> list[str]:
    """Names of the changed fields (``side_by_side``'s order); resources
    as ``resource:<name>``, prefixed ``+``/``-`` when added/removed."""
    return [("+" if row.get("added") else "-" if row.get("removed") else "") + row["field"]
            for row in side_by_side(old, new, new_files) if row["changed"]]
