"""The review log and pending revisions (tables of revision 0003_review).

Plain SQL on the caller's session, so each write joins the transaction of
the dataset change it records. The log is not on CKAN's metadata: CKAN's
test reset deletes rows from every table it knows, and the log refuses
deletes (a trigger keeps it append-only).
"""
from __future__ import annotations

import datetime
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

__all__ = ["lock_dataset", "append", "history", "last_entry", "revision",
           "save_revision", "set_revision_state", "drop_revision", "queue", "state_counts",
           "STATE_SQL"]

_LOG_COLUMNS = ("id", "package_id", "package_name", "owner_org", "actor_id", "actor_name",
                "created", "action", "from_state", "to_state", "revision", "note", "changes")


def lock_dataset(session: Session, package_id: str) -> None:
    """Serialise decisions on one dataset: a second decision waits here and
    then sees the state the first one left."""
    session.execute(sa.text("SELECT 1 FROM package WHERE id = :id FOR UPDATE"),
                    {"id": package_id})


def append(session: Session, *, package: dict[str, Any], actor_id: str | None, actor_name: str,
           action: str, from_state: str, to_state: str, revision: bool, note: str,
           changes: list[str], snapshot: dict[str, Any] | None = None) -> None:
    session.execute(sa.text("""
        INSERT INTO satudata_review_log (package_id, package_name, owner_org, actor_id,
            actor_name, action, from_state, to_state, revision, note, changes, snapshot)
        VALUES (:package_id, :package_name, :owner_org, :actor_id, :actor_name, :action,
            :from_state, :to_state, :revision, :note, CAST(:changes AS jsonb),
            CAST(:snapshot AS jsonb))"""), {
        "package_id": package["id"], "package_name": package["name"],
        "owner_org": package.get("owner_org"), "actor_id": actor_id, "actor_name": actor_name,
        "action": action, "from_state": from_state, "to_state": to_state,
        "revision": revision, "note": note, "changes": json.dumps(changes),
        "snapshot": json.dumps(snapshot) if snapshot is not None else None})


def history(session: Session, package_id: str) -> list[dict[str, Any]]:
    """The dataset's decisions, oldest first."""
    rows = session.execute(sa.text(
        f"SELECT {', '.join(_LOG_COLUMNS)} FROM satudata_review_log "
        "WHERE package_id = :id ORDER BY id"), {"id": package_id}).mappings()
    return [dict(row) for row in rows]


def last_entry(session: Session, package_id: str, *, action: str | None = None,
               noted: bool = False) -> dict[str, Any] | None:
    """The latest decision on a dataset (of one ``action``, or carrying a
    note), with the snapshot a submission was made on."""
    where = " AND action = :action" if action else ""
    where += " AND note <> ''" if noted else ""
    row = session.execute(sa.text(
        f"SELECT {', '.join(_LOG_COLUMNS)}, snapshot FROM satudata_review_log "
        f"WHERE package_id = :id{where} ORDER BY id DESC LIMIT 1"),
        {"id": package_id, "action": action}).mappings().first()
    return dict(row) if row else None


def revision(session: Session, package_id: str, *, for_update: bool = False
             ) -> dict[str, Any] | None:
    lock = " FOR UPDATE" if for_update else ""
    row = session.execute(sa.text(
        "SELECT package_id, state, data, uploads, author_id, updated FROM satudata_revision "
        f"WHERE package_id = :id{lock}"), {"id": package_id}).mappings().first()
    return dict(row) if row else None


def save_revision(session: Session, package_id: str, *, state: str, data: dict[str, Any],
                  uploads: dict[str, str], author_id: str | None) -> None:
    session.execute(sa.text("""
        INSERT INTO satudata_revision (package_id, state, data, uploads, author_id, updated)
        VALUES (:id, :state, CAST(:data AS jsonb), CAST(:uploads AS jsonb), :author, :now)
        ON CONFLICT (package_id) DO UPDATE SET state = excluded.state, data = excluded.data,
            uploads = excluded.uploads, author_id = excluded.author_id, updated = excluded.updated
        """), {"id": package_id, "state": state, "data": json.dumps(data, default=str),
               "uploads": json.dumps(uploads), "author": author_id,
               "now": datetime.datetime.utcnow()})


