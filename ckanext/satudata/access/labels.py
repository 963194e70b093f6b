"""The words of the access states and log entries, translated at call time."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from . import inputs, rules

__all__ = ["state_label", "kind_label", "local"]


def state_label(state: str) -> str:
    return {rules.PENDING: tk._("Waiting for a decision"), rules.APPROVED: tk._("Granted"),
            rules.REJECTED: tk._("Rejected"), rules.REVOKED: tk._("Revoked"),
            rules.EXPIRED: tk._("Ended")}.get(state, state)


def kind_label(kind: str) -> str:
    return {"request": tk._("Requested"), "approve": tk._("Approved"),
            "reject": tk._("Rejected"), "revoke": tk._("Revoked"), "expire": tk._("Ended"),
            "remind": tk._("Reminded"), "download": tk._("Downloaded"),
            "reveal": tk._("Address shown")}.get(kind, kind)


def local(moment: datetime.datetime | None) -> str:
    """A moment in the portal's time zone, to the minute (``2027-01-31 23:59``)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(inputs.zone()).strftime("%Y-%m-%d %H:%M")
