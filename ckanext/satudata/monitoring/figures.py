"""The monev figures assembled: per OPD and for the whole kabupaten, for
one year (what happened in it: decisions, publications, access requests,
the Daftar Data) and as of today (states, schedule, quality, links).

``public`` leaves out what only the walidata sees: datasets not published
(drafts, in review, returned), the review's decisions and days (returns
included), OPDs with nothing published, and the per-dataset drill-down.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

from sqlalchemy.orm import Session

from ..quality import criteria
from ..review import machine
from ..schedule import daftar_store, rules
from . import store

__all__ = ["monev", "RATINGS", "STATUSES"]

RATINGS = tuple(code for code, _ in criteria.RATINGS)
STATUSES = rules.STATUSES


def _year(tahun: int) -> tuple[datetime.datetime, datetime.datetime]:
    return datetime.datetime(tahun, 1, 1), datetime.datetime(tahun + 1, 1, 1)


def _rate(part: int, whole: int) -> Optional[float]:
    return round(100 * part / whole, 1) if whole else None


def _row(org: Optional[dict[str, Any]], parts: dict[str, Any], key: Any,
         public: bool) -> dict[str, Any]:
    states = parts["states"].get(key, {})
    sched = {s: parts["schedule"].get(key, {}).get(s, 0) for s in STATUSES}
    q = parts["quality"].get(key, {"ratings": {}, "points": 0, "scored": 0})
    links = parts["links"].get(key, {"checked": 0, "broken": 0})
    daftar = parts["daftar"].get(key, {"planned": 0, "fulfilled": 0})
    review = parts["review"].get(key, {"decisions": 0, "median_days": None})
    access = parts["access"].get(key, {"received": 0, "approved": 0, "rejected": 0, "pending": 0})
    row: dict[str, Any] = {
        "published": states.get(machine.PUBLISHED, 0),
        "schedule": sched, "late": sched[rules.OVERDUE] + sched[rules.DELINQUENT],
        "daftar_data": {"planned": daftar["planned"], "fulfilled": daftar["fulfilled"],
                        "rate": _rate(daftar["fulfilled"], daftar["planned"])},
        "quality": {"average": round(q["points"] / q["scored"]) if q["scored"] else None,
                    "max_points": criteria.MAX_POINTS,
                    "ratings": {r: q["ratings"].get(r, 0) for r in RATINGS}},
        "links": links, "access_requests": access,
    }
    if not public:
        row.update({"decisions": review["decisions"], "median_review_days": review["median_days"]})
        row.update({"in_review": sum(states.get(s, 0) for s in machine.UNDER_REVIEW),
                    "returned": states.get(machine.RETURNED, 0),
                    "draft": states.get(machine.DRAFT, 0)})
    if org is not None:
        row = {"id": org["id"], "name": org["name"], "title": org["title"], **row}
    return row


def _summed(rows: list[dict[str, Any]], parts: dict[str, Any], public: bool) -> dict[str, Any]:
    """The kabupaten's figures: the OPDs' added up (median days over every decision)."""
    total = _row(None, {k: {} for k in parts}, None, public)
    if not public:
        total["median_review_days"] = parts["review"].get(None, {}).get("median_days")
    for row in rows:
        for key in ("published", "decisions", "late", "in_review", "returned", "draft"):
            if key in total:
                total[key] += row[key]
        for key in ("schedule", "links", "access_requests"):
            for k, v in row[key].items():
                total[key][k] += v
        for r in RATINGS:
            total["quality"]["ratings"][r] += row["quality"]["ratings"][r]
        for k in ("planned", "fulfilled"):
            total["daftar_data"][k] += row["daftar_data"][k]
    d = total["daftar_data"]
    d["rate"] = _rate(d["fulfilled"], d["planned"])
    scored = sum(q["scored"] for q in parts["quality"].values())
    points = sum(q["points"] for q in parts["quality"].values())
    total["quality"]["average"] = round(points / scored) if scored else None
    return total


def monev(session: Session, tahun: int, org_id: Optional[str], public: bool,
          now: datetime.datetime) -> dict[str, Any]:
    start, end = _year(tahun)
    parts = {
        "states": store.states(session, org_id),
        "review": store.review_days(session, org_id, start, end),
        "schedule": store.schedule(session, org_id, now),
        "quality": store.quality(session, org_id),
        "links": store.broken_links(session, org_id),
        "access": store.access(session, org_id, start, end),
        "daftar": {r["owner_org"]: r for r in daftar_store.summary(session, tahun)},
    }
    shown = ("schedule", "quality", "links", "daftar") if public else tuple(parts)
    busy = set().union(*(set(parts[k]) for k in shown))
    busy |= {org for org, counts in parts["states"].items()
             if not public or counts.get(machine.PUBLISHED)}
    rows = [_row(org, parts, org["id"], public) for org in store.opds(session, org_id)
            if org["id"] in busy or org_id]
    total = _summed(rows, parts, public)
    return {"tahun": tahun, "owner_org": org_id, "generated_at": now.isoformat(),
            "total": total, "opd": rows, "monthly_published": store.monthly(session, org_id, start, end)}
