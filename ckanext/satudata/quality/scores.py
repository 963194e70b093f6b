"""A dataset's quality score kept with the dataset: computed and written
(``satudata_quality_score``) with its search document, so that results
carry their rating (facet ``kualitas``, sort ``skor_kualitas``), and read
back for ``package_show`` (``satudata_kualitas``) with its timeliness as
of today. A finished link check reindexes its dataset, which rescores it.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional

import sqlalchemy as sa
from psycopg2.extras import execute_values

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk

from ..schedule import sync as schedule
from ..search import hooks
from . import criteria, link_store

__all__ = ["FACET", "SORT", "for_index", "derive", "kept", "compact", "forget", "stale",
           "rescore"]

FACET, SORT = "kualitas", "skor_kualitas"


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """What a dataset carries: ``points``, ``max_points``, ``rating``."""
    return {k: result[k] for k in ("points", "max_points", "rating")}


def kept(package_id: str) -> Optional[dict[str, Any]]:
    row = model.Session.execute(sa.text(
        "SELECT points, max_points, rating, criteria, scored_at FROM satudata_quality_score "
        "WHERE package_id = :pid"), {"pid": package_id}).mappings().first()
    return dict(row) if row else None


def _status(shown: dict[str, Any]) -> Optional[str]:
    return (shown.get("satudata_jadwal") or {}).get("status")


_UPSERT = """
    INSERT INTO satudata_quality_score (package_id, owner_org, published, points, max_points,
                                        rating, criteria, met, standard, scored_at)
    VALUES %s
    ON CONFLICT (package_id) DO UPDATE SET owner_org = EXCLUDED.owner_org,
        published = EXCLUDED.published, points = EXCLUDED.points,
        max_points = EXCLUDED.max_points, rating = EXCLUDED.rating,
        criteria = EXCLUDED.criteria, met = EXCLUDED.met, standard = EXCLUDED.standard,
        scored_at = EXCLUDED.scored_at"""
_TEMPLATE = "(%s, %s, %s, %s, %s, %s, %s::jsonb, %s::text[], %s, now())"


def _save_many(session: Any, rows: list[tuple[Any, ...]]) -> None:
    cursor = session.connection().connection.cursor()
    try:
        execute_values(cursor, _UPSERT, rows, template=_TEMPLATE, page_size=1000)
    finally:
        cursor.close()


def _row(pkg_id: str, shown: dict[str, Any], result: dict[str, Any]) -> tuple[Any, ...]:
    return (pkg_id, shown.get("owner_org"), schedule.is_published(shown), result["points"],
            result["max_points"], result["rating"], json.dumps(result["criteria"]),
            [c["code"] for c in result["criteria"] if c["points"] >= c["of"]],
            bool(shown.get("standar_data")))


# the link checks read and the scores written per batch in a bulk reindex
_CHECKS = hooks.Slot("quality_checks", read_many=link_store.for_packages)
_SCORES = hooks.Slot("quality_scores", write_many=_save_many)


def for_index(pkg_dict: dict[str, Any], shown: dict[str, Any]) -> None:
    """``before_dataset_index`` (after the schedule's): score the dataset,
    keep the score, put its rating and points into the document."""
    if (pkg_dict.get("dataset_type") or "dataset") != "dataset" or not pkg_dict.get("id"):
        return
    pkg_id = pkg_dict["id"]
    checks = _CHECKS.read(pkg_id, lambda: link_store.for_package(model.Session, pkg_id)) or {}
    result = criteria.score(shown, checks, _status(shown))
    row = _row(pkg_id, shown, result)
    _SCORES.write(pkg_id, row, lambda: _save_many(model.Session, [row]))
    pkg_dict[FACET], pkg_dict[SORT] = result["rating"], result["points"]
    if shown is not pkg_dict:
        shown["satudata_kualitas"] = compact(result)


def derive(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``after_dataset_show`` (after the schedule's): ``satudata_kualitas``,
    the kept score with its timeliness as of today (none before the
    dataset is first indexed)."""
    if pkg_dict.get("type", "dataset") != "dataset" or not pkg_dict.get("id"):
        return pkg_dict
    row = kept(pkg_dict["id"])
    if row is not None:
        result = criteria.with_status(row, _status(pkg_dict), pkg_dict.get("frekuensi"))
        pkg_dict["satudata_kualitas"] = compact(result)
    return pkg_dict


def forget(context: Any, pkg_dict: dict[str, Any]) -> None:
    """``after_dataset_delete``: a deleted dataset has no score to count."""
    model.Session.execute(sa.text("DELETE FROM satudata_quality_score WHERE package_id = :pid"),
                          {"pid": pkg_dict.get("id") or ""})


def stale() -> list[str]:
    """Datasets whose schedule reached a threshold since they were scored
    (their timeliness, in the index, is a day behind): ``ckan satudata
    quality rescore`` reindexes them, daily."""
    return [r[0] for r in model.Session.execute(sa.text("""
        SELECT q.package_id FROM satudata_quality_score q
          JOIN satudata_schedule s ON s.package_id = q.package_id
         WHERE (s.due > q.scored_at AND s.due <= now())
            OR (s.overdue > q.scored_at AND s.overdue <= now())
            OR (s.delinquent > q.scored_at AND s.delinquent <= now())
         ORDER BY q.package_id"""))]


def rescore(package_ids: list[str], progress: Optional[Callable[[int], None]] = None) -> None:
    """Reindex these datasets, which rescores them: in bulk on our search
    backend (their stored dicts fed again), one by one on Solr."""
    if tk.config["ckanext.satudata.search.backend"] == "postgres":
        from ..search import bulk
        bulk.rebuild(ids=package_ids, force=True, progress=progress)
        return
    for package_id in package_ids:
        search.rebuild(package_id, defer_commit=True)
        model.Session.commit()
        if progress:
            progress(1)
