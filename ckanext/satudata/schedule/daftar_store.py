"""SQL of the Daftar Data (``satudata_daftar_data``, revision 0007_schedule)
and of its fulfilment.

A dataset fulfils an entry for a year when it is published, carries the
entry's ``kode_daftar_data`` and covers that year: the year is among its
``tahun``, or lies between ``periode_awal`` and ``periode_akhir``.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..search import cache
from .store import PUBLISHED_SQL

__all__ = ["COLUMNS", "get", "find", "insert", "update", "delete", "replace_year",
           "entries", "summary", "years"]

COLUMNS = ("id", "tahun", "kode", "judul", "owner_org", "frekuensi", "prioritas",
           "standar_data", "catatan", "created", "updated")
_WRITTEN = ("tahun", "kode", "judul", "owner_org", "frekuensi", "prioritas", "standar_data",
            "catatan")

# the published datasets fulfilling entry d (the year is in tahun, or in the period)
_FULFILLING = f"""
    SELECT p.name FROM package p
    WHERE p.extras->>'kode_daftar_data' = d.kode AND {PUBLISHED_SQL}
      AND (coalesce(p.extras->>'tahun', '') ~ ('(^|[^0-9])' || d.tahun || '([^0-9]|$)')
           OR (coalesce(left(p.extras->>'periode_awal', 4), left(p.extras->>'periode_akhir', 4))
                 <= d.tahun::text
               AND coalesce(left(p.extras->>'periode_akhir', 4), left(p.extras->>'periode_awal', 4))
                 >= d.tahun::text))
    ORDER BY p.name"""


def _row(found: Any) -> Optional[dict[str, Any]]:
    return dict(found) if found else None


def get(session: Session, entry_id: int) -> Optional[dict[str, Any]]:
    return _row(session.execute(sa.text(
        f"SELECT {', '.join(COLUMNS)} FROM satudata_daftar_data WHERE id = :id"),
        {"id": entry_id}).mappings().first())


def find(session: Session, tahun: int, kode: str) -> Optional[dict[str, Any]]:
    return _row(session.execute(sa.text(
        f"SELECT {', '.join(COLUMNS)} FROM satudata_daftar_data "
        "WHERE tahun = :tahun AND kode = :kode"), {"tahun": tahun, "kode": kode}).mappings().first())


def insert(session: Session, entry: dict[str, Any], now: datetime.datetime) -> int:
    cache.mark_dirty(session)   # kept pages (the home page's Data Prioritas) are renewed
    return session.execute(sa.text(f"""
        INSERT INTO satudata_daftar_data ({', '.join(_WRITTEN)}, created, updated)
        VALUES ({', '.join(':' + c for c in _WRITTEN)}, :now, :now) RETURNING id"""),
        {**{c: entry[c] for c in _WRITTEN}, "now": now}).scalar_one()


def update(session: Session, entry_id: int, entry: dict[str, Any], now: datetime.datetime) -> None:
    cache.mark_dirty(session)
    session.execute(sa.text(
        "UPDATE satudata_daftar_data SET "
        + ", ".join(f"{c} = :{c}" for c in _WRITTEN) + ", updated = :now WHERE id = :id"),
        {**{c: entry[c] for c in _WRITTEN}, "now": now, "id": entry_id})


def delete(session: Session, entry_id: int) -> None:
    cache.mark_dirty(session)
    session.execute(sa.text("DELETE FROM satudata_daftar_data WHERE id = :id"), {"id": entry_id})


def replace_year(session: Session, tahun: int, rows: Iterable[dict[str, Any]], *,
                 replace: bool, now: datetime.datetime) -> dict[str, int]:
    """Write a year's entries: new codes inserted, known ones updated (and,
    with ``replace``, the year's other entries deleted). The caller commits."""
    counts = {"created": 0, "updated": 0, "deleted": 0}
    codes = []
    for entry in rows:
        codes.append(entry["kode"])
        existing = find(session, tahun, entry["kode"])
        if existing is None:
            insert(session, {**entry, "tahun": tahun}, now)
            counts["created"] += 1
        else:
            update(session, existing["id"], {**entry, "tahun": tahun}, now)
            counts["updated"] += 1
    if replace:
        cache.mark_dirty(session)
        counts["deleted"] = session.execute(sa.text(
            "DELETE FROM satudata_daftar_data WHERE tahun = :tahun AND kode <> ALL(:codes)"),
            {"tahun": tahun, "codes": codes}).rowcount
    return counts


