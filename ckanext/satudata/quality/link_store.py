"""SQL of ``satudata_link_check`` (revision 0013_quality), on the caller's
session (the caller commits)."""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

__all__ = ["save", "get", "for_package", "for_packages", "listed", "due", "forget", "COLUMNS"]

COLUMNS = ("state", "status_code", "reason", "media_type", "size", "detected", "format_ok")


def save(session: Session, resource_id: str, package_id: str, url: str, upload: bool,
         result: dict[str, Any], next_check_at: datetime.datetime) -> None:
    """The check's ``result`` (``COLUMNS``); a failure in a row more counts
    when it is not ``ok``, and an ``ok`` resets them."""
    session.execute(sa.text("""
        INSERT INTO satudata_link_check (resource_id, package_id, url, upload, state, status_code,
                                         reason, media_type, size, detected, format_ok, failures,
                                         checked_at, next_check_at)
        VALUES (:rid, :pid, :url, :upload, :state, :status_code, :reason, :media_type, :size,
                :detected, :format_ok, CASE WHEN :state = 'ok' THEN 0 ELSE 1 END, now(), :next)
        ON CONFLICT (resource_id) DO UPDATE SET
            package_id = EXCLUDED.package_id, url = EXCLUDED.url, upload = EXCLUDED.upload,
            state = EXCLUDED.state, status_code = EXCLUDED.status_code,
            reason = EXCLUDED.reason, media_type = EXCLUDED.media_type, size = EXCLUDED.size,
            detected = EXCLUDED.detected, format_ok = EXCLUDED.format_ok,
            failures = CASE WHEN EXCLUDED.state = 'ok' THEN 0
                            ELSE satudata_link_check.failures + 1 END,
            checked_at = now(), next_check_at = EXCLUDED.next_check_at"""),
        {"rid": resource_id, "pid": package_id, "url": url, "upload": upload,
         "next": next_check_at, **{c: result.get(c) for c in COLUMNS}})


def get(session: Session, resource_id: str) -> Optional[dict[str, Any]]:
    row = session.execute(sa.text("SELECT * FROM satudata_link_check WHERE resource_id = :rid"),
                          {"rid": resource_id}).mappings().first()
    return dict(row) if row else None


def for_package(session: Session, package_id: str) -> dict[str, dict[str, Any]]:
    """The package's checks by resource id."""
    return {r["resource_id"]: dict(r) for r in session.execute(sa.text(
        "SELECT * FROM satudata_link_check WHERE package_id = :pid"), {"pid": package_id}).mappings()}


def for_packages(session: Session, package_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The checks of these packages: package id -> resource id -> check
    (a batch of the bulk reindex). A check that finishes meanwhile
    reindexes its dataset after the batch commits (the batch holds the
    dataset's schedule row, ``schedule/store.rows``), so its score wins."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for r in session.execute(sa.text(
            "SELECT * FROM satudata_link_check WHERE package_id = ANY(:ids)"),
            {"ids": list(package_ids)}).mappings():
        out.setdefault(r["package_id"], {})[r["resource_id"]] = dict(r)
    return out


def listed(session: Session, org_ids: Optional[list[str]], broken: Optional[bool],
           limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Checks of active resources of active datasets, newest failures
    first; ``org_ids`` the OPDs' ids (None: every OPD); ``broken`` True
    for those not ``ok``."""
    where = ["r.state = 'active'", "p.state = 'active'"]
    args: dict[str, Any] = {"limit": limit, "offset": offset}
    if org_ids is not None:
        where.append("p.owner_org = ANY(:orgs)")
        args["orgs"] = list(org_ids)
    if broken is not None:
        where.append("c.state <> 'ok'" if broken else "c.state = 'ok'")
    sql = (" FROM satudata_link_check c JOIN resource r ON r.id = c.resource_id "
           "JOIN package p ON p.id = c.package_id WHERE " + " AND ".join(where))
    total = session.execute(sa.text("SELECT count(*)" + sql), args).scalar() or 0
    rows = session.execute(sa.text(
        "SELECT c.*, r.name AS resource_name, p.name AS package_name, p.title AS package_title, "
        "p.owner_org" + sql + " ORDER BY (c.state = 'ok'), c.checked_at DESC, c.resource_id "
        "LIMIT :limit OFFSET :offset"), args).mappings()
    return int(total), [dict(r) for r in rows]


def due(session: Session, now: datetime.datetime, limit: Optional[int] = None) -> list[tuple[str, str]]:
    """(resource id, package id) of every active resource never checked or
    due again by ``now``, never checked first."""
    sql = """
        SELECT r.id, r.package_id FROM resource r JOIN package p ON p.id = r.package_id
          LEFT JOIN satudata_link_check c ON c.resource_id = r.id
         WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset'
           AND (c.resource_id IS NULL OR c.next_check_at <= :now)
         ORDER BY c.next_check_at NULLS FIRST, r.id"""
    if limit is not None:
        sql += " LIMIT :limit"
    return [(r[0], r[1]) for r in session.execute(sa.text(sql), {"now": now, "limit": limit})]


def forget(session: Session, resource_ids: Iterable[str]) -> None:
    ids = list(resource_ids)
    if ids:
        session.execute(sa.text("DELETE FROM satudata_link_check WHERE resource_id = ANY(:ids)"),
                        {"ids": ids})
