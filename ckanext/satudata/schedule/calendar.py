"""The release calendar (jadwal rilis): the schedule's next due dates as
releases, grouped for the page and written as an iCalendar feed
(RFC 5545, through the ``icalendar`` library) that anyone can subscribe to.
A release whose date passed with nothing published shows as late."""
from __future__ import annotations

import datetime
import itertools
from typing import Any, Callable, Iterable
from urllib.parse import urlparse

import icalendar

from . import rules

__all__ = ["by_month", "by_opd", "ics", "is_late"]


def _date(value: str | None) -> datetime.date | None:
    return datetime.datetime.fromisoformat(value).date() if value else None


def is_late(release: dict[str, Any]) -> bool:
    """Its date passed and no new data came (due, overdue or delinquent)."""
    return release.get("status") in (rules.DUE, *rules.LATE)


def by_month(releases: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"month": date (1st), "late": bool, "releases": [...]}]``: what is
    late first, then the coming months in order."""
    rows = [{**r, "date": _date(r.get("next_due")), "late": is_late(r)} for r in releases]
    late = [r for r in rows if r["late"]]
    coming = [r for r in rows if not r["late"] and r["date"]]
    groups = [{"month": None, "late": True, "releases": late}] if late else []
    for month, items in itertools.groupby(coming, key=lambda r: r["date"].replace(day=1)):
        groups.append({"month": month, "late": False, "releases": list(items)})
    return groups


def by_opd(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"organization", "org_name", "rows"}]`` in the order given."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.get("owner_org") or ""
        group = groups.setdefault(key, {"organization": row.get("organization") or "",
                                        "org_name": row.get("org_name") or "", "rows": []})
        group["rows"].append(row)
    return list(groups.values())


def ics(releases: Iterable[dict[str, Any]], *, name: str, site_url: str,
        url_for: Callable[[str], str], late_label: str,
        status_label: Callable[[str], str]) -> bytes:
    """One all-day event per expected release; late ones are marked so."""
    host = urlparse(site_url).hostname or "satudata"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ckanext-satudata//jadwal rilis//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    for release in releases:
        day = _date(release.get("next_due"))
        if day is None:
            continue
        event = icalendar.Event()
        title = f"{release['title']} ({release.get('organization') or ''})"
        event.add("uid", f"{release['id']}-{day.isoformat()}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", f"[{late_label}] {title}" if is_late(release) else title)
        event.add("description", status_label(release["status"]))
        event.add("url", url_for(release["name"]))
        if release.get("organization"):
            event.add("categories", [release["organization"]])
        cal.add_component(event)
    return cal.to_ical()
