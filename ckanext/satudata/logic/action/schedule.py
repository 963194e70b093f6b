"""The update schedule's actions: a dataset's schedule, the lists of what
is due or late, and the OPD's "still current" confirmation and planned
release (``schedule/``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...opd import members
from ...review import roles
from ...schedule import inputs, labels, reminders, rules, store, sync

__all__ = ["satudata_schedule_show", "satudata_schedule_list",
           "satudata_dataset_confirm_current", "satudata_schedule_plan",
           "satudata_schedule_remind"]


def _package(data_dict: DataDict) -> model.Package:
    package = model.Package.get(data_dict.get("id") or "")
    if package is None or package.state != "active" or package.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    iso = (lambda v: v.isoformat() if v is not None else None)  # noqa: E731
    return {"id": row["package_id"], "name": row["name"], "title": row["title"],
            "owner_org": row["owner_org"], "organization": row["organization"],
            "frekuensi": row["frekuensi"], "last_update": iso(row["last_update"]),
            "next_due": iso(row["due"]), "overdue_from": iso(row["overdue"]),
            "delinquent_from": iso(row["delinquent"]), "planned": iso(row["planned"]),
            "status": row["status"], "status_label": labels.status_label(row["status"]),
            "org_name": row["org_name"]}


@tk.side_effect_free
@tk.validate_action_data(inputs.schedule_target)
def satudata_schedule_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A dataset's update schedule (whoever may see the dataset).

    :param id: id or name of the dataset
    :type id: string
    :returns: ``id``, ``name``, ``frekuensi``, ``last_update``, ``next_due``,
        ``overdue_from``, ``delinquent_from`` (UTC), ``planned`` (the OPD's
        planned release date or null), ``status`` (``mutakhir``,
        ``jatuh_tempo``, ``terlambat``, ``sangat_terlambat``,
        ``tidak_berkala``), ``status_label``; for the OPD and the walidata
        also ``confirmations`` (newest first: ``actor_name``, ``created``, ``note``)
    :rtype: dict
    """
    tk.check_access("satudata_schedule_show", context, data_dict)
    dataset = tk.get_action("package_show")(tk.fresh_context(context), {"id": data_dict["id"]})
    jadwal = dataset["satudata_jadwal"]
    found = {"id": dataset["id"], "name": dataset["name"], **jadwal,
             "status_label": labels.status_label(jadwal["status"])}
    if roles.sees_review(context.get("user"), dataset.get("owner_org")):
        found["confirmations"] = [
            {**c, "created": c["created"].isoformat(),
             "planned": c["planned"].isoformat() if c["planned"] else None}
            for c in store.confirmations(model.Session, dataset["id"])]
    return found


