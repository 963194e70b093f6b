"""What changed between two shown datasets (revision review, audit log)."""
from __future__ import annotations

import json
from typing import Any, Iterable

__all__ = ["changed_fields", "side_by_side"]

# shown keys that follow from others or from the act of saving
_IGNORED = {"metadata_modified", "metadata_created", "revision_id", "num_resources", "num_tags",
            "organization", "relationships_as_object", "relationships_as_subject", "groups",
            "kelengkapan", "kelengkapan_kurang", "walidata", "satudata_status", "state",
            "isopen", "license_title", "license_url", "tracking_summary", "private",
            "creator_user_id", "satudata_revision"}
_RESOURCE_IGNORED = {"metadata_modified", "created", "position", "package_id", "last_modified",
                     "url", "cache_last_updated", "datastore_active", "tracking_summary"}


_FILE_REPLACED = "(+ file)"


def _text(value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _resource_view(resource: dict[str, Any]) -> dict[str, str]:
    shown = {k: _text(v) for k, v in resource.items() if k not in _RESOURCE_IGNORED}
    # an uploaded file's URL carries the resource id; its name is what matters
    shown["url"] = str(resource.get("url") or "").rsplit("/", 1)[-1]
    return shown


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any],
                   new_files: Iterable[str] = ()) -> list[str]:
    """Names of the changed fields; resources as ``resource:<name>`` with
    ``+``/``-`` for added/removed ones. ``new_files``: ids of resources
    whose file was replaced (same name, new content)."""
    new_files = set(new_files)
    old = old or {}
    keys = sorted((set(old) | set(new)) - _IGNORED - {"resources", "tags"})
    changed = [k for k in keys if _text(old.get(k)) != _text(new.get(k))]
    if sorted(t.get("name", "") for t in old.get("tags") or []) != \
            sorted(t.get("name", "") for t in new.get("tags") or []):
        changed.append("tags")
    before = {r["id"]: r for r in old.get("resources") or []}
    after = {r["id"]: r for r in new.get("resources") or []}
    for rid, resource in after.items():
        if rid not in before:
            changed.append(f"+resource:{resource.get('name') or rid}")
        elif rid in new_files or _resource_view(before[rid]) != _resource_view(resource):
            changed.append(f"resource:{resource.get('name') or rid}")
    changed.extend(f"-resource:{r.get('name') or rid}" for rid, r in before.items() if rid not in after)
    return changed


def side_by_side(old: dict[str, Any], new: dict[str, Any],
                 new_files: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rows of (field, old text, new text, changed) for the review page."""
    new_files = set(new_files)
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in _IGNORED | {"resources", "tags"}]
    rows = [{"field": k, "old": _text(old.get(k)), "new": _text(new.get(k)),
             "changed": _text(old.get(k)) != _text(new.get(k))} for k in keys]
    tags = (", ".join(sorted(t.get("name", "") for t in d.get("tags") or [])) for d in (old, new))
    old_tags, new_tags = tags
    rows.append({"field": "tags", "old": old_tags, "new": new_tags, "changed": old_tags != new_tags})
    before = {r["id"]: r for r in old.get("resources") or []}
    after = {r["id"]: r for r in new.get("resources") or []}
    for rid in dict.fromkeys([*before, *after]):
        a, b = before.get(rid), after.get(rid)
        name = (b or a or {}).get("name") or rid
        old_text = json.dumps(_resource_view(a), ensure_ascii=False, sort_keys=True) if a else ""
        new_text = json.dumps(_resource_view(b), ensure_ascii=False, sort_keys=True) if b else ""
        if rid in new_files and b:
            new_text += " " + _FILE_REPLACED
        rows.append({"field": f"resource:{name}", "old": old_text, "new": new_text,
                     "changed": old_text != new_text})
    return rows
