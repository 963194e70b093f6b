"""When a grant ends and what its state reads as (access/rules.py)."""
from __future__ import annotations

import datetime
import zoneinfo

import pytest

from ckanext.satudata.access import rules

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
UTC = datetime.timezone.utc


def test_a_date_ends_at_the_next_midnight_in_the_portal_zone():
    assert rules.parse_until("2027-01-31", JAKARTA) == datetime.datetime(2027, 1, 31, 17, tzinfo=UTC)
    assert rules.parse_until("20270131", JAKARTA) == datetime.datetime(2027, 1, 31, 17, tzinfo=UTC)
    assert rules.parse_until(datetime.date(2027, 1, 31), UTC) == datetime.datetime(2027, 2, 1, tzinfo=UTC)


def test_a_moment_ends_then_naive_ones_in_the_portal_zone():
    assert rules.parse_until("2027-01-31T10:00:00+00:00", JAKARTA) == \
        datetime.datetime(2027, 1, 31, 10, tzinfo=UTC)
    assert rules.parse_until("2027-01-31T10:00:00Z", JAKARTA) == \
        datetime.datetime(2027, 1, 31, 10, tzinfo=UTC)
    assert rules.parse_until("2027-01-31T10:00", JAKARTA) == datetime.datetime(2027, 1, 31, 3, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["", "besok", "2027-02-30", "2027-13-01", "1" * 41, "2027-01-31T25:00"])
def test_anything_else_is_refused(bad):
    with pytest.raises(ValueError):
        rules.parse_until(bad, JAKARTA)


def test_an_approved_grant_past_its_end_reads_expired():
    now = datetime.datetime(2027, 1, 1, tzinfo=UTC)
    second = datetime.timedelta(seconds=1)
    assert rules.shown_state("approved", now + second, now) == "approved"
    assert rules.shown_state("approved", now, now) == "expired"          # the end is exclusive
    assert rules.shown_state("approved", now - second, now) == "expired"
    assert rules.shown_state("revoked", now + second, now) == "revoked"
    assert not rules.is_live("approved", None, now)


def test_the_zone_of_the_config():
    assert rules.portal_zone("Asia/Jakarta") == JAKARTA
    assert rules.portal_zone("Nowhere/Atall") is not None      # the machine's own
    assert rules.portal_zone("server") is not None