@tk.side_effect_free
@tk.validate_action_data(inputs.schedule_list)
def satudata_schedule_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Published datasets with their schedule, earliest due first (ad hoc last).

    :param owner_org: only this OPD (id or name)
    :type owner_org: string
    :param status: only these statuses (a list or comma-separated codes)
    :type status: list of strings
    :param due_before: only what falls due before this date (YYYY-MM-DD)
    :type due_before: string
    :param urusan: only datasets of this urusan (sector code)
    :type urusan: string
    :param mine: only the OPDs the user belongs to (default false)
    :type mine: bool
    :param sort: ``due`` (earliest due first, the default) or ``opd`` (by
        OPD title, then due)
    :type sort: string
    :param limit: at most this many (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``count``, ``counts`` (per status over the same OPDs) and
        ``results``: ``id``, ``name``, ``title``, ``owner_org``,
        ``organization``, ``frekuensi``, ``last_update``, ``next_due``,
        ``overdue_from``, ``delinquent_from``, ``planned``, ``status``, ``status_label``
    :rtype: dict
    """
    tk.check_access("satudata_schedule_list", context, data_dict)
    org_ids = members.org_ids(context.get("user") or "") if data_dict.get("mine") else None
    if data_dict.get("owner_org"):
        org = model.Group.get(data_dict["owner_org"])
        if org is None or not org.is_organization or (org_ids is not None and org.id not in org_ids):
            raise tk.ValidationError({"owner_org": [tk._("Unknown OPD")]})
        org_ids = [org.id]
    due_before = data_dict.get("due_before")
    now = datetime.datetime.utcnow()
    count, rows = store.listing(
        model.Session, now=now, org_ids=org_ids, statuses=data_dict.get("status"),
        due_before=datetime.datetime.combine(due_before, datetime.time()) if due_before else None,
        urusan=data_dict.get("urusan"), published_only=True, order=data_dict.get("sort", "due"),
        limit=data_dict.get("limit", 50), offset=data_dict.get("offset", 0))
    counts = store.status_counts(model.Session, now=now, org_ids=org_ids, published_only=True)
    return {"count": count, "counts": counts, "results": [_entry(r) for r in rows]}


def _reindex(package_id: str) -> None:
    """The dataset's search document (and schedule row) written again."""
    search.rebuild(package_id, defer_commit=True)


def _keep(package: model.Package, *, confirmed: datetime.datetime | None,
          planned: datetime.date | None, set_planned: bool) -> None:
    session = model.Session
    kept = store.row(session, package.id)
    if kept is None:            # never indexed yet: indexing writes the row
        _reindex(package.id)
        kept = store.row(session, package.id) or {}
    dataset = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False},
                                            {"id": package.id})
    confirmed = confirmed or kept.get("confirmed")
    planned = planned if set_planned else kept.get("planned")
    schedule = rules.compute(dataset.get("frekuensi"), sync.data_updated(dataset),
                             confirmed, planned)
    store.save(session, package.id, package.owner_org, sync.is_published(dataset), schedule,
               sync.data_updated(dataset), confirmed)
    _reindex(package.id)


@tk.validate_action_data(inputs.confirm_current)
def satudata_dataset_confirm_current(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """"Masih mutakhir": the OPD confirms that the dataset is still current,
    which restarts its clock without a new file (kept on record).

    :param id: id or name of the dataset
    :type id: string
    :param note: why it is still current (required)
    :type note: string
    :param planned: the planned date of the next release (YYYY-MM-DD, optional)
    :type planned: string
    :returns: the dataset's schedule (as ``satudata_schedule_show``)
    :rtype: dict
    """
    tk.check_access("satudata_dataset_confirm_current", context, data_dict)
    package = _package(data_dict)
    user = model.User.get(context.get("user") or "")
    now = datetime.datetime.utcnow()
    store.confirm(model.Session, package.id, actor_id=user.id if user else None,
                  actor_name=user.name if user else (context.get("user") or ""),
                  note=data_dict["note"], planned=data_dict.get("planned"), now=now)
    _keep(package, confirmed=now, planned=data_dict.get("planned"),
          set_planned="planned" in data_dict)
    model.repo.commit()
    return tk.get_action("satudata_schedule_show")(tk.fresh_context(context), {"id": package.id})


@tk.validate_action_data(inputs.schedule_plan)
def satudata_schedule_plan(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Set (or, without ``planned``, clear) the planned date of a dataset's
    next release, which then decides when it falls due.

    :param id: id or name of the dataset
    :type id: string
    :param planned: the date (YYYY-MM-DD), from today to ten years ahead
    :type planned: string
    :returns: the dataset's schedule (as ``satudata_schedule_show``)
    :rtype: dict
    """
    tk.check_access("satudata_schedule_plan", context, data_dict)
    package = _package(data_dict)
    _keep(package, confirmed=None, planned=data_dict.get("planned"), set_planned=True)
    model.repo.commit()
    return tk.get_action("satudata_schedule_show")(tk.fresh_context(context), {"id": package.id})


def satudata_schedule_remind(context: Context, data_dict: DataDict) -> dict[str, int]:
    """Mail what fell due to the OPD's editors, what is overdue to its
    admins and what is delinquent to the walidata, once per dataset and
    stage (sysadmins; run daily by ``ckan satudata schedule remind``).

    :returns: datasets newly announced per stage (``jatuh_tempo``,
        ``terlambat``, ``sangat_terlambat``) and ``mails`` (mails sent)
    :rtype: dict
    """
    tk.check_access("satudata_schedule_remind", context, data_dict)
    return reminders.remind()
