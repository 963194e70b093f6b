"""Reminders: editors when due, admins when overdue, the walidata when
delinquent, each once per dataset and stage, through the mail queue."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan
from ckan.tests.helpers import call_action

from ..jobs_helpers import job_queue_fixture, run_jobs  # noqa: F401 (fixture job_queue)
from ..review_helpers import act
from ..schedule_helpers import build

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_each_stage_reaches_its_people_once(cli, inbox, job_queue):
    c = build()
    result = cli.invoke(ckan, ["satudata", "schedule", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminders: 1 due, 2 overdue, 1 delinquent" in result.output
    run_jobs()
    to_editor = inbox.to(c.editor["email"])
    to_admin = inbox.to(c.admin["email"])
    to_walidata = inbox.to(c.walidata["email"])
    assert [m["Subject"] for m in to_editor] == ["Dataset yang jatuh tempo pemutakhiran: 1"]
    body = to_editor[0].get_content()
    assert "Jatuh Tempo Tahunan (Dinas Kesehatan)" in body
    assert "http://test.ckan.net/dataset/jatuh-tempo-tahunan" in body
    assert [m["Subject"] for m in to_admin] == ["Dataset yang terlambat dimutakhirkan: 1"]
    assert "Terlambat Tahunan" in to_admin[0].get_content()
    assert [m["Subject"] for m in to_walidata] == ["Dataset yang sangat terlambat dimutakhirkan: 1"]
    assert "Sangat Terlambat Bulanan" in to_walidata[0].get_content()
    assert not inbox.to(c.member["email"])
    # the other OPD's overdue dataset went to its admins (it has none) only
    assert not any("Lain Terlambat" in m.get_content() for m in inbox.messages)
    assert not any("Draf" in m.get_content() for m in inbox.messages)   # unpublished: no reminder

    # a second run the same day sends nothing
    inbox.messages.clear()
    again = cli.invoke(ckan, ["satudata", "schedule", "remind"])
    assert "Reminders: 0 due, 0 overdue, 0 delinquent; 0 mails" in again.output
    run_jobs()
    assert inbox.messages == []

    # a confirmation starts a new cycle; the next time it falls due it is announced again
    act("satudata_dataset_confirm_current", c.editor, id="jatuh-tempo-tahunan", note="x")
    assert call_action("satudata_schedule_show", id="jatuh-tempo-tahunan")["status"] == "mutakhir"

    # the daily run is a sysadmin's (the CLI's site user)
    with pytest.raises(tk.NotAuthorized):
        act("satudata_schedule_remind", c.walidata)
