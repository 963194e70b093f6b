"""A dataset's update schedule as pure computation (no CKAN imports).

The thresholds follow HDX's freshness (hdx-data-freshness): a dataset is
``due`` once its frequency's period has passed since the day of its last
update, ``overdue`` and ``delinquent`` some days after that. Statuses
change at midnight UTC, so that the search index can hold the thresholds
as days (``schedule/facet.py``). A planned release
date set by the OPD, when it lies after the last update, replaces the
period: the thresholds then count from that date.
"""
from __future__ import annotations

import dataclasses
import datetime
from typing import Optional

__all__ = ["Thresholds", "THRESHOLDS", "STATUSES", "CURRENT", "DUE", "OVERDUE", "DELINQUENT",
           "AD_HOC", "Schedule", "compute", "status_at", "LATE"]

CURRENT, DUE, OVERDUE, DELINQUENT, AD_HOC = (
    "mutakhir", "jatuh_tempo", "terlambat", "sangat_terlambat", "tidak_berkala")
STATUSES = (CURRENT, DUE, OVERDUE, DELINQUENT, AD_HOC)
LATE = (OVERDUE, DELINQUENT)


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """Days after the last update at which a dataset is due, overdue, delinquent."""
    due: int
    overdue: int
    delinquent: int


# frekuensi code (vocab/frekuensi.csv) -> thresholds; codes absent here
# (tidak_tetap, or a code the list does not know) are never late.
THRESHOLDS: dict[str, Thresholds] = {
    "harian": Thresholds(1, 2, 3),
    "mingguan": Thresholds(7, 14, 21),
    "bulanan": Thresholds(30, 44, 60),
    "triwulanan": Thresholds(90, 120, 150),
    "semesteran": Thresholds(180, 210, 240),
    "tahunan": Thresholds(365, 425, 455),
    "dua_tahunan": Thresholds(730, 790, 820),
    "lima_tahunan": Thresholds(1826, 1886, 1916),
}


@dataclasses.dataclass(frozen=True)
class Schedule:
    """When a dataset was last updated and when it falls due, overdue, delinquent
    (all None for a dataset that is never late)."""
    frekuensi: Optional[str]
    last_update: datetime.datetime
    due: Optional[datetime.datetime]
    overdue: Optional[datetime.datetime]
    delinquent: Optional[datetime.datetime]
    planned: Optional[datetime.date] = None

    def status(self, now: datetime.datetime) -> str:
        return status_at(now, self.due, self.overdue, self.delinquent)


def status_at(now: datetime.datetime, due: Optional[datetime.datetime],
              overdue: Optional[datetime.datetime],
              delinquent: Optional[datetime.datetime]) -> str:
    """The status at ``now`` of a dataset with these thresholds."""
    if due is None or overdue is None or delinquent is None:
        return AD_HOC
    if now >= delinquent:
        return DELINQUENT
    if now >= overdue:
        return OVERDUE
    if now >= due:
        return DUE
    return CURRENT


def compute(frekuensi: Optional[str], data_updated: datetime.datetime,
            confirmed: Optional[datetime.datetime] = None,
            planned: Optional[datetime.date] = None) -> Schedule:
    """The schedule of a dataset whose data last changed at ``data_updated``,
    that its OPD last confirmed current at ``confirmed`` and whose next
    release is planned for ``planned``."""
    last = max(data_updated, confirmed) if confirmed is not None else data_updated
    limits = THRESHOLDS.get(frekuensi or "")
    if limits is None:
        return Schedule(frekuensi, last, None, None, None, planned)
    start = datetime.datetime.combine(last.date(), datetime.time())     # whole days (UTC)
    due_days = limits.due
    if planned is not None:
        plan = datetime.datetime.combine(planned, datetime.time())
        if plan > last:                 # a plan already met by an update no longer counts
            start, due_days = plan, 0
    shift = due_days - limits.due
    return Schedule(frekuensi, last,
                    start + datetime.timedelta(days=due_days),
                    start + datetime.timedelta(days=limits.overdue + shift),
                    start + datetime.timedelta(days=limits.delinquent + shift),
                    planned)