def set_revision_state(session: Session, package_id: str, state: str) -> None:
    session.execute(sa.text("UPDATE satudata_revision SET state = :state WHERE package_id = :id"),
                    {"id": package_id, "state": state})


def drop_revision(session: Session, package_id: str) -> None:
    session.execute(sa.text("DELETE FROM satudata_revision WHERE package_id = :id"),
                    {"id": package_id})


# A dataset's state as SQL; the same text as the index of revision
# 0004_review_state, so the planner can use it.
STATE_SQL = ("coalesce(p.extras->>'satudata_status', "
             "CASE WHEN p.private THEN 'draft' ELSE 'published' END)")


def _candidates(org_ids: list[str] | None) -> str:
    """Datasets in one of ``:states``, by their own state or their pending
    revision's (each side can use its index)."""
    org = " AND p.owner_org = ANY(:orgs)" if org_ids is not None else ""
    return f"""
        SELECT p.id, p.metadata_modified, {STATE_SQL} AS state, NULL AS revision_state
        FROM package p
        WHERE p.state = 'active' AND p.type = 'dataset' AND {STATE_SQL} = ANY(:states){org}
        UNION ALL
        SELECT p.id, p.metadata_modified, {STATE_SQL}, r.state
        FROM satudata_revision r JOIN package p ON p.id = r.package_id
        WHERE p.state = 'active' AND p.type = 'dataset' AND r.state = ANY(:states){org}"""


def queue(session: Session, *, states: list[str], org_ids: list[str] | None,
          older_than: datetime.datetime | None, limit: int, offset: int
          ) -> tuple[int, list[dict[str, Any]]]:
    """Datasets whose state (or pending revision's state) is in ``states``,
    oldest waiting first. ``org_ids`` None means every OPD.

    :returns: (count, rows of package id, revision state, waiting since, last note)
    """
    params: dict[str, Any] = {"states": states, "orgs": org_ids, "limit": limit,
                              "offset": offset, "older": older_than}
    older = "WHERE since <= :older" if older_than is not None else ""
    sql = f"""
        WITH c AS ({_candidates(org_ids)}),
        waiting AS (
            SELECT DISTINCT ON (c.id) c.id, r.state AS revision_state,
                   coalesce(l.created, c.metadata_modified) AS since,
                   coalesce(n.note, '') AS last_note
            FROM c
            LEFT JOIN satudata_revision r ON r.package_id = c.id
            LEFT JOIN LATERAL (SELECT created FROM satudata_review_log
                               WHERE package_id = c.id ORDER BY id DESC LIMIT 1) l ON true
            LEFT JOIN LATERAL (SELECT note FROM satudata_review_log
                               WHERE package_id = c.id AND note <> ''
                               ORDER BY id DESC LIMIT 1) n ON true
            ORDER BY c.id)
        SELECT * FROM waiting {older}"""
    count = session.execute(sa.text(f"SELECT count(*) FROM ({sql}) q"), params).scalar_one()
    rows = session.execute(sa.text(
        f"SELECT * FROM ({sql}) q ORDER BY since, id LIMIT :limit OFFSET :offset"),
        params).mappings()
    return count, [dict(row) for row in rows]


def state_counts(session: Session, *, states: list[str], org_ids: list[str] | None
                 ) -> dict[str, int]:
    """Datasets per state (a published dataset's pending revision counts
    under its own state too), over every OPD or ``org_ids``."""
    org = " AND p.owner_org = ANY(:orgs)" if org_ids is not None else ""
    rows = session.execute(sa.text(f"""
        SELECT {STATE_SQL} AS state, count(*) FROM package p
        WHERE p.state = 'active' AND p.type = 'dataset'{org} GROUP BY 1
        UNION ALL
        SELECT r.state, count(*) FROM satudata_revision r JOIN package p ON p.id = r.package_id
        WHERE p.state = 'active' AND p.type = 'dataset'{org} GROUP BY 1"""),
        {"orgs": org_ids}).all()
    counts = dict.fromkeys(states, 0)
    for state, n in rows:
        if state in counts:
            counts[state] += n
    return counts
