"""The quality of datasets (``quality/``): the file checks' report, the
quality score, the link checks."""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Context, DataDict, Schema, Validator

from ...opd import members
from ...quality import criteria, labels, link_store, scores, store
from ...review import roles, store as review_store

__all__ = ["satudata_file_check_show", "satudata_file_check_list", "satudata_quality_show",
           "satudata_link_check_show", "satudata_link_check_list"]


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


@tk.side_effect_free
@tk.validate_action_data(_target)
def satudata_quality_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A dataset's quality score (anyone who can see the dataset), every
    criterion with its points and what is missing; the README lists them.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``package_id``, ``points``, ``max_points``, ``percent``,
        ``rating`` (``sangat_baik``, ``baik``, ``cukup``, ``kurang``) and
        ``rating_label``, ``scored_at``, ``dimensions`` (``code``, ``label``,
        ``points``, ``of``) and ``criteria`` (``code``, ``label``,
        ``dimension``, ``points``, ``of``; for the dataset's OPD and the
        walidata also ``missing``: field names or resource ids, and ``fix``:
        what to do; empty for anyone else and when nothing is missing)
    :rtype: dict
    """
    dataset = tk.get_action("package_show")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"id": data_dict["id"]})
    if dataset.get("type") != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    status = (dataset.get("satudata_jadwal") or {}).get("status")
    row = scores.kept(dataset["id"])
    if row is None:         # not indexed yet: as it would be scored now
        result = criteria.score(dataset, link_store.for_package(model.Session, dataset["id"]), status)
    else:
        result = criteria.with_status(row, status, dataset.get("frekuensi"))
    names = {r["id"]: r.get("name") or r["id"] for r in dataset.get("resources") or []}
    shown = [dict(c, label=labels.criterion_label(c["code"]), fix=labels.fix(c, names))
             for c in result["criteria"]]
    if not roles.sees_review(context.get("user"), dataset.get("owner_org")):
        for c in shown:     # which files fail their link check is the OPD's and the walidata's
            c["missing"], c["fix"] = [], ""
    dimensions = [{"code": d, "label": labels.dimension_label(d),
                   "points": sum(c["points"] for c in shown if c["dimension"] == d),
                   "of": sum(c["of"] for c in shown if c["dimension"] == d)}
                  for d in criteria.DIMENSIONS]
    return {"package_id": dataset["id"], "points": result["points"],
            "max_points": result["max_points"],
            "percent": round(100 * result["points"] / result["max_points"]),
            "rating": result["rating"], "rating_label": labels.rating_label(result["rating"]),
            "scored_at": row["scored_at"].isoformat() if row else None,
            "dimensions": dimensions, "criteria": shown}


def _link_shown(row: dict[str, Any]) -> dict[str, Any]:
    iso = (lambda v: v.isoformat() if v is not None else None)  # noqa: E731
    return {"resource_id": row["resource_id"], "package_id": row["package_id"],
            "url": row["url"], "upload": row["upload"], "state": row["state"],
            "broken": row["state"] != "ok", "status_code": row["status_code"],
            "reason": row["reason"], "reason_label": labels.link_reason(row["reason"]),
            "media_type": row["media_type"], "size": row["size"], "detected": row["detected"],
            "format_ok": row["format_ok"], "failures": row["failures"],
            "checked_at": iso(row["checked_at"]), "next_check_at": iso(row["next_check_at"]),
            **{k: row[k] for k in ("resource_name", "package_name", "package_title", "owner_org")
               if k in row}}


@tk.side_effect_free
@tk.validate_action_data(_target)
def satudata_link_check_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The last check of a resource's link or uploaded file (its OPD and
    the walidata; to anyone else, as a resource that does not exist).

    :param id: the resource id
    :type id: string
    :returns: ``resource_id``, ``package_id``, ``url``, ``upload``, ``state``
        (``ok``, ``broken``: an HTTP error, ``error``: unreachable or
        refused), ``broken``, ``status_code``, ``reason`` and
        ``reason_label``, ``media_type``, ``size``, ``detected`` (what the
        first bytes are), ``format_ok`` (they match the declared format),
        ``failures`` (in a row), ``checked_at``, ``next_check_at``
    :rtype: dict
    """
    resource = _resource(context, data_dict["id"])
    _allowed(context, resource.package_id, tk._("Resource not found"))
    row = link_store.get(model.Session, resource.id)
    if row is None:
        raise tk.ObjectNotFound(tk._("This resource has not been checked yet"))
    return _link_shown(row)


@validator_args
def _link_list(ignore_missing: Validator, unicode_safe: Validator,
               natural_number_validator: Validator, is_positive_integer: Validator) -> Schema:
    number = tk.get_validator("satudata_given_number")
    return {"owner_org": [ignore_missing, unicode_safe],
            "broken": [ignore_missing, tk.get_validator("satudata_strict_boolean")],
            "limit": [ignore_missing, number, is_positive_integer,
                      tk.get_validator("satudata_page_limit")],
            "offset": [ignore_missing, number, natural_number_validator,
                       tk.get_validator("satudata_max_offset")]}


@tk.side_effect_free
@tk.validate_action_data(_link_list)
def satudata_link_check_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Link checks of the OPDs the user belongs to (the walidata: every OPD),
    those not working first.

    :param owner_org: only this OPD (id or name)
    :type owner_org: string
    :param broken: only the broken ones (true) or only those that work (false)
    :type broken: bool
    :param limit: at most this many (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``count`` and ``results``, each as ``satudata_link_check_show``
        gives it, with ``resource_name``, ``package_name``, ``package_title``
        and ``owner_org``
    :rtype: dict
    """
    tk.check_access("satudata_link_check_list", context, data_dict)
    user = context.get("user") or ""
    org_ids = None if roles.is_walidata(user) else members.org_ids(user)
    if data_dict.get("owner_org"):
        group = model.Group.get(data_dict["owner_org"])
        if group is None or not group.is_organization or group.state != "active" \
                or (org_ids is not None and group.id not in org_ids):
            raise tk.ValidationError({"owner_org": [tk._("Unknown OPD")]})
        org_ids = [group.id]
    total, rows = link_store.listed(model.Session, org_ids, data_dict.get("broken"),
                                    data_dict.get("limit", 50), data_dict.get("offset", 0))
    return {"count": total, "results": [_link_shown(r) for r in rows]}
