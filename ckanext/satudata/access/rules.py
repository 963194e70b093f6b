"""The rules of a request and its grant, without CKAN: states, when a grant
ends, what a shown state is at a given instant.

A grant is live from its approval until ``ends`` (exclusive), whatever any
job has recorded: an ``approved`` row whose end has passed reads as
``expired``. ``berlaku_sampai`` is an ISO 8601 date or date-time; a date
means the end of that day in the portal's time zone, a date-time without an
offset is read in that zone.
"""
from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

__all__ = ["PENDING", "APPROVED", "REJECTED", "REVOKED", "EXPIRED", "STATES",
           "EVENT_KINDS", "TERBATAS", "TERBUKA", "TERTUTUP",
           "portal_zone", "parse_until", "shown_state", "is_live"]

PENDING, APPROVED, REJECTED, REVOKED, EXPIRED = (
    "pending", "approved", "rejected", "revoked", "expired")
STATES = (PENDING, APPROVED, REJECTED, REVOKED, EXPIRED)
# what the log records (revision 0008_access's CHECK)
EVENT_KINDS = ("request", "approve", "reject", "revoke", "expire", "remind", "download", "reveal")

TERBUKA, TERBATAS, TERTUTUP = "terbuka", "terbatas", "tertutup"


def portal_zone(name: str | None) -> datetime.tzinfo:
    """The zone of ``ckan.display_timezone`` (``server`` or unknown: the
    machine's own)."""
    if name and name != "server":
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.datetime.now().astimezone().tzinfo or datetime.timezone.utc


def parse_until(value: Any, zone: datetime.tzinfo) -> datetime.datetime:
    """The instant a grant asked ``until value`` ends (aware, UTC).

    A date (``2027-01-31``) ends at the next midnight in ``zone``; a
    date-time ends at that instant. ValueError for anything else.
    """
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = None
        day = value
    else:
        text = str(value).strip()
        if not text or len(text) > 40:
            raise ValueError(text)
        if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", text):      # 2027-01-31 or 20270131
            day = datetime.date.fromisoformat(text)
            moment = None
        else:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment is None:
        next_day = day + datetime.timedelta(days=1)
        moment = datetime.datetime.combine(next_day, datetime.time(), tzinfo=zone)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(datetime.timezone.utc)


def is_live(state: str, ends: datetime.datetime | None, now: datetime.datetime) -> bool:
    return state == APPROVED and ends is not None and now < ends


def shown_state(state: str, ends: datetime.datetime | None, now: datetime.datetime) -> str:
    """The state as it holds at ``now``: an approved grant past its end is expired."""
    if state == APPROVED and not is_live(state, ends, now):
        return EXPIRED
    return state
