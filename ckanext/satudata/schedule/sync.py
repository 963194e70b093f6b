"""A dataset's schedule kept with the dataset: computed for ``package_show``
(``satudata_jadwal``) and written, with its search document, into
``satudata_schedule`` (its thresholds as dates) and the index.

The last update is the last change of the data (the newest resource's
``last_modified`` or ``created``; the dataset's creation when it has no
resource) or the OPD's latest "still current" confirmation, whichever is
later.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

import ckan.model as model

from ..search import hooks
from . import rules, store

__all__ = ["data_updated", "schedule_of", "as_dict", "derive", "for_index", "refresh",
           "fresh_status", "is_published", "forget", "INDEX_FIELDS"]

# index fields: the thresholds as dates (a status depends on the day asked)
INDEX_FIELDS = {"due": "jadwal_jatuh_tempo", "overdue": "jadwal_terlambat",
                "delinquent": "jadwal_sangat_terlambat"}


def _time(value: Any) -> Optional[datetime.datetime]:
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    try:
        parsed = datetime.datetime.fromisoformat(str(value).rstrip("Z"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def data_updated(pkg_dict: dict[str, Any]) -> datetime.datetime:
    """When the dataset's data last changed."""
    times = [t for res in pkg_dict.get("resources") or []
             for t in (_time(res.get("last_modified")), _time(res.get("created"))) if t]
    if times:
        return max(times)
    return (_time(pkg_dict.get("metadata_created")) or _time(pkg_dict.get("metadata_modified"))
            or datetime.datetime.utcnow())


def is_published(pkg_dict: dict[str, Any]) -> bool:
    """Active and published (the review's state; a dataset without one is
    published unless private, as ``review/store.STATE_SQL`` has it)."""
    state = pkg_dict.get("satudata_status") or ("draft" if pkg_dict.get("private") else "published")
    return pkg_dict.get("state", "active") == "active" and state == "published"


def schedule_of(pkg_dict: dict[str, Any], kept: Optional[dict[str, Any]]) -> rules.Schedule:
    """The schedule from the dataset and its kept row (confirmation, plan)."""
    kept = kept or {}
    return rules.compute(pkg_dict.get("frekuensi"), data_updated(pkg_dict),
                         kept.get("confirmed"), kept.get("planned"))


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def as_dict(schedule: rules.Schedule, now: datetime.datetime) -> dict[str, Any]:
    """``satudata_jadwal``: ``frekuensi``, ``last_update``, ``next_due`` (the
    date it falls due), ``overdue_from``, ``delinquent_from``, ``planned``
    (the OPD's planned release) and ``status``."""
    return {"frekuensi": schedule.frekuensi, "last_update": _iso(schedule.last_update),
            "next_due": _iso(schedule.due), "overdue_from": _iso(schedule.overdue),
            "delinquent_from": _iso(schedule.delinquent), "planned": _iso(schedule.planned),
            "status": schedule.status(now)}


def fresh_status(jadwal: dict[str, Any], now: Optional[datetime.datetime] = None) -> str:
    """The status today of a ``satudata_jadwal`` computed some time ago (a
    search result carries the one of its indexing)."""
    return rules.status_at(now or datetime.datetime.utcnow(), _time(jadwal.get("next_due")),
                           _time(jadwal.get("overdue_from")), _time(jadwal.get("delinquent_from")))


def derive(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``after_dataset_show``: add ``satudata_jadwal``."""
    if pkg_dict.get("type", "dataset") != "dataset" or not pkg_dict.get("id"):
        return pkg_dict
    kept = store.row(model.Session, pkg_dict["id"])
    pkg_dict["satudata_jadwal"] = as_dict(schedule_of(pkg_dict, kept), datetime.datetime.utcnow())
    return pkg_dict


# the schedule rows, read and written per batch in a bulk reindex
_ROWS = hooks.Slot("schedule", store.rows, store.save_many)


def for_index(pkg_dict: dict[str, Any], shown: dict[str, Any]) -> None:
    """``before_dataset_index``: write the dataset's schedule row and put its
    thresholds (dates) into the search document."""
    if (pkg_dict.get("dataset_type") or "dataset") != "dataset" or not pkg_dict.get("id"):
        return
    pkg_id = pkg_dict["id"]
    kept = _ROWS.read(pkg_id, lambda: store.row(model.Session, pkg_id))
    schedule = schedule_of(shown, kept)
    row = store.values(pkg_id, shown.get("owner_org"), is_published(shown), schedule,
                       data_updated(shown), (kept or {}).get("confirmed"))
    _ROWS.write(pkg_id, row, lambda: store.save_many(model.Session, [row]))
    for attr, field in INDEX_FIELDS.items():
        value = getattr(schedule, attr)
        pkg_dict[field] = value.date().isoformat() if value else None
    if shown is not pkg_dict:   # what search results show (a bulk rebuild feeds an older dict)
        shown["satudata_jadwal"] = as_dict(schedule, datetime.datetime.utcnow())


def forget(context: Any, pkg_dict: dict[str, Any]) -> None:
    """``after_dataset_delete``: the dataset leaves the schedule's lists."""
    package = model.Package.get(pkg_dict.get("id") or "")
    if package is not None:
        store.forget(model.Session, package.id)


def refresh(search_results: dict[str, Any]) -> dict[str, Any]:
    """``after_dataset_search``: each result's status as of today."""
    now = datetime.datetime.utcnow()
    for result in search_results.get("results") or []:
        jadwal = result.get("satudata_jadwal")
        if isinstance(jadwal, dict):
            jadwal["status"] = fresh_status(jadwal, now)
    return search_results
