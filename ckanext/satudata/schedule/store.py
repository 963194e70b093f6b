"""SQL of the schedule tables (revision 0007_schedule): one row per
dataset with its thresholds as dates, the OPD's confirmations and the
reminders sent.

Plain SQL on the caller's session, so each write joins the transaction of
the dataset change (or confirmation) it records.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa
from psycopg2.extras import execute_values
from sqlalchemy.orm import Session

from . import rules

__all__ = ["row", "rows", "values", "save", "save_many", "forget", "confirm", "confirmations",
           "listing", "status_counts", "reminder_sent", "record_reminder", "PUBLISHED_SQL",
           "STATUS_SQL"]

_COLUMNS = ("package_id", "owner_org", "published", "frekuensi", "data_updated", "confirmed", "planned",
            "last_update", "due", "overdue", "delinquent")

# Published, active datasets (the review's state expression, revision 0004).
PUBLISHED_SQL = ("p.state = 'active' AND p.type = 'dataset' AND coalesce("
                 "p.extras->>'satudata_status', CASE WHEN p.private THEN 'draft' "
                 "ELSE 'published' END) = 'published'")

# The status at :now, from the stored dates (rules.status_at in SQL).
STATUS_SQL = (f"CASE WHEN s.due IS NULL THEN '{rules.AD_HOC}' "
              f"WHEN s.delinquent <= :now THEN '{rules.DELINQUENT}' "
              f"WHEN s.overdue <= :now THEN '{rules.OVERDUE}' "
              f"WHEN s.due <= :now THEN '{rules.DUE}' ELSE '{rules.CURRENT}' END")

# status -> the condition on the dates that gives it at :now
_STATUS_WHERE = {
    rules.AD_HOC: "s.due IS NULL",
    rules.CURRENT: "s.due > :now",
    rules.DUE: "s.due <= :now AND s.overdue > :now",
    rules.OVERDUE: "s.overdue <= :now AND s.delinquent > :now",
    rules.DELINQUENT: "s.delinquent <= :now",
}


def row(session: Session, package_id: str) -> Optional[dict[str, Any]]:
    found = session.execute(sa.text(
        f"SELECT {', '.join(_COLUMNS)} FROM satudata_schedule WHERE package_id = :id"),
        {"id": package_id}).mappings().first()
    return dict(found) if found else None


def rows(session: Session, package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The rows of these datasets by id (a batch of the bulk reindex),
    locked until the batch commits: an OPD's confirmation or plan saved
    meanwhile waits, and is not overwritten by the batch's older copy."""
    return {r["package_id"]: dict(r) for r in session.execute(sa.text(
        f"SELECT {', '.join(_COLUMNS)} FROM satudata_schedule WHERE package_id = ANY(:ids) "
        "ORDER BY package_id FOR UPDATE"), {"ids": list(package_ids)}).mappings()}


def values(package_id: str, owner_org: Optional[str], published: bool,
           schedule: rules.Schedule, data_updated: datetime.datetime,
           confirmed: Optional[datetime.datetime]) -> tuple[Any, ...]:
    """A row of ``satudata_schedule`` in the order of its columns."""
    return (package_id, owner_org, published, schedule.frekuensi, data_updated, confirmed,
            schedule.planned, schedule.last_update, schedule.due, schedule.overdue,
            schedule.delinquent)


_UPSERT = (f"INSERT INTO satudata_schedule ({', '.join(_COLUMNS)}) VALUES %s "
           "ON CONFLICT (package_id) DO UPDATE SET "
           + ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[1:]))


def save_many(session: Session, values_list: list[tuple[Any, ...]]) -> None:
    """Insert or replace rows (:func:`values`), one statement, on the
    session's transaction."""
    cursor = session.connection().connection.cursor()
    try:
        execute_values(cursor, _UPSERT, values_list, page_size=1000)
    finally:
        cursor.close()


def save(session: Session, package_id: str, owner_org: Optional[str], published: bool,
         schedule: rules.Schedule, data_updated: datetime.datetime,
         confirmed: Optional[datetime.datetime]) -> None:
    save_many(session, [values(package_id, owner_org, published, schedule, data_updated,
                               confirmed)])


def forget(session: Session, package_id: str) -> None:
    """A deleted dataset leaves the lists (its confirmations stay on record)."""
    session.execute(sa.text("DELETE FROM satudata_schedule WHERE package_id = :id"),
                    {"id": package_id})


def confirm(session: Session, package_id: str, *, actor_id: Optional[str], actor_name: str,
            note: str, planned: Optional[datetime.date], now: datetime.datetime) -> None:
    session.execute(sa.text("""
        INSERT INTO satudata_schedule_confirmation (package_id, actor_id, actor_name, created,
            note, planned)
        VALUES (:id, :actor_id, :actor_name, :now, :note, :planned)"""),
        {"id": package_id, "actor_id": actor_id, "actor_name": actor_name, "now": now,
         "note": note, "planned": planned})


