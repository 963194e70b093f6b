"""Reminders of what to update, run daily (``ckan satudata schedule remind``).

A dataset that fell due is announced to its OPD's editors, one that is
overdue to its admins and one that is delinquent to the walidata. Each
goes once per dataset, stage and cycle (the due date it was for: an
update or a confirmation starts a new cycle): the record is written with
the mail, and a second run the same day finds it. A dataset found late
at a later stage than the last run saw gets that stage's reminder only.
Each recipient gets one mail per stage listing every dataset, with links.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..mail import jobs
from ..review import roles
from . import rules, store

__all__ = ["STAGES", "remind"]

# stage (a status) -> who hears of it: capacities in the OPD, or the walidata
STAGES = {rules.DUE: ("editor",), rules.OVERDUE: ("admin",), rules.DELINQUENT: None}


@dataclasses.dataclass
class _Mail:
    user: model.User
    stage: str
    datasets: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def _recipients(stage: str, owner_org: str) -> list[model.User]:
    capacities = STAGES[stage]
    if capacities is None:
        return roles.stewards(tk.config["ckanext.satudata.walidata_organization"])
    return roles.stewards(owner_org, capacities)


def _subject(stage: str, count: int) -> str:
    if stage == rules.DUE:
        return tk._("Datasets due for an update: {count}").format(count=count)
    if stage == rules.OVERDUE:
        return tk._("Datasets overdue for an update: {count}").format(count=count)
    return tk._("Datasets seriously overdue for an update: {count}").format(count=count)


def _body(mail: _Mail) -> str:
    lines = [tk._("Dear {name},").format(name=mail.user.display_name), "",
             tk._("These datasets should be updated (a new file, or a confirmation that "
                  "they are still current on the dataset's page):"), ""]
    for ds in mail.datasets:
        lines.append(tk._("- {title} ({opd}), due {due}: {url}").format(
            title=ds["title"], opd=ds["organization"] or "", due=ds["due"].date().isoformat(),
            url=tk.url_for("dataset.read", id=ds["name"], _external=True)))
    lines += ["", tk._("Release calendar: {url}").format(
        url=tk.url_for("satudata_schedule.calendar", _external=True))]
    return "\n".join(lines)


def remind(now: datetime.datetime | None = None) -> dict[str, int]:
    """Send what is owed and record it; commits.

    :returns: per stage, the datasets newly announced, and ``mails``
    """
    now = now or datetime.datetime.utcnow()
    session = model.Session
    mails: dict[tuple[str, str], _Mail] = {}
    counts = dict.fromkeys(STAGES, 0)
    for stage in STAGES:
        _count, rows = store.listing(session, now=now, statuses=[stage], published_only=True,
                                     limit=100_000)
        for row in rows:
            if store.reminder_sent(session, row["package_id"], stage, row["due"]):
                continue
            people = [u for u in _recipients(stage, row["owner_org"]) if u.email]
            store.record_reminder(session, row["package_id"], stage, row["due"], len(people), now)
            counts[stage] += 1
            for user in people:
                mail = mails.setdefault((user.id, stage), _Mail(user, stage))
                mail.datasets.append(row)
    session.commit()        # recorded first: a crash later re-sends nothing twice
    for mail in mails.values():
        jobs.queue_mail(mail.user.display_name, mail.user.email,
                        _subject(mail.stage, len(mail.datasets)), _body(mail))
    return {**counts, "mails": len(mails)}
