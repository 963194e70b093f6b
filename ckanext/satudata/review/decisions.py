"""A walidata's or OPD's decision on a dataset, judged and applied.

Every decision locks the dataset row first, so two decisions on one
dataset run one after the other and the second is judged against the
state the first left (and refused with the state it found). The log row
and the dataset change share one transaction. The actions in
``logic/action/review.py`` check access and call :func:`decide`.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from . import diff, labels as text, machine, permissions, revisions, status, store

__all__ = ["decide"]


def _invalid(error: machine.InvalidTransition) -> tk.ValidationError:
    if error.revision is not None:
        message = tk._("Its revision is {state}: this step does not apply now").format(
            state=text.state_label(error.revision).lower())
    elif error.state == machine.PUBLISHED and error.action in ("submit", "withdraw"):
        message = tk._("The dataset is published and has no revision to {step}").format(
            step=text.step(error.action))
    else:
        message = tk._("The dataset is {state}: it cannot be {done} now").format(
            state=text.state_label(error.state).lower(), done=text.done(error.action))
    return tk.ValidationError({"satudata_status": [message]})


def _denied(error: machine.NotPermitted) -> tk.NotAuthorized:
    if error.reason == "own":
        return tk.NotAuthorized(tk._("You submitted this dataset: another walidata must decide on it"))
    return tk.NotAuthorized(tk._("You are not allowed to do this with this dataset"))


def decide(context: Context, data_dict: DataDict, action: str,
           package: model.Package) -> dict[str, Any]:
    """Take ``action`` (and ``publish`` after an approve asked to) on
    ``package``: judged, logged and applied in one transaction, under the
    dataset's row lock. Returns the dataset's status afterwards."""
    session = model.Session
    store.lock_dataset(session, package.id)
    session.refresh(package)           # another decision may have committed meanwhile
    where = status.situation(package, context.get("user"), for_update=True)
    user, pending, submission = where.user, where.pending, where.submission
    note = (data_dict.get("note") or "").strip()
    actions = [action, "publish"] if action == "approve" and data_dict.get("publish") else [action]
    decisions = []
    current = where.state
    for step in actions:
        try:
            decision = status.check(step, where, state=current, note=note)
        except machine.InvalidTransition as error:
            raise _invalid(error)
        except machine.NotPermitted as error:
            raise _denied(error)
        except machine.NoteRequired:
            raise tk.ValidationError({"note": [tk._("Write a note for the OPD")]})
        decisions.append(decision)
        if decision.revision:
            break                       # an approved revision is published at once
        current = decision.target

    shown = tk.get_action("package_show")(
        tk.fresh_context(context, ignore_auth=True, use_cache=False), {"id": package.id})
    if decisions[-1].target == machine.PUBLISHED and not decisions[-1].revision \
            and shown.get("klasifikasi_akses") == "tertutup":
        raise tk.ValidationError({"klasifikasi_akses": [
            tk._("A Tertutup (closed) dataset can never be published")]})

    for decision in decisions:
        snapshot, changes = None, []
        if decision.action == "submit":
            snapshot = pending["data"] if decision.revision else shown
            before = shown if decision.revision else (submission or {}).get("snapshot")
            changes = diff.changed_fields(
                before, snapshot, pending["uploads"] if decision.revision else ()) if before else []
        elif decision.revision and decision.action == "approve":
            changes = diff.changed_fields(shown, pending["data"], pending["uploads"])
        store.append(session, package=shown, actor_id=user.id if user else None,
                      actor_name=user.name if user else (context.get("user") or ""),
                      action=decision.action, from_state=decision.source, to_state=decision.target,
                      revision=decision.revision, note=note, changes=changes, snapshot=snapshot)

    final = decisions[-1]
    if final.revision and final.target == machine.PUBLISHED:
        store.drop_revision(session, package.id)
        revisions.apply(context, package.id, pending, machine.PUBLISHED)
    elif final.revision:
        store.set_revision_state(session, package.id, final.target)
        model.repo.commit()
    elif final.action == "unpublish" and pending is not None:
        # no longer public: the OPD's pending edit becomes the dataset itself
        store.drop_revision(session, package.id)
        revisions.apply(context, package.id, pending, final.target)
    else:
        patch_context = tk.fresh_context(context, ignore_auth=True)
        patch_context["satudata_status"] = final.target
        tk.get_action("package_patch")(patch_context, {"id": package.id,
                                                       "satudata_status": final.target})
    if final.action == "unpublish":
        permissions.hide_public_history(model.Package.get(package.id))
    return status.summary(package.id)
