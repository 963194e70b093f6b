"""The walidata review's actions: decisions on a dataset (judged and
applied in ``review/decisions.py``), the queue and the record."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ...opd import members
from ...review import decisions, diff, labels as text, machine, roles, status, store
from .. import schema

__all__ = [
    "satudata_dataset_submit", "satudata_dataset_withdraw", "satudata_dataset_verify",
    "satudata_dataset_approve", "satudata_dataset_return", "satudata_dataset_publish",
    "satudata_dataset_unpublish", "satudata_review_list", "satudata_review_history",
    "satudata_revision_show",
]


def _decide(context: Context, data_dict: DataDict, action: str) -> dict[str, Any]:
    tk.check_access(f"satudata_dataset_{action}", context, data_dict)
    package = model.Package.get(data_dict["id"])
    if package is None or package.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    try:
        return decisions.decide(context, data_dict, action, package)
    except (tk.ValidationError, tk.NotAuthorized):
        model.Session.rollback()        # let go of the lock; nothing was written
        raise


def _decision_doc(summary: str) -> str:
    return summary + """

    :param id: id or name of the dataset
    :type id: string
    :param note: a note for the OPD / the walidata
    :type note: string
    :returns: ``id``, ``name``, ``title``, ``owner_org``, ``state`` (draft,
        submitted, verified, returned, approved, published, unpublished) and
        ``revision`` (the state of a published dataset's pending revision, or null)
    :rtype: dict
    """


def _decision_action(action: str, summary: str, extra: str = "") -> Action:
    """The action for one review step: ``satudata_dataset_<action>``."""
    def run(context: Context, data_dict: DataDict) -> dict[str, Any]:
        return _decide(context, data_dict, action)
    run.__name__ = run.__qualname__ = f"satudata_dataset_{action}"
    run.__doc__ = _decision_doc(summary) + extra
    return tk.validate_action_data(schema.review_decision)(run)


satudata_dataset_submit = _decision_action(
    "submit", "Hand a draft, returned or taken-down dataset (or a published dataset's "
    "revision) to the walidata.")
satudata_dataset_withdraw = _decision_action(
    "withdraw", "Take a submission back to draft (the OPD), to edit it again.")
satudata_dataset_verify = _decision_action(
    "verify", "The Walidata Pendukung's check inside the OPD (only when "
    "``ckanext.satudata.workflow.walidata_pendukung`` is on).")
satudata_dataset_approve = _decision_action(
    "approve", "Approve a submission (walidata; not one's own). An approved revision "
    "replaces the published version at once.", """
    :param publish: publish it at once (default false)
    :type publish: bool
    """)
satudata_dataset_return = _decision_action(
    "return", "Return a submission to the OPD; ``note`` (what to fix) is required.")
satudata_dataset_publish = _decision_action(
    "publish", "Make an approved dataset public (never a Tertutup one).")
satudata_dataset_unpublish = _decision_action(
    "unpublish", "Take a published dataset down; ``note`` (the reason) is required.")


@tk.side_effect_free
@tk.validate_action_data(schema.review_list)
def satudata_review_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The review queue (walidata) or one's own OPDs' datasets (``mine``).

    :param state: states to list (default: submitted and verified; a list or
        comma-separated; matches a published dataset's revision state too)
    :type state: list of strings
    :param owner_org: only this OPD (id or name)
    :type owner_org: string
    :param older_than: only what has waited at least this many days
    :type older_than: int
    :param mine: the datasets of the OPDs the user belongs to, in every
        state unless ``state`` is given (default false; the walidata's queue
        covers every OPD)
    :type mine: bool
    :param limit: at most this many (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``count``, ``counts`` (per state, over the same OPDs, whatever
        their age) and
        ``results``: ``id``, ``name``, ``title``, ``owner_org``,
        ``organization`` (title), ``state``, ``revision``, ``since`` (last
        decision), ``waiting_days``, ``kelengkapan``, ``last_note``
    :rtype: dict
    """
    tk.check_access("satudata_review_list", context, data_dict)
    user = context.get("user") or ""
    mine = data_dict.get("mine") or not roles.is_walidata(user)
    org_ids = members.org_ids(user) if mine else None
    if data_dict.get("owner_org"):
        org = model.Group.get(data_dict["owner_org"])
        if org is None or (org_ids is not None and org.id not in org_ids):
            raise tk.ValidationError({"owner_org": [tk._("Unknown OPD")]})
        org_ids = [org.id]
    default = list(machine.STATES) if mine else [machine.SUBMITTED, machine.VERIFIED]
    # drafts are the OPD's own until submitted, as everywhere else
    shown_states = machine.STATES if mine else tuple(s for s in machine.STATES if s != machine.DRAFT)
    states = [s for s in data_dict.get("state") or default if s in shown_states]
    older = None
    if data_dict.get("older_than") is not None:
        older = datetime.datetime.utcnow() - datetime.timedelta(days=data_dict["older_than"])
    session = model.Session
    count, rows = store.queue(session, states=states, org_ids=org_ids, older_than=older,
                               limit=data_dict.get("limit", 50),
                               offset=data_dict.get("offset", 0))
    counts = store.state_counts(session, states=list(shown_states), org_ids=org_ids)
    show = tk.get_action("package_show")
    now = datetime.datetime.utcnow()
    results = []
    for row in rows:
        dataset = show(tk.fresh_context(context, ignore_auth=True), {"id": row["id"]})
        results.append({
            "id": dataset["id"], "name": dataset["name"], "title": dataset["title"],
            "owner_org": dataset["owner_org"],
            "organization": (dataset.get("organization") or {}).get("title"),
            "state": dataset.get("satudata_status"), "revision": row["revision_state"],
            "since": row["since"].isoformat(), "waiting_days": (now - row["since"]).days,
            "kelengkapan": dataset.get("kelengkapan"), "last_note": row["last_note"]})
    return {"count": count, "counts": counts, "results": results}


def _history_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in entry.items() if k != "created"},
            "created": entry["created"].isoformat(),
            "from_label": text.state_label(entry["from_state"]),
            "to_label": text.state_label(entry["to_state"])}


