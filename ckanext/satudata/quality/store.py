"""SQL of ``satudata_file_check`` (revision 0012_file_check), on the
caller's session (the caller commits)."""
from __future__ import annotations

import datetime
import json
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

__all__ = ["queue", "save", "fail", "get", "for_package", "flagged", "flagged_among", "promote", "forget"]


def queue(session: Session, resource_id: str, file_key: str, package_id: str, declared: str,
          detected: str, flagged: bool, now: datetime.datetime) -> None:
    """A check to come (the first bytes already read: ``detected``/``flagged``),
    queued at ``now`` (the web host's clock, which the file's time is read by)."""
    session.execute(sa.text("""
        INSERT INTO satudata_file_check (resource_id, file_key, package_id, state, declared,
                                         detected, flagged, valid, row_count, error_count,
                                         findings, queued_at, checked_at)
        VALUES (:rid, :key, :pid, 'pending', :declared, :detected, :flagged, NULL, NULL, 0,
                '[]', :now, NULL)
        ON CONFLICT (resource_id, file_key) DO UPDATE SET
            package_id = EXCLUDED.package_id, state = 'pending', declared = EXCLUDED.declared,
            detected = EXCLUDED.detected, flagged = EXCLUDED.flagged, valid = NULL,
            row_count = NULL, error_count = 0, findings = '[]', queued_at = EXCLUDED.queued_at,
            checked_at = NULL"""),
        {"rid": resource_id, "key": file_key, "pid": package_id, "declared": declared,
         "detected": detected, "flagged": flagged, "now": now})


def save(session: Session, resource_id: str, file_key: str, report: dict[str, Any]) -> None:
    session.execute(sa.text("""
        UPDATE satudata_file_check SET state = 'done', detected = :detected, flagged = :flagged,
               valid = :valid, row_count = :rows, error_count = :count,
               findings = CAST(:findings AS jsonb), checked_at = now()
         WHERE resource_id = :rid AND file_key = :key"""),
        {"rid": resource_id, "key": file_key, "detected": report["detected"],
         "flagged": report["flagged"], "valid": report["valid"], "rows": report["rows"],
         "count": report["error_count"], "findings": json.dumps(report["findings"])})


def fail(session: Session, resource_id: str, file_key: str) -> None:
    session.execute(sa.text(
        "UPDATE satudata_file_check SET state = 'error', checked_at = now() "
        "WHERE resource_id = :rid AND file_key = :key"), {"rid": resource_id, "key": file_key})


def get(session: Session, resource_id: str, file_key: str = "") -> Optional[dict[str, Any]]:
    row = session.execute(sa.text(
        "SELECT * FROM satudata_file_check WHERE resource_id = :rid AND file_key = :key"),
        {"rid": resource_id, "key": file_key}).mappings().first()
    return dict(row) if row else None


def for_package(session: Session, package_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in session.execute(sa.text(
        "SELECT * FROM satudata_file_check WHERE package_id = :pid ORDER BY queued_at, resource_id"),
        {"pid": package_id}).mappings()]


def flagged_among(session: Session, resource_ids: list[str]) -> set[str]:
    """Those of the resources whose own file is not what its format says."""
    return set(session.execute(sa.text(
        "SELECT resource_id FROM satudata_file_check WHERE file_key = '' AND flagged "
        "AND resource_id = ANY(:ids)"), {"ids": list(resource_ids)}).scalars())


def flagged(session: Session, resource_id: str) -> bool:
    """The resource's own file is not what its format says."""
    return bool(flagged_among(session, [resource_id]))


def promote(session: Session, resource_id: str, file_key: str) -> None:
    """A revision's file became the resource's: so does its check."""
    session.execute(sa.text(
        "DELETE FROM satudata_file_check WHERE resource_id = :rid AND file_key = ''"),
        {"rid": resource_id})
    session.execute(sa.text(
        "UPDATE satudata_file_check SET file_key = '' WHERE resource_id = :rid AND file_key = :key"),
        {"rid": resource_id, "key": file_key})


def forget(session: Session, resource_id: str) -> None:
    """The resource now links elsewhere or is gone: its checks are void."""
    session.execute(sa.text("DELETE FROM satudata_file_check WHERE resource_id = :rid"),
                    {"rid": resource_id})
