"""SQL of the access tables (revision 0008_access): requests (an approved
one is the grant) and the append-only log of every step; the grant check
(``reach_row``) calls the function of revision 0009_access_reach.

Plain SQL on the caller's session, so a decision and its log entry commit
together. A decision is one conditional ``UPDATE ... WHERE state = ...``:
of two simultaneous decisions one finds the row still pending and wins, the
other updates nothing (``None``) and is told so.
"""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import rules

__all__ = ["create", "get", "listing", "state_counts", "decide", "revoke", "expire_ended",
           "to_remind", "mark_reminded", "add_event", "add_unflushed", "events", "recent_reveal",
           "indexed_with_addresses", "terbatas_ids", "reach_row", "SHOWN_STATE_SQL"]

_SELECT = """
    SELECT r.*{extra}, p.name AS package_name, p.title AS package_title, p.owner_org,
           o.name AS owner_org_name, o.title AS owner_org_title,
           u.name AS user_name, coalesce(nullif(u.fullname, ''), u.name) AS user_display,
           g.name AS organization_name, g.title AS organization_title
      FROM satudata_access_request r
      JOIN package p ON p.id = r.package_id
      LEFT JOIN "group" o ON o.id = p.owner_org
      JOIN "user" u ON u.id = r.user_id
      LEFT JOIN "group" g ON g.id = r.organization_id"""

# the state as it holds at :now (rules.shown_state in SQL)
SHOWN_STATE_SQL = ("CASE WHEN r.state = 'approved' AND r.ends <= :now THEN 'expired' "
                   "ELSE r.state END")
_STATE_WHERE = {
    rules.PENDING: "r.state = 'pending'",
    rules.APPROVED: "r.state = 'approved' AND r.ends > :now",
    rules.REJECTED: "r.state = 'rejected'",
    rules.REVOKED: "r.state = 'revoked'",
    rules.EXPIRED: "(r.state = 'expired' OR (r.state = 'approved' AND r.ends <= :now))",
}
# the OPDs a user is a member of (any role)
_MEMBER_ORGS = ("SELECT m.group_id FROM member m WHERE m.table_name = 'user' "
                "AND m.table_id = :uid AND m.state = 'active'")


def create(session: Session, *, package_id: str, user_id: str, organization_id: Optional[str],
           resource_ids: Optional[list[str]], keperluan: str, dasar_hukum: str,
           asked_until: datetime.datetime) -> str:
    """A new pending request; ``IntegrityError`` when the requester already
    has one pending for the dataset (index ``..._one_pending``)."""
    request_id = str(uuid.uuid4())
    session.execute(sa.text("""
        INSERT INTO satudata_access_request (id, package_id, user_id, organization_id,
            resource_ids, keperluan, dasar_hukum, asked_until)
        VALUES (:id, :package_id, :user_id, :organization_id, :resource_ids, :keperluan,
                :dasar_hukum, :asked_until)"""), {
        "id": request_id, "package_id": package_id, "user_id": user_id,
        "organization_id": organization_id, "resource_ids": resource_ids,
        "keperluan": keperluan, "dasar_hukum": dasar_hukum, "asked_until": asked_until})
    return request_id


def get(session: Session, request_id: str, now: datetime.datetime,
        for_update: bool = False) -> Optional[dict[str, Any]]:
    found = session.execute(sa.text(
        _SELECT.format(extra=f", {SHOWN_STATE_SQL} AS shown_state") + " WHERE r.id = :id"
        + (" FOR UPDATE OF r" if for_update else "")),
        {"id": request_id, "now": now}).mappings().first()
    return dict(found) if found else None


def _scope(where: list[str], params: dict[str, Any], *, user_id: Optional[str],
           everything: bool, mine: bool) -> None:
    """Requests the caller may read: the walidata every one; anyone else
    their own, their OPDs' (on whose behalf they asked) and those for their
    OPDs' datasets. ``mine``: only the ones they or their OPDs asked."""
    params["uid"] = user_id or ""
    asked = f"(r.user_id = :uid OR r.organization_id IN ({_MEMBER_ORGS}))"
    if mine:
        where.append(asked)
    elif not everything:
        where.append(f"({asked} OR p.owner_org IN ({_MEMBER_ORGS}))")


def _filters(*, user_id: Optional[str], everything: bool, mine: bool, package_id: Optional[str],
             owner_org: Optional[str], now: datetime.datetime) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {"now": now}
    _scope(where, params, user_id=user_id, everything=everything, mine=mine)
    if package_id:
        where.append("r.package_id = :package_id")
        params["package_id"] = package_id
    if owner_org:
        where.append("p.owner_org = :owner_org")
        params["owner_org"] = owner_org
    return where, params


