"""The access mails, written in the request's language and sent by the
background worker (``mail/jobs.py``): a new request to the owning OPD's
admins, each decision to the requester, the reminder before a grant ends."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..mail import jobs
from ..review import roles
from . import labels

__all__ = ["new_request", "decided", "ending"]


def _enabled() -> bool:
    return tk.config["ckanext.satudata.workflow.notify"]


def _send(users: list[model.User], subject: str, body: str) -> int:
    sent = 0
    for user in users:
        if user.email:
            jobs.queue_mail(user.display_name, user.email, subject, body)
            sent += 1
    return sent


def _dataset_url(row: dict[str, Any]) -> str:
    return tk.url_for("dataset.read", id=row["package_name"], _external=True)


def new_request(row: dict[str, Any]) -> int:
    if not _enabled():
        return 0
    admins = [u for u in roles.stewards(row["owner_org"], ("admin",)) if u.id != row["user_id"]]
    subject = tk._("Data access request: {title}").format(title=row["package_title"])
    lines = [tk._("{user} asks for the files of {title} ({url}).").format(
                user=row["user_display"], title=row["package_title"], url=_dataset_url(row))]
    if row.get("organization_title"):
        lines.append(tk._("On behalf of: {opd}").format(opd=row["organization_title"]))
    lines += [tk._("Purpose: {text}").format(text=row["keperluan"]),
              tk._("Legal basis: {text}").format(text=row["dasar_hukum"] or "-"),
              tk._("Until: {date}").format(date=labels.local(row["asked_until"])), "",
              tk._("Decide it here: {url}").format(
                  url=tk.url_for("satudata_access.requests", _external=True))]
    return _send(admins, subject, "\n".join(lines))


def _requester(row: dict[str, Any]) -> list[model.User]:
    user = model.User.get(row["user_id"])
    return [user] if user is not None else []


def decided(row: dict[str, Any], state: str, note: str) -> int:
    if not _enabled():
        return 0
    title = row["package_title"]
    if state == "approved":
        subject = tk._("Access granted: {title}").format(title=title)
        first = tk._("Your request for {title} was approved until {date}.").format(
            title=title, date=labels.local(row["ends"]))
    elif state == "rejected":
        subject = tk._("Access request rejected: {title}").format(title=title)
        first = tk._("Your request for {title} was rejected.").format(title=title)
    else:
        subject = tk._("Access revoked: {title}").format(title=title)
        first = tk._("Your access to {title} was revoked.").format(title=title)
    lines = [first]
    if note:
        lines.append(tk._("Note: {text}").format(text=note))
    lines += ["", tk._("Your requests: {url}").format(
        url=tk.url_for("satudata_access.mine", _external=True))]
    return _send(_requester(row), subject, "\n".join(lines))


def ending(row: dict[str, Any]) -> int:
    if not _enabled():
        return 0
    subject = tk._("Your access to {title} ends soon").format(title=row["package_title"])
    body = "\n".join([
        tk._("Your access to {title} ends on {date}.").format(
            title=row["package_title"], date=labels.local(row["ends"])),
        tk._("Ask again before then if you still need it: {url}").format(
            url=tk.url_for("satudata_access.request_page", id=row["package_name"],
                           _external=True))])
    return _send(_requester(row), subject, body)