def entries(session: Session, *, tahun: Optional[int] = None, org_ids: Optional[list[str]] = None,
            fulfilled: Optional[bool] = None, prioritas: Optional[bool] = None,
            entry_id: Optional[int] = None, limit: Optional[int] = None, offset: int = 0
            ) -> tuple[int, list[dict[str, Any]]]:
    """Entries with ``datasets`` (names of those fulfilling them),
    ``fulfilled``, ``organization`` (title) and ``org_name``; by year,
    OPD title, code."""
    conds = ["TRUE"]
    if tahun is not None:
        conds.append("d.tahun = :tahun")
    if org_ids is not None:
        conds.append("d.owner_org = ANY(:orgs)")
    if prioritas is not None:
        conds.append("d.prioritas = :prioritas")
    if entry_id is not None:
        conds.append("d.id = :id")
    where = " AND ".join(conds)
    outer = "" if fulfilled is None else ("WHERE fulfilled" if fulfilled else "WHERE NOT fulfilled")
    sql = f"""
        SELECT * FROM (
            SELECT {', '.join('d.' + c for c in COLUMNS)}, g.title AS organization,
                   g.name AS org_name, f.datasets, cardinality(f.datasets) > 0 AS fulfilled
            FROM satudata_daftar_data d
            LEFT JOIN "group" g ON g.id = d.owner_org
            CROSS JOIN LATERAL (SELECT coalesce(array_agg(x.name), '{{}}') AS datasets
                                FROM ({_FULFILLING}) x) f
            WHERE {where}) e {outer}"""
    params = {"tahun": tahun, "orgs": org_ids, "prioritas": prioritas, "id": entry_id,
              "limit": limit, "offset": offset}
    count = session.execute(sa.text(f"SELECT count(*) FROM ({sql}) q"), params).scalar_one()
    page = " LIMIT :limit OFFSET :offset" if limit is not None else " OFFSET :offset"
    rows = session.execute(sa.text(
        f"SELECT * FROM ({sql}) q ORDER BY tahun, organization, kode{page}"), params).mappings()
    return count, [dict(r) for r in rows]


def summary(session: Session, tahun: int) -> list[dict[str, Any]]:
    """Per OPD with entries that year: ``owner_org``, ``org_name``,
    ``organization``, ``planned``, ``fulfilled``, ``prioritas`` (planned
    Data Prioritas) and ``prioritas_fulfilled``; by OPD title."""
    rows = session.execute(sa.text(f"""
        SELECT d.owner_org, g.name AS org_name, g.title AS organization,
               count(*) AS planned, count(*) FILTER (WHERE f.ok) AS fulfilled,
               count(*) FILTER (WHERE d.prioritas) AS prioritas,
               count(*) FILTER (WHERE d.prioritas AND f.ok) AS prioritas_fulfilled
        FROM satudata_daftar_data d
        LEFT JOIN "group" g ON g.id = d.owner_org
        CROSS JOIN LATERAL (SELECT EXISTS ({_FULFILLING}) AS ok) f
        WHERE d.tahun = :tahun
        GROUP BY d.owner_org, g.name, g.title ORDER BY g.title"""), {"tahun": tahun}).mappings()
    return [dict(r) for r in rows]


def years(session: Session) -> list[int]:
    return list(session.execute(sa.text(
        "SELECT DISTINCT tahun FROM satudata_daftar_data ORDER BY tahun DESC")).scalars())