def listing(session: Session, *, now: datetime.datetime, user_id: Optional[str], everything: bool,
            mine: bool = False, states: Optional[list[str]] = None, package_id: Optional[str] = None,
            owner_org: Optional[str] = None, limit: int = 50, offset: int = 0
            ) -> tuple[int, list[dict[str, Any]]]:
    """Requests the caller may read, pending first (oldest first), then the
    newest; with the total before paging."""
    where, params = _filters(user_id=user_id, everything=everything, mine=mine,
                             package_id=package_id, owner_org=owner_org, now=now)
    if states:
        where.append("(" + " OR ".join(_STATE_WHERE[s] for s in states) + ")")
    sql = (_SELECT.format(extra=f", {SHOWN_STATE_SQL} AS shown_state, count(*) OVER () AS total")
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY (r.state = 'pending') DESC, "
             "CASE WHEN r.state = 'pending' THEN r.created END ASC, r.created DESC, r.id"
           + " LIMIT :limit OFFSET :offset")
    rows = [dict(r) for r in session.execute(
        sa.text(sql), {**params, "limit": limit, "offset": offset}).mappings()]
    total = rows[0]["total"] if rows else (
        0 if offset == 0 else session.execute(sa.text(
            "SELECT count(*) FROM satudata_access_request r JOIN package p ON p.id = r.package_id"
            + (" WHERE " + " AND ".join(where) if where else "")), params).scalar())
    return int(total), rows


