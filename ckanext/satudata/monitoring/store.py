"""The monev figures as SQL, per OPD (``owner_org``) for one year, on the
caller's session: every query one pass grouped by OPD, over the tables the
features keep (package and ``satudata_review_log``, ``satudata_schedule``,
``satudata_quality_score``, ``satudata_link_check``,
``satudata_access_request``); the Daftar Data's come from
``schedule/daftar_store.summary``."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..review.store import STATE_SQL
from ..schedule.store import STATUS_SQL

__all__ = ["opds", "states", "review_days", "schedule", "quality", "broken_links", "access",
           "monthly", "datasets"]

_ACTIVE = "p.state = 'active' AND p.type = 'dataset'"


def _org(org_id: Optional[str], column: str = "p.owner_org") -> str:
    return f" AND {column} = :org" if org_id else ""


def opds(session: Session, org_id: Optional[str] = None) -> list[dict[str, Any]]:
    """Active OPDs (the walidata's own organisation included), by title."""
    return [dict(r) for r in session.execute(sa.text(
        "SELECT id, name, title FROM \"group\" WHERE is_organization AND state = 'active'"
        + _org(org_id, "id") + " ORDER BY lower(title), name"), {"org": org_id}).mappings()]


def states(session: Session, org_id: Optional[str]) -> dict[str, dict[str, int]]:
    """owner_org -> review state -> datasets, as they stand today."""
    out: dict[str, dict[str, int]] = {}
    for org, state, n in session.execute(sa.text(
            f"SELECT p.owner_org, {STATE_SQL}, count(*) FROM package p WHERE {_ACTIVE}"
            f"{_org(org_id)} GROUP BY 1, 2"), {"org": org_id}):
        out.setdefault(org, {})[state] = n
    return out


def review_days(session: Session, org_id: Optional[str], start: datetime.datetime,
                end: datetime.datetime) -> dict[Optional[str], dict[str, Any]]:
    """owner_org (None: every OPD) -> decisions (approve, return) in the
    year and the median days from the submission each answered."""
    rows = session.execute(sa.text(f"""
        WITH decided AS (
            SELECT l.owner_org, l.created - s.created AS waited
              FROM satudata_review_log l
              CROSS JOIN LATERAL (
                  SELECT created FROM satudata_review_log s
                   WHERE s.package_id = l.package_id AND s.action = 'submit'
                     AND s.created <= l.created
                   ORDER BY s.created DESC LIMIT 1) s
             WHERE l.action IN ('approve', 'return') AND l.created >= :start
               AND l.created < :end{_org(org_id, "l.owner_org")})
        SELECT owner_org, count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM waited))
          FROM decided GROUP BY GROUPING SETS ((owner_org), ())"""),
        {"start": start, "end": end, "org": org_id})
    return {org if org else None: {"decisions": n, "median_days": round(sec / 86400, 1)
                                   if sec is not None else None}
            for org, n, sec in rows}


def schedule(session: Session, org_id: Optional[str],
             now: datetime.datetime) -> dict[str, dict[str, int]]:
    """owner_org -> schedule status -> published datasets, as of ``now``."""
    out: dict[str, dict[str, int]] = {}
    for org, status, n in session.execute(sa.text(
            f"SELECT s.owner_org, {STATUS_SQL}, count(*) FROM satudata_schedule s "
            f"WHERE s.published{_org(org_id, 's.owner_org')} GROUP BY 1, 2"),
            {"now": now, "org": org_id}):
        out.setdefault(org, {})[status] = n
    return out


def quality(session: Session, org_id: Optional[str]) -> dict[str, dict[str, Any]]:
    """owner_org -> ``average`` points and datasets per ``rating`` (published:
    kept with the score, which a deletion removes)."""
    out: dict[str, dict[str, Any]] = {}
    for org, rating, n, total in session.execute(sa.text(
            "SELECT q.owner_org, q.rating, count(*), sum(q.points) FROM satudata_quality_score q "
            f"WHERE q.published{_org(org_id, 'q.owner_org')} GROUP BY 1, 2"),
            {"org": org_id}):
        entry = out.setdefault(org, {"ratings": {}, "points": 0, "scored": 0})
        entry["ratings"][rating] = n
        entry["points"] += int(total)
        entry["scored"] += n
    return out


def broken_links(session: Session, org_id: Optional[str]) -> dict[str, dict[str, int]]:
    """owner_org -> ``checked`` and ``broken`` resources of published datasets."""
    rows = session.execute(sa.text(f"""
        SELECT p.owner_org, count(*), count(*) FILTER (WHERE c.state <> 'ok')
          FROM satudata_link_check c JOIN resource r ON r.id = c.resource_id AND r.state = 'active'
          JOIN package p ON p.id = c.package_id
         WHERE {_ACTIVE} AND {STATE_SQL} = 'published'{_org(org_id)} GROUP BY 1"""),
        {"org": org_id})
    return {org: {"checked": checked, "broken": broken} for org, checked, broken in rows}


def access(session: Session, org_id: Optional[str], start: datetime.datetime,
           end: datetime.datetime) -> dict[str, dict[str, int]]:
    """owner_org (of the dataset) -> requests of the year: ``received``,
    ``approved``, ``rejected``, ``pending`` (still waiting)."""
    rows = session.execute(sa.text(f"""
        SELECT p.owner_org, count(*),
               count(*) FILTER (WHERE a.decided IS NOT NULL AND a.state <> 'rejected'),
               count(*) FILTER (WHERE a.state = 'rejected'),
               count(*) FILTER (WHERE a.state = 'pending')
          FROM satudata_access_request a JOIN package p ON p.id = a.package_id
         WHERE a.created >= :start AND a.created < :end{_org(org_id)} GROUP BY 1"""),
        {"start": start, "end": end, "org": org_id})
    return {org: {"received": n, "approved": ok, "rejected": no, "pending": waiting}
            for org, n, ok, no, waiting in rows}


def monthly(session: Session, org_id: Optional[str], start: datetime.datetime,
            end: datetime.datetime) -> list[int]:
    """Datasets published in each month of the year (first publications
    and publications again), January first."""
    counts = [0] * 12
    for month, n in session.execute(sa.text(f"""
        SELECT extract(month FROM l.created)::int, count(*) FROM satudata_review_log l
         WHERE l.to_state = 'published' AND l.from_state IS DISTINCT FROM 'published'
           AND l.created >= :start AND l.created < :end{_org(org_id, "l.owner_org")}
         GROUP BY 1"""), {"start": start, "end": end, "org": org_id}):
        counts[month - 1] = n
    return counts


def datasets(session: Session, org_id: str, now: datetime.datetime,
             limit: int = 1000) -> list[dict[str, Any]]:
    """The OPD's datasets for the walidata's drill-down: state, quality,
    schedule status, broken links; worst quality first."""
    return [dict(r) for r in session.execute(sa.text(f"""
        SELECT p.id, p.name, p.title, {STATE_SQL} AS state, q.points, q.rating,
               CASE WHEN s.package_id IS NULL THEN NULL ELSE {STATUS_SQL} END AS jadwal,
               (SELECT count(*) FROM satudata_link_check c JOIN resource r
                   ON r.id = c.resource_id AND r.state = 'active'
                 WHERE c.package_id = p.id AND c.state <> 'ok') AS broken_links
          FROM package p
          LEFT JOIN satudata_quality_score q ON q.package_id = p.id
          LEFT JOIN satudata_schedule s ON s.package_id = p.id
         WHERE {_ACTIVE} AND p.owner_org = :org
         ORDER BY q.points NULLS FIRST, lower(p.title) LIMIT :limit"""),
        {"org": org_id, "now": now, "limit": limit}).mappings()]
