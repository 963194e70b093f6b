"""Access to Terbatas data by request (``access/``): ask, decide, revoke,
read the requests and the log, end what has ended.

A request the caller may not read (not theirs, not their OPD's, not for
their OPD's dataset, and they are not the walidata) is ``ObjectNotFound``,
as one that does not exist. A decision on a request that is no longer
pending (a second, simultaneous decision) is a ``ValidationError`` (409).
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy.exc
from ckan.types import Context, DataDict

from ...access import files, inputs, labels, mails, rules, store
from ...opd import members
from ...review import roles
from ...web import hidden

__all__ = ["satudata_access_request_create", "satudata_access_request_show",
           "satudata_access_request_list", "satudata_access_request_approve",
           "satudata_access_request_reject", "satudata_access_grant_revoke",
           "satudata_access_log_list", "satudata_access_expire"]

SYSTEM = "system"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    return user


def _out(row: dict[str, Any], now: datetime.datetime) -> dict[str, Any]:
    return {
        "id": row["id"], "package_id": row["package_id"], "package_name": row["package_name"],
        "package_title": row["package_title"], "owner_org": row["owner_org"],
        "owner_org_name": row["owner_org_name"], "owner_org_title": row["owner_org_title"],
        "user_name": row["user_name"], "requester": row["user_display"],
        "organization_id": row["organization_id"], "organization_name": row["organization_name"],
        "organization_title": row["organization_title"],
        "resource_ids": list(row["resource_ids"] or []),
        "all_resources": row["resource_ids"] is None,
        "keperluan": row["keperluan"], "dasar_hukum": row["dasar_hukum"],
        "berlaku_sampai_diminta": _iso(row["asked_until"]),
        "state": row["shown_state"], "state_label": labels.state_label(row["shown_state"]),
        "created": _iso(row["created"]), "age_days": (now - row["created"]).days,
        "decided": _iso(row["decided"]), "decided_by": row["decided_by"],
        "note": row["decision_note"], "berlaku_sampai": _iso(row["ends"]),
        "closed": _iso(row["closed"]), "closed_by": row["closed_by"],
        "close_note": row["close_note"],
    }


def _reads(user: model.User, row: dict[str, Any]) -> bool:
    """Whether ``user`` may read the request ``row`` (see the module)."""
    if row["user_id"] == user.id or roles.is_walidata(user.name):
        return True
    orgs = set(members.org_ids(user.name))
    return row["owner_org"] in orgs or (row["organization_id"] or "") in orgs


def _row(context: Context, request_id: str, now: datetime.datetime) -> tuple[model.User, dict]:
    user = _user(context)
    row = store.get(model.Session, request_id, now)
    if row is None or not _reads(user, row):
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return user, row


def _dataset(context: Context, ref: str) -> dict[str, Any]:
    if not hidden.visible(hidden.DATASET, ref, context):
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return tk.get_action("package_show")(tk.fresh_context(context), {"id": ref})


def _refuse(field: str, message: str) -> None:
    raise tk.ValidationError({field: [message]})


def _check_asked(user: model.User, dataset: dict[str, Any], data: DataDict) -> tuple:
    access = dataset.get("klasifikasi_akses")
    if access == rules.TERBUKA:
        _refuse("package_id", tk._("This dataset is open: its files need no request"))
    if access != rules.TERBATAS:
        _refuse("package_id", tk._("This dataset is closed (Tertutup): it is not shared"))
    if roles.sees_review(user.name, dataset.get("owner_org")):
        _refuse("package_id", tk._("You already reach this dataset's files"))
    if dataset.get("private"):
        _refuse("package_id", tk._("Only published datasets can be asked for"))
    resource_ids = data.get("resource_ids") or None
    if resource_ids:
        known = {r["id"] for r in dataset.get("resources") or []}
        unknown = [r for r in resource_ids if r not in known]
        if unknown:
            _refuse("resource_ids", tk._("Not a resource of this dataset: {ids}").format(
                ids=", ".join(unknown)[:300]))
        resource_ids = sorted(set(resource_ids))
    organization_id = None
    if data.get("organization_id"):
        org = model.Group.get(data["organization_id"])
        if org is None or not org.is_organization or org.id not in members.org_ids(user.name):
            _refuse("organization_id", tk._("You can only ask on behalf of an OPD you belong to"))
        organization_id = org.id
    return resource_ids, organization_id


@tk.validate_action_data(inputs.request_create)
def satudata_access_request_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Ask for the files of a Terbatas dataset (any logged-in user).

    :param package_id: id or name of the dataset (published, Terbatas)
    :param keperluan: the purpose (required)
    :param dasar_hukum: the legal basis, e.g. a cooperation agreement
    :param berlaku_sampai: until when (ISO 8601 date or date-time; a date is
        the end of that day in the portal's time zone), at most
        ``ckanext.satudata.access.max_days`` ahead
    :param resource_ids: only these resources (default: all)
    :param organization_id: on behalf of this OPD (one the user belongs to):
        the grant then holds for its members
    :returns: the request (as ``satudata_access_request_show``)
    """
    tk.check_access("satudata_access_request_create", context, data_dict)
    user = _user(context)
    dataset = _dataset(context, data_dict["package_id"])
    resource_ids, organization_id = _check_asked(user, dataset, data_dict)
    session = model.Session
    try:
        with session.begin_nested():
            request_id = store.create(
                session, package_id=dataset["id"], user_id=user.id,
                organization_id=organization_id, resource_ids=resource_ids,
                keperluan=data_dict["keperluan"], dasar_hukum=data_dict.get("dasar_hukum") or "",
                asked_until=data_dict["berlaku_sampai"])
    except sqlalchemy.exc.IntegrityError:
        _refuse("package_id", tk._("You already have a request for this dataset waiting "
                                   "for a decision"))
    store.add_event(session, kind="request", request_id=request_id, package_id=dataset["id"],
                    actor_id=user.id, actor_name=user.name, note=data_dict["keperluan"])
    session.commit()
    now = _now()
    mails.new_request(store.get(session, request_id, now))
    return satudata_access_request_show(tk.fresh_context(context), {"id": request_id})