def state_counts(session: Session, *, now: datetime.datetime, user_id: Optional[str],
                 everything: bool, mine: bool = False, package_id: Optional[str] = None,
                 owner_org: Optional[str] = None) -> dict[str, int]:
    where, params = _filters(user_id=user_id, everything=everything, mine=mine,
                             package_id=package_id, owner_org=owner_org, now=now)
    found = dict.fromkeys(rules.STATES, 0)
    for state, count in session.execute(sa.text(
            f"SELECT {SHOWN_STATE_SQL}, count(*) FROM satudata_access_request r "
            "JOIN package p ON p.id = r.package_id"
            + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY 1"), params):
        found[state] = count
    return found


def decide(session: Session, request_id: str, *, state: str, by: str, note: str,
           ends: Optional[datetime.datetime], now: datetime.datetime) -> bool:
    """Approve or reject a request still pending; False when it no longer is."""
    done = session.execute(sa.text("""
        UPDATE satudata_access_request SET state = :state, decided = :now, decided_by = :by,
               decision_note = :note, ends = :ends
         WHERE id = :id AND state = 'pending'"""),
        {"id": request_id, "state": state, "now": now, "by": by, "note": note, "ends": ends})
    return done.rowcount == 1


def revoke(session: Session, request_id: str, *, by: str, note: str,
           now: datetime.datetime) -> bool:
    """End a live grant now; False when it is not (or no longer) live."""
    done = session.execute(sa.text("""
        UPDATE satudata_access_request SET state = 'revoked', closed = :now, closed_by = :by,
               close_note = :note
         WHERE id = :id AND state = 'approved' AND ends > :now"""),
        {"id": request_id, "now": now, "by": by, "note": note})
    return done.rowcount == 1


def expire_ended(session: Session, now: datetime.datetime) -> list[dict[str, Any]]:
    """Record the grants that have ended as ``expired`` (they stopped
    working at their end already); the rows recorded."""
    return [dict(r) for r in session.execute(sa.text("""
        UPDATE satudata_access_request SET state = 'expired', closed = ends
         WHERE state = 'approved' AND ends <= :now
        RETURNING id, package_id, user_id, ends"""), {"now": now}).mappings()]


def to_remind(session: Session, now: datetime.datetime, within: datetime.timedelta
              ) -> list[dict[str, Any]]:
    """Live grants ending within ``within`` whose holder was not reminded."""
    return [dict(r) for r in session.execute(sa.text(
        _SELECT.format(extra="") + " WHERE r.state = 'approved' AND r.ends > :now AND r.ends <= :until "
        "AND r.reminded IS NULL ORDER BY r.ends FOR UPDATE OF r SKIP LOCKED"),
        {"now": now, "until": now + within}).mappings()]


def mark_reminded(session: Session, request_id: str, now: datetime.datetime) -> None:
    session.execute(sa.text("UPDATE satudata_access_request SET reminded = :now WHERE id = :id"),
                    {"id": request_id, "now": now})


# Who a user is towards one dataset, in one statement: the function of
# revision 0009_access_reach (PL/pgSQL keeps its plan for the connection).
_REACH = ("SELECT * FROM satudata_access_reach(:name, :pid, :owner, :steward, "
          "CAST(:cascade AS text[]), :now)")


def reach_row(session: Session, *, user_name: str, package_id: str, owner_org: Optional[str],
              steward: str, cascade: list[str], now: datetime.datetime
              ) -> Optional[dict[str, Any]]:
    """The facts ``files.reach`` decides on (None: no such active user);
    ``grants`` as ``(request id, resource ids or None for all)``."""
    found = session.execute(sa.text(_REACH), {
        "name": user_name, "pid": package_id, "owner": owner_org or "", "steward": steward,
        "cascade": cascade, "now": now}).mappings().first()
    if found is None:
        return None
    grants = []
    for entry in found["grants"]:
        request_id, _, ids = entry.partition(":")
        grants.append((request_id, None if ids == "*" else ids.split(",") if ids else []))
    return {**found, "grants": grants}


def add_event(session: Any, *, kind: str, package_id: str, actor_id: Optional[str],
              actor_name: str, request_id: Optional[str] = None,
              resource_id: Optional[str] = None, note: str = "") -> None:
    """Append one step to the log (``session`` or a connection)."""
    session.execute(sa.text("""
        INSERT INTO satudata_access_event (kind, request_id, package_id, resource_id,
            actor_id, actor_name, note)
        VALUES (:kind, :request_id, :package_id, :resource_id, :actor_id, :actor_name, :note)"""),
        {"kind": kind, "request_id": request_id, "package_id": package_id,
         "resource_id": resource_id, "actor_id": actor_id, "actor_name": actor_name, "note": note})


def add_unflushed(connection: Any, *, kind: str, package_id: str, actor_id: Optional[str],
                  actor_name: str, request_id: Optional[str], resource_id: Optional[str]) -> None:
    """One entry in one statement that is its own transaction (``connection``
    in autocommit), committed without waiting for the disk flush."""
    connection.execute(sa.text("""
        WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true))
        INSERT INTO satudata_access_event (kind, request_id, package_id, resource_id,
            actor_id, actor_name, note)
        SELECT :kind, :request_id, :package_id, :resource_id, :actor_id, :actor_name, ''
          FROM unflushed"""),
        {"kind": kind, "request_id": request_id, "package_id": package_id,
         "resource_id": resource_id, "actor_id": actor_id, "actor_name": actor_name})


def recent_reveal(connection: Any, *, actor_id: str, resource_id: str,
                  since: datetime.datetime) -> bool:
    return connection.execute(sa.text(
        "SELECT 1 FROM satudata_access_event WHERE kind = 'reveal' AND actor_id = :a "
        "AND resource_id = :r AND at >= :since LIMIT 1"),
        {"a": actor_id, "r": resource_id, "since": since}).first() is not None


def events(session: Session, *, user_id: Optional[str], everything: bool,
           package_id: Optional[str] = None, request_id: Optional[str] = None,
           owner_org: Optional[str] = None, kinds: Optional[list[str]] = None,
           limit: int = 100, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """The log, newest first, of the datasets the caller's OPDs own (every
    dataset for the walidata)."""
    where: list[str] = []
    params: dict[str, Any] = {"uid": user_id or "", "limit": limit, "offset": offset}
    if not everything:
        where.append(f"p.owner_org IN ({_MEMBER_ORGS})")
    for column, value in (("e.package_id", package_id), ("e.request_id", request_id),
                          ("p.owner_org", owner_org)):
        if value:
            key = column.split(".")[1]
            where.append(f"{column} = :{key}")
            params[key] = value
    if kinds:
        where.append("e.kind = ANY(:kinds)")
        params["kinds"] = kinds
    rows = [dict(r) for r in session.execute(sa.text(
        "SELECT e.*, p.name AS package_name, p.title AS package_title, p.owner_org, "
        "res.name AS resource_name, count(*) OVER () AS total "
        "FROM satudata_access_event e LEFT JOIN package p ON p.id = e.package_id "
        "LEFT JOIN resource res ON res.id = e.resource_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY e.id DESC LIMIT :limit OFFSET :offset"), params).mappings()]
    return (int(rows[0]["total"]) if rows else 0), rows


def indexed_with_addresses() -> list[str]:
    """Ids of Terbatas datasets whose search document still holds their
    files' addresses (indexed before revision 0008_access)."""
    from ckan import model
    return list(model.Session.execute(sa.text("""
        SELECT d.id FROM satudata_search_doc d
          JOIN satudata_search_payload p USING (index_id)
          JOIN package pk ON pk.id = d.id
         WHERE pk.extras->>'klasifikasi_akses' = 'terbatas'
           AND p.validated_data_dict::jsonb -> 'resources' @? '$[*] ? (!exists(@.akses_terbatas))'
    """)).scalars())


def terbatas_ids() -> list[str]:
    from ckan import model
    return list(model.Session.execute(sa.text(
        "SELECT id FROM package WHERE state <> 'deleted' "
        "AND extras->>'klasifikasi_akses' = 'terbatas' ORDER BY id")).scalars())