@tk.side_effect_free
@tk.validate_action_data(schema.review_target)
def satudata_review_history(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A dataset's review record (its OPD and the walidata).

    :param id: id or name of the dataset
    :type id: string
    :returns: ``state``, ``revision`` (state of a pending revision or null)
        and ``decisions``, oldest first: ``created`` (UTC), ``actor_name``,
        ``action``, ``from_state``, ``to_state``, ``revision`` (a decision on
        a revision), ``note``, ``changes`` (changed fields)
    :rtype: dict
    """
    tk.check_access("satudata_review_history", context, data_dict)
    found = status.summary(data_dict["id"])       # the auth function found the dataset
    return {**{k: found[k] for k in ("id", "name", "state", "revision")},
            "decisions": [_history_entry(e) for e in store.history(model.Session, found["id"])]}


@tk.side_effect_free
@tk.validate_action_data(schema.review_target)
def satudata_revision_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The pending revision of a published dataset (its OPD and the walidata).

    :param id: id or name of the dataset
    :type id: string
    :returns: ``state``, ``updated``, ``dataset`` (the revision as
        package_show would show it), ``changes`` (changed fields) and
        ``diff`` (rows of ``field``, ``old``, ``new``, ``changed``)
    :rtype: dict
    """
    tk.check_access("satudata_revision_show", context, data_dict)
    package = model.Package.get(data_dict["id"])
    assert package is not None
    pending = store.revision(model.Session, package.id)
    if pending is None:
        raise tk.ObjectNotFound(tk._("This dataset has no pending revision"))
    published = tk.get_action("package_show")(
        tk.fresh_context(context, ignore_auth=True, use_cache=False), {"id": package.id})
    return {"state": pending["state"], "updated": pending["updated"].isoformat(),
            "dataset": pending["data"],
            "changes": diff.changed_fields(published, pending["data"], pending["uploads"]),
            "diff": diff.side_by_side(published, pending["data"], pending["uploads"])}