def confirmations(session: Session, package_id: str) -> list[dict[str, Any]]:
    """The dataset's confirmations, newest first."""
    rows = session.execute(sa.text(
        "SELECT actor_name, created, note, planned FROM satudata_schedule_confirmation "
        "WHERE package_id = :id ORDER BY id DESC"), {"id": package_id}).mappings()
    return [dict(r) for r in rows]


def _where(*, org_ids: Optional[list[str]], statuses: Optional[list[str]],
           due_before: Optional[datetime.datetime], published_only: bool,
           urusan: Optional[str] = None) -> str:
    conds = ["p.state = 'active'", "p.type = 'dataset'"]
    if published_only:
        conds = ["s.published"]     # kept with the row (sync.for_index); no need to read package
    if org_ids is not None:
        conds.append("s.owner_org = ANY(:orgs)")
    if statuses:
        conds.append("(" + " OR ".join(f"({_STATUS_WHERE[s]})" for s in statuses) + ")")
    if due_before is not None:
        conds.append("s.due < :due_before")
    if urusan:      # one code, or a JSON list of them
        conds.append("(p.extras->>'urusan' = :urusan OR p.extras->>'urusan' LIKE :urusan_in)")
    return " AND ".join(conds)


def listing(session: Session, *, now: datetime.datetime, org_ids: Optional[list[str]] = None,
            statuses: Optional[list[str]] = None, due_before: Optional[datetime.datetime] = None,
            due_after: Optional[datetime.datetime] = None, published_only: bool = False,
            urusan: Optional[str] = None,
            limit: int = 50, offset: int = 0, order: str = "due"
            ) -> tuple[int, list[dict[str, Any]]]:
    """Datasets with their schedule, most urgent (earliest due) first; ad hoc
    ones last. ``order`` ``opd`` groups them by OPD title first.

    :returns: (count, rows with the schedule columns, ``name``, ``title``,
        ``organization`` (title), ``org_name`` and ``status``)
    """
    where = _where(org_ids=org_ids, statuses=statuses, due_before=due_before,
                   published_only=published_only, urusan=urusan)
    if due_after is not None:
        where += " AND s.due >= :due_after"
    params = {"now": now, "orgs": org_ids, "due_before": due_before, "due_after": due_after,
              "limit": limit, "offset": offset, "urusan": urusan,
              "urusan_in": f'%"{urusan}"%' if urusan else None}
    base = (" FROM satudata_schedule s JOIN package p ON p.id = s.package_id "
            f"LEFT JOIN \"group\" g ON g.id = s.owner_org WHERE {where}")
    counted = base if "p." in where else f" FROM satudata_schedule s WHERE {where}"
    count = session.execute(sa.text("SELECT count(*)" + counted), params).scalar_one()
    by = "g.title, s.due NULLS LAST, p.name" if order == "opd" else "s.due NULLS LAST, p.name"
    rows = session.execute(sa.text(
        f"SELECT {', '.join('s.' + c for c in _COLUMNS)}, p.name, p.title, "
        f"g.title AS organization, g.name AS org_name, {STATUS_SQL} AS status"
        f"{base} ORDER BY {by} LIMIT :limit OFFSET :offset"), params).mappings()
    return count, [dict(r) for r in rows]


def status_counts(session: Session, *, now: datetime.datetime,
                  org_ids: Optional[list[str]] = None, published_only: bool = False
                  ) -> dict[str, int]:
    where = _where(org_ids=org_ids, statuses=None, due_before=None,
                   published_only=published_only)
    counts = dict.fromkeys(rules.STATUSES, 0)
    join = " JOIN package p ON p.id = s.package_id" if "p." in where else ""
    for status, n in session.execute(sa.text(
            f"SELECT {STATUS_SQL}, count(*) FROM satudata_schedule s{join} "
            f"WHERE {where} GROUP BY 1"),
            {"now": now, "orgs": org_ids}):
        counts[status] = n
    return counts


def reminder_sent(session: Session, package_id: str, stage: str, cycle: datetime.datetime) -> bool:
    return session.execute(sa.text(
        "SELECT 1 FROM satudata_schedule_reminder WHERE package_id = :id AND stage = :stage "
        "AND cycle = :cycle"), {"id": package_id, "stage": stage, "cycle": cycle}
    ).first() is not None


def record_reminder(session: Session, package_id: str, stage: str, cycle: datetime.datetime,
                    recipients: int, now: datetime.datetime) -> bool:
    """Record a reminder; False when it was already recorded (sent once only)."""
    result = session.execute(sa.text("""
        INSERT INTO satudata_schedule_reminder (package_id, stage, cycle, sent, recipients)
        VALUES (:id, :stage, :cycle, :now, :n) ON CONFLICT DO NOTHING"""),
        {"id": package_id, "stage": stage, "cycle": cycle, "now": now, "n": recipients})
    return result.rowcount == 1
