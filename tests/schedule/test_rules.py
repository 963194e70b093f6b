"""The schedule's pure computation: thresholds per frequency, planned dates."""
from __future__ import annotations

import csv
import datetime
import pathlib

import pytest

from ckanext.satudata.schedule import rules

T0 = datetime.datetime(2025, 1, 1)
VOCAB = pathlib.Path(rules.__file__).parent.parent / "vocab" / "frekuensi.csv"


def _status(frekuensi, days_since, planned=None, confirmed=None):
    schedule = rules.compute(frekuensi, T0, confirmed, planned)
    return schedule.status(T0 + datetime.timedelta(days=days_since))


@pytest.mark.parametrize("days, expected", [
    (0, "mutakhir"), (364, "mutakhir"), (365, "jatuh_tempo"), (424, "jatuh_tempo"),
    (425, "terlambat"), (454, "terlambat"), (455, "sangat_terlambat"), (2000, "sangat_terlambat")])
def test_annual_thresholds_are_hdx_ones(days, expected):
    assert _status("tahunan", days) == expected


@pytest.mark.parametrize("days, expected", [
    (29, "mutakhir"), (30, "jatuh_tempo"), (44, "terlambat"), (60, "sangat_terlambat")])
def test_monthly_thresholds(days, expected):
    assert _status("bulanan", days) == expected


@pytest.mark.parametrize("frekuensi", ["tidak_tetap", None, "", "no_such_code"])
def test_ad_hoc_is_never_late(frekuensi):
    schedule = rules.compute(frekuensi, T0)
    assert (schedule.due, schedule.overdue, schedule.delinquent) == (None, None, None)
    assert schedule.status(T0 + datetime.timedelta(days=10_000)) == "tidak_berkala"


def test_every_periodic_code_of_the_code_list_has_thresholds_in_order():
    codes = [row["code"] for row in csv.DictReader(VOCAB.open(encoding="utf-8"))]
    periodic = [c for c in codes if c != "tidak_tetap"]
    assert sorted(periodic) == sorted(rules.THRESHOLDS)
    for code in periodic:
        t = rules.THRESHOLDS[code]
        assert 0 < t.due < t.overdue < t.delinquent


def test_a_confirmation_restarts_the_clock():
    confirmed = T0 + datetime.timedelta(days=400)
    schedule = rules.compute("tahunan", T0, confirmed)
    assert schedule.last_update == confirmed
    assert schedule.status(T0 + datetime.timedelta(days=430)) == "mutakhir"
    assert schedule.due == confirmed + datetime.timedelta(days=365)


def test_an_older_confirmation_does_not_move_the_last_update_back():
    schedule = rules.compute("tahunan", T0, T0 - datetime.timedelta(days=30))
    assert schedule.last_update == T0


def test_a_planned_release_wins_over_the_frequency():
    planned = datetime.date(2025, 3, 1)
    schedule = rules.compute("tahunan", T0, planned=planned)
    assert schedule.due == datetime.datetime(2025, 3, 1)
    assert schedule.overdue == datetime.datetime(2025, 3, 1) + datetime.timedelta(days=60)
    assert schedule.delinquent == datetime.datetime(2025, 3, 1) + datetime.timedelta(days=90)
    assert schedule.status(datetime.datetime(2025, 3, 2)) == "jatuh_tempo"


def test_a_plan_met_by_a_later_update_no_longer_counts():
    schedule = rules.compute("bulanan", T0, planned=datetime.date(2024, 12, 1))
    assert schedule.due == T0 + datetime.timedelta(days=30)


def test_a_plan_for_ad_hoc_data_keeps_it_never_late():
    schedule = rules.compute("tidak_tetap", T0, planned=datetime.date(2025, 2, 1))
    assert schedule.status(T0 + datetime.timedelta(days=900)) == "tidak_berkala"
    assert schedule.planned == datetime.date(2025, 2, 1)
