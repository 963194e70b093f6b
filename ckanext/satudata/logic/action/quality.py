"""The file checks' report (``quality/``)."""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Context, DataDict, Schema, Validator

from ...quality import labels, store
from ...review import store as review_store

__all__ = ["satudata_file_check_show", "satudata_file_check_list"]


@validator_args
def _target(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


def _shown(row: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    if row is None:
        return None
    iso = (lambda v: v.isoformat() if v is not None else None)  # noqa: E731
    findings = [dict(f, message=labels.message(f, row["declared"])) for f in row["findings"]]
    return {"resource_id": row["resource_id"], "state": row["state"], "format": row["declared"],
            "detected": row["detected"], "detected_label": labels.kind_label(row["detected"] or ""),
            "flagged": row["flagged"], "valid": row["valid"], "rows": row["row_count"],
            "error_count": row["error_count"], "findings": findings,
            "queued_at": iso(row["queued_at"]), "checked_at": iso(row["checked_at"])}


def _resource(context: Context, resource_id: str) -> model.Resource:
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    return resource


def _allowed(context: Context, package_id: str, missing: str) -> None:
    """Not the OPD's nor the walidata's: as if it did not exist."""
    try:
        tk.check_access("satudata_file_check_show", context, {"id": package_id})
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(missing)


@tk.side_effect_free
@tk.validate_action_data(_target)
def satudata_file_check_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The check of a resource's uploaded file (its OPD and the walidata;
    to anyone else, as a resource that does not exist).

    :param id: the resource id
    :type id: string
    :returns: ``resource_id``, ``state`` (``pending``, ``done``, ``error``),
        ``format`` (declared), ``detected`` and ``detected_label`` (what the
        file is), ``flagged`` (not what its format says: not loaded),
        ``valid``, ``rows``, ``error_count``, ``findings`` (``code``, ``row``,
        ``column``, ``label``, ``value``, ``message``), ``queued_at``,
        ``checked_at``; ``revision``: the same for the file of a pending
        revision, or null. Not found: the file is no uploaded table.
    :rtype: dict
    """
    resource = _resource(context, data_dict["id"])
    _allowed(context, resource.package_id, tk._("Resource not found"))
    pending = review_store.revision(model.Session, resource.package_id) or {}
    key = (pending.get("uploads") or {}).get(resource.id)
    found = _shown(store.get(model.Session, resource.id))
    revision = _shown(store.get(model.Session, resource.id, key)) if key else None
    if found is None and revision is None:
        raise tk.ObjectNotFound(tk._("This resource has no checked file"))
    return dict(found or {"resource_id": resource.id}, revision=revision)


@tk.side_effect_free
@tk.validate_action_data(_target)
def satudata_file_check_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The checks of a dataset's files, its pending revision's included
    (its OPD and the walidata): what the review page shows.

    :param id: id or name of the dataset
    :type id: string
    :returns: checks as ``satudata_file_check_show`` gives them, each with
        ``name`` (the resource's) and ``in_revision`` (a revision's file)
    :rtype: list of dicts
    """
    package = model.Package.get(data_dict["id"])
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    _allowed(context, package.id, tk._("Dataset not found"))
    pending = review_store.revision(model.Session, package.id) or {}
    uploads = pending.get("uploads") or {}
    published = {r.id: r.name for r in package.resources if r.state == "active"}
    proposed = [(r["id"], r.get("name")) for r in (pending.get("data") or {}).get("resources") or []
                if r.get("id")] or list(published.items())
    checks = {(r["resource_id"], r["file_key"]): r for r in store.for_package(model.Session, package.id)}
    listed = []
    for resource_id, name in proposed:
        row = checks.get((resource_id, uploads.get(resource_id, "")))
        if row is not None:
            listed.append(dict(_shown(row), name=name or resource_id,
                               in_revision=resource_id in uploads or resource_id not in published))
    return listed
