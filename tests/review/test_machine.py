"""The state machine alone (no CKAN): revisions, the Pendukung stage, notes."""
from __future__ import annotations

import pytest

from ckanext.satudata.review import machine as wf

P, W, S = {"producer"}, {"walidata"}, {"pendukung"}


def test_a_revision_has_its_own_cycle_and_approval_publishes_it():
    assert wf.decide("submit", "published", P, revision="draft") == wf.Decision(
        "submit", "draft", "submitted", True)
    assert wf.decide("approve", "published", W, revision="submitted").target == "published"
    assert wf.decide("return", "published", W, revision="submitted", note="x").target == "returned"
    with pytest.raises(wf.InvalidTransition):
        wf.decide("publish", "published", W, revision="submitted")
    # a takedown is about the dataset, whatever its revision is doing
    assert wf.decide("unpublish", "published", W, revision="submitted", note="x").revision is False


def test_published_without_revision_has_nothing_to_submit():
    with pytest.raises(wf.InvalidTransition):
        wf.decide("submit", "published", P)


def test_notes_and_self_approval():
    with pytest.raises(wf.NoteRequired):
        wf.decide("return", "submitted", W, note=" ")
    with pytest.raises(wf.NotPermitted) as err:
        wf.decide("approve", "submitted", W | P, is_submitter=True)
    assert err.value.reason == "own"
    with pytest.raises(wf.NotPermitted) as err:
        wf.decide("approve", "submitted", P)
    assert err.value.reason == "role"


def test_pendukung_stage_sits_between_submission_and_walidata():
    with pytest.raises(wf.InvalidTransition):
        wf.decide("approve", "submitted", W, pendukung=True)
    assert wf.decide("verify", "submitted", S, pendukung=True).target == "verified"
    assert wf.decide("approve", "verified", W, pendukung=True).target == "approved"
    assert wf.decide("return", "submitted", S, note="x", pendukung=True).target == "returned"
    with pytest.raises(wf.InvalidTransition):
        wf.decide("verify", "submitted", S)
    assert wf.roles_for("verify", pendukung=True) == {"pendukung"}
    assert wf.roles_for("verify") == set()


def test_state_of_datasets_saved_before_the_review_flow():
    assert wf.state_of({}, private=False) == "published"
    assert wf.state_of(None, private=True) == "draft"
    assert wf.state_of({"satudata_status": "returned"}, private=True) == "returned"
    assert wf.state_of({"satudata_status": "nonsense"}, private=True) == "draft"