@tk.side_effect_free
@tk.validate_action_data(inputs.request_target)
def satudata_access_request_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One request (its requester, their OPD, the owning OPD, the walidata).

    :param id: the request's id
    :returns: the request: ``state`` (``pending``, ``approved`` = a live
        grant, ``rejected``, ``revoked``, ``expired``), ``berlaku_sampai``
        (the grant's end, UTC), ``resources`` (id, name, format); for the
        owning OPD and the walidata also ``events`` (its log)
    """
    tk.check_access("satudata_access_request_show", context, data_dict)
    now = _now()
    user, row = _row(context, data_dict["id"], now)
    found = _out(row, now)
    package = model.Package.get(row["package_id"])
    wanted = set(row["resource_ids"] or [])
    found["resources"] = [
        {"id": r.id, "name": r.name, "format": r.format}
        for r in (package.resources if package is not None else [])
        if not wanted or r.id in wanted]
    if roles.sees_review(user.name, row["owner_org"]):
        _total, events = store.events(model.Session, user_id=user.id, everything=True,
                                      request_id=row["id"], limit=inputs.MAX_LIMIT)
        found["events"] = [_event(e) for e in events]
    return found


def _org_id(ref: str | None) -> str | None:
    if not ref:
        return None
    org = model.Group.get(ref)
    if org is None or not org.is_organization:
        _refuse("owner_org", tk._("Unknown OPD"))
    return org.id


def _package_id(ref: str | None) -> str | None:
    if not ref:
        return None
    package = model.Package.get(ref)
    return package.id if package is not None else "-"


@tk.side_effect_free
@tk.validate_action_data(inputs.request_list)
def satudata_access_request_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The requests the caller may read, pending first (oldest first).

    :param state: only these states (a list or comma-separated codes)
    :param package_id: only this dataset's (id or name)
    :param owner_org: only those for this OPD's datasets (id or name)
    :param mine: only those the caller (or their OPD) asked (default false)
    :param limit: at most this many (default 50, at most 1000)
    :param offset: skip this many
    :returns: ``count``, ``counts`` (per state) and ``results``
    """
    tk.check_access("satudata_access_request_list", context, data_dict)
    user = _user(context)
    now = _now()
    scope = {"user_id": user.id, "everything": roles.is_walidata(user.name),
             "mine": data_dict.get("mine", False),
             "package_id": _package_id(data_dict.get("package_id")),
             "owner_org": _org_id(data_dict.get("owner_org"))}
    count, rows = store.listing(model.Session, now=now, states=data_dict.get("state"),
                                limit=data_dict.get("limit", 50),
                                offset=data_dict.get("offset", 0), **scope)
    counts = store.state_counts(model.Session, now=now, **scope)
    return {"count": count, "counts": counts, "results": [_out(r, now) for r in rows]}


def _decider(user: model.User, row: dict[str, Any]) -> None:
    if row["user_id"] == user.id:
        raise tk.NotAuthorized(tk._("Nobody decides their own request"))
    if not (authz.is_sysadmin(user.name)
            or authz.users_role_for_group_or_org(row["owner_org"], user.name) == "admin"):
        raise tk.NotAuthorized(tk._("Only the admins of the dataset's OPD decide its requests"))


def _conflict() -> None:
    _refuse("id", tk._("This request has already been decided"))


def _decide(context: Context, data_dict: DataDict, state: str) -> dict[str, Any]:
    now = _now()
    user, row = _row(context, data_dict["id"], now)
    _decider(user, row)
    if row["shown_state"] != rules.PENDING:
        _conflict()
    ends = None
    if state == rules.APPROVED:
        ends = data_dict.get("berlaku_sampai") or row["asked_until"]
        if ends > row["asked_until"]:
            _refuse("berlaku_sampai", tk._("No later than the requester asked: {date}").format(
                date=labels.local(row["asked_until"])))
        if ends <= now:
            _refuse("berlaku_sampai", tk._("The end date must lie in the future"))
    note = data_dict.get("note") or ""
    session = model.Session
    if not store.decide(session, row["id"], state=state, by=user.name, note=note,
                        ends=ends, now=now):
        session.rollback()
        _conflict()
    store.add_event(session, kind="approve" if state == rules.APPROVED else "reject",
                    request_id=row["id"], package_id=row["package_id"], actor_id=user.id,
                    actor_name=user.name, note=note)
    session.commit()
    files.forget()
    mails.decided(store.get(session, row["id"], now), state, note)
    return satudata_access_request_show(tk.fresh_context(context), {"id": row["id"]})


@tk.validate_action_data(inputs.approve)
def satudata_access_request_approve(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Grant a pending request (an admin of the dataset's OPD, not the requester).

    :param id: the request's id
    :param berlaku_sampai: the grant's end, no later than asked (default: as asked)
    :param note: a note to the requester
    :returns: the request
    """
    tk.check_access("satudata_access_request_approve", context, data_dict)
    return _decide(context, data_dict, rules.APPROVED)


@tk.validate_action_data(inputs.decision_with_reason)
def satudata_access_request_reject(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Refuse a pending request, with a reason (as approve).

    :param id: the request's id
    :param note: the reason (required)
    :returns: the request
    """
    tk.check_access("satudata_access_request_reject", context, data_dict)
    return _decide(context, data_dict, rules.REJECTED)


@tk.validate_action_data(inputs.decision_with_reason)
def satudata_access_grant_revoke(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """End a live grant now, with a reason (the walidata).

    :param id: the request's (grant's) id
    :param note: the reason (required)
    :returns: the request
    """
    tk.check_access("satudata_access_grant_revoke", context, data_dict)
    now = _now()
    user, row = _row(context, data_dict["id"], now)
    if not roles.is_walidata(user.name):
        raise tk.NotAuthorized(tk._("Only the walidata revokes a grant"))
    session = model.Session
    if row["shown_state"] != rules.APPROVED or not store.revoke(
            session, row["id"], by=user.name, note=data_dict["note"], now=now):
        session.rollback()
        _refuse("id", tk._("This grant is not live"))
    store.add_event(session, kind="revoke", request_id=row["id"], package_id=row["package_id"],
                    actor_id=user.id, actor_name=user.name, note=data_dict["note"])
    session.commit()
    files.forget()
    mails.decided(store.get(session, row["id"], now), rules.REVOKED, data_dict["note"])
    return satudata_access_request_show(tk.fresh_context(context), {"id": row["id"]})


def _event(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "at": _iso(row["at"]), "kind": row["kind"],
            "kind_label": labels.kind_label(row["kind"]), "request_id": row["request_id"],
            "package_id": row["package_id"], "package_name": row["package_name"],
            "package_title": row["package_title"], "resource_id": row["resource_id"],
            "resource_name": row["resource_name"], "actor": row["actor_name"],
            "note": row["note"]}


@tk.side_effect_free
@tk.validate_action_data(inputs.log_list)
def satudata_access_log_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The access log, newest first: every request, decision, revocation,
    expiry, reminder and each grantee's download or address reveal (the
    owning OPD's members for its datasets, the walidata for all).

    :param package_id: only this dataset (id or name)
    :param request_id: only this request
    :param owner_org: only this OPD's datasets (id or name)
    :param kind: only these kinds (``request``, ``approve``, ``reject``,
        ``revoke``, ``expire``, ``remind``, ``download``, ``reveal``)
    :param limit: at most this many (default 100, at most 1000)
    :param offset: skip this many
    :returns: ``count`` and ``results`` (``at``, ``kind``, ``actor``,
        ``package_name``, ``resource_id``, ``resource_name``, ``request_id``, ``note``)
    """
    tk.check_access("satudata_access_log_list", context, data_dict)
    user = _user(context)
    everything = roles.is_walidata(user.name)
    package_id = None
    if data_dict.get("package_id"):
        package = model.Package.get(data_dict["package_id"])
        if package is None or not hidden.visible(hidden.DATASET, package.id, context):
            raise tk.ObjectNotFound(tk._("Dataset not found"))
        if not roles.sees_review(user.name, package.owner_org):
            raise tk.NotAuthorized(tk._("Only the dataset's OPD and the walidata read its log"))
        package_id = package.id
    count, rows = store.events(model.Session, user_id=user.id, everything=everything,
                               package_id=package_id, request_id=data_dict.get("request_id"),
                               owner_org=_org_id(data_dict.get("owner_org")),
                               kinds=data_dict.get("kind"), limit=data_dict.get("limit", 100),
                               offset=data_dict.get("offset", 0))
    return {"count": count, "results": [_event(r) for r in rows]}


def satudata_access_expire(context: Context, data_dict: DataDict) -> dict[str, int]:
    """Record the grants that have ended and remind holders whose grant
    ends within ``ckanext.satudata.access.remind_days`` (sysadmins; run
    daily by ``ckan satudata access expire``). A grant stops working at
    its end whether or not this has run.

    :returns: ``expired`` and ``reminded`` (grants)
    """
    tk.check_access("satudata_access_expire", context, data_dict)
    now = _now()
    session = model.Session
    ended = store.expire_ended(session, now)
    for row in ended:
        store.add_event(session, kind="expire", request_id=row["id"],
                        package_id=row["package_id"], actor_id=None, actor_name=SYSTEM)
    within = datetime.timedelta(days=tk.config["ckanext.satudata.access.remind_days"])
    due = store.to_remind(session, now, within)
    for row in due:
        store.mark_reminded(session, row["id"], now)
        store.add_event(session, kind="remind", request_id=row["id"],
                        package_id=row["package_id"], actor_id=None, actor_name=SYSTEM)
    session.commit()        # recorded first: a second run sends nothing twice
    for row in due:
        mails.ending(row)
    return {"expired": len(ended), "reminded": len(due)}


