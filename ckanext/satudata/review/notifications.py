"""After-effects of review decisions (ISignal): e-mail through CKAN's mailer.

The walidata hears of each submission (the OPD's admins first, when the
Walidata Pendukung stage is on); the producer who submitted hears of
every decision on it. The decision is already committed when the signal
fires; the mail is written here, in the request's language, and sent by
CKAN's background worker (``..mail.jobs.queue_mail``: retried there, sent from
the request when Redis is down), so the decision never waits for SMTP.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..mail import jobs
from . import labels, machine, roles, store

__all__ = ["get_subscriptions"]

_DECISIONS = ("verify", "return", "approve", "publish", "unpublish")


def get_subscriptions() -> dict[Any, list[dict[str, Any]]]:
    senders = [f"satudata_dataset_{step}" for step in ("submit", *_DECISIONS)]
    return {tk.signals.action_succeeded: [{"sender": s, "receiver": notify} for s in senders]}


def notify(sender: str, **kwargs: Any) -> None:
    context, result, data_dict = kwargs["context"], kwargs["result"], kwargs["data_dict"]
    if not tk.config["ckanext.satudata.workflow.notify"] or context.get("satudata_notify") is False:
        return
    step = sender.removeprefix("satudata_dataset_")
    actor = model.User.get(context.get("user") or "")
    for user in _recipients(step, result):
        if actor is not None and user.id == actor.id:
            continue
        _send(user, step, result, actor, data_dict.get("note") or "")


def _recipients(step: str, status: dict[str, Any]) -> list[model.User]:
    if step == "submit":
        if roles.pendukung_enabled() and machine.SUBMITTED in (status["state"], status["revision"]):
            return roles.stewards(status["owner_org"], ("admin",))
        return roles.stewards(tk.config["ckanext.satudata.walidata_organization"])
    if step == "verify":
        return roles.stewards(tk.config["ckanext.satudata.walidata_organization"])
    submission = store.last_entry(model.Session, status["id"], action="submit")
    submitter = model.User.get(submission["actor_id"]) if submission and submission["actor_id"] else None
    return [submitter] if submitter is not None else []


def _send(user: model.User, step: str, status: dict[str, Any], actor: model.User | None,
          note: str) -> None:
    if not user.email:
        return
    subject = tk._("[{site}] {title}: {state}").format(
        site=tk.config["ckan.site_title"], title=status["title"],
        state=labels.state_label(status["revision"] or status["state"]))
    lines = [tk._("{actor} {done} the dataset \"{title}\".").format(
        actor=(actor.display_name if actor else tk._("The portal")),
        done=labels.done(step), title=status["title"])]
    decision = store.last_entry(model.Session, status["id"])
    if decision and decision["revision"]:
        lines.append(tk._("This concerns the revision of a published dataset."))
    if note:
        lines += ["", tk._("Note:"), note]
    lines += ["", tk._("Review page: {url}").format(
        url=tk.url_for("satudata.dataset_review", id=status["name"], _external=True))]
    jobs.queue_mail(user.display_name, user.email, subject, "\n".join(lines))
