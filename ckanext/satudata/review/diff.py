"""What changed between two shown datasets (revision review, audit log)."""
from __future__ import annotations

import json
from typing import Any, Iterable

__all__ = ["changed_fields", "side_by_side"]

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


def _resource_text(resource: dict[str, Any] | None) -> str:
    if resource is None:
        return ""
    shown = {k: _text(v) for k, v in resource.items() if k not in _RESOURCE_IGNORED}
    # an uploaded file's URL carries the resource id; its name is what matters
    shown["url"] = str(resource.get("url") or "").rsplit("/", 1)[-1]
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


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
        old_text, new_text = _resource_text(a), _resource_text(b)
        replaced = b is not None and rid in new_files
        rows.append({"field": f"resource:{(b or a or {}).get('name') or rid}",
                     "old": old_text, "new": new_text, "added": a is None, "removed": b is None,
                     "new_file": replaced, "changed": replaced or old_text != new_text})
    return rows


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any],
                   new_files: Iterable[str] = ()) -> list[str]:
    """Names of the changed fields (``side_by_side``'s order); resources
    as ``resource:<name>``, prefixed ``+``/``-`` when added/removed."""
    return [("+" if row.get("added") else "-" if row.get("removed") else "") + row["field"]
            for row in side_by_side(old, new, new_files) if row["changed"]]
