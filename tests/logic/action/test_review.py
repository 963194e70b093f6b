"""The walidata review through the action API: every transition for every
role, the rules that hold on core actions, the record, mail, conflicts."""
from __future__ import annotations

import threading

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from ... import factories
from ...jobs_helpers import job_queue_fixture, run_jobs  # noqa: F401 (fixture job_queue)
from ...review_helpers import PATHS, act, dataset_in, people, refusal

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ROLES = ("anonymous", "producer", "member", "other", "walidata", "sysadmin")
ACTIONS = ("submit", "withdraw", "verify", "return", "approve", "publish", "unpublish")
# What the issue allows, written out independently of the state machine.
ALLOWED = {
    ("draft", "submit"): {"producer", "sysadmin"},
    ("returned", "submit"): {"producer", "sysadmin"},
    ("unpublished", "submit"): {"producer", "sysadmin"},
    ("submitted", "withdraw"): {"producer", "sysadmin"},
    ("submitted", "return"): {"walidata", "sysadmin"},
    ("submitted", "approve"): {"walidata", "sysadmin"},
    ("approved", "return"): {"walidata", "sysadmin"},
    ("approved", "publish"): {"walidata", "sysadmin"},
    ("published", "unpublish"): {"walidata", "sysadmin"},
}
TARGET = {"submit": "submitted", "withdraw": "draft", "return": "returned",
          "approve": "approved", "publish": "published", "unpublish": "unpublished"}


def _actor(who, role):
    return None if role == "anonymous" else getattr(who, role)


def _state(dataset_id):
    return call_action("satudata_review_history", id=dataset_id)["state"]


@pytest.mark.parametrize("state", list(PATHS))
def test_every_refused_transition_is_refused_and_changes_nothing(state):
    who = people()
    dataset = dataset_in(who, state, direct=True)
    before = call_action("satudata_review_history", id=dataset["id"])["decisions"]
    for action in ACTIONS:
        for role in ROLES:
            if role in ALLOWED.get((state, action), set()):
                continue
            with pytest.raises(refusal(action, role, state)):
                act(f"satudata_dataset_{action}", _actor(who, role), id=dataset["id"], note="x")
    assert _state(dataset["id"]) == state
    assert call_action("satudata_review_history", id=dataset["id"])["decisions"] == before


@pytest.mark.parametrize("state", sorted({state for state, _action in ALLOWED}))
def test_every_allowed_transition(state):
    who = people()
    for (source, action), roles in sorted(ALLOWED.items()):
        for role in sorted(roles) if source == state else ():
            dataset = dataset_in(who, state, direct=True)
            result = act(f"satudata_dataset_{action}", _actor(who, role), id=dataset["id"],
                         note="Catatan")
            assert result["state"] == TARGET[action], (action, role)
            shown = call_action("package_show", id=dataset["id"])
            assert shown["satudata_status"] == TARGET[action]
            assert shown["private"] is (TARGET[action] != "published")
            last = call_action("satudata_review_history", id=dataset["id"])["decisions"][-1]
            assert (last["action"], last["from_state"], last["to_state"]) == (
                action, state, TARGET[action])
            assert last["actor_name"] == _actor(who, role)["name"]


def test_refusals_say_why():
    who = people()
    draft = dataset_in(who, "draft")
    submitted = dataset_in(who, "submitted")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_publish", who.walidata, id=submitted["id"])
    assert err.value.error_dict["satudata_status"] == [
        "The dataset is submitted: it cannot be published now"]
    with pytest.raises(tk.NotAuthorized) as denied:
        act("satudata_dataset_submit", who.walidata, id=submitted["id"])
    assert "OPD" in str(denied.value)
    # a draft is its OPD's alone: for the walidata and other OPDs it does not exist
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_dataset_publish", who.walidata, id=draft["id"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_dataset_submit", who.other, id=draft["id"])
    with pytest.raises(tk.NotAuthorized) as denied:
        act("satudata_dataset_approve", who.producer, id=draft["id"])
    assert "walidata" in str(denied.value)
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_dataset_submit", who.producer, id="no-such-dataset")


def test_return_and_unpublish_need_a_note():
    who = people()
    submitted = dataset_in(who, "submitted")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_return", who.walidata, id=submitted["id"], note="  ")
    assert "note" in err.value.error_dict
    published = dataset_in(who, "published")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_unpublish", who.walidata, id=published["id"])
    assert "note" in err.value.error_dict
    assert _state(published["id"]) == "published"


def test_approve_can_publish_at_once_and_records_both_decisions():
    who = people()
    dataset = dataset_in(who, "submitted")
    result = act("satudata_dataset_approve", who.walidata, id=dataset["id"], publish=True)
    assert result["state"] == "published"
    decisions = call_action("satudata_review_history", id=dataset["id"])["decisions"]
    assert [d["action"] for d in decisions] == ["submit", "approve", "publish"]


def test_nobody_approves_their_own_submission():
    who = people()
    steward = tk.config["ckanext.satudata.walidata_organization"]
    own = act("package_create", who.walidata, owner_org=steward, name="data-walidata",
              **factories.REQUIRED)
    act("satudata_dataset_submit", who.walidata, id=own["id"])
    with pytest.raises(tk.NotAuthorized) as err:
        act("satudata_dataset_approve", who.walidata, id=own["id"])
    assert "another walidata" in str(err.value)
    assert _state(own["id"]) == "submitted"
    act("satudata_dataset_approve", who.walidata2, id=own["id"])
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_publish", who.walidata, id=own["id"])
    act("satudata_dataset_publish", who.walidata2, id=own["id"])
    assert _state(own["id"]) == "published"


def test_tertutup_is_never_published():
    who = people()
    closed = dataset_in(who, "approved", klasifikasi_akses="tertutup")
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_dataset_publish", who.walidata, id=closed["id"])
    assert "klasifikasi_akses" in err.value.error_dict
    assert _state(closed["id"]) == "approved"
    assert call_action("package_show", id=closed["id"])["private"] is True


def test_new_dataset_is_a_private_draft_whatever_the_input_says():
    who = people()
    dataset = act("package_create", who.producer, owner_org=who.opd["id"], name="coba",
                  private=False, satudata_status="published", **factories.REQUIRED)
    assert (dataset["private"], dataset["satudata_status"]) == (True, "draft")
    created_by_sysadmin = act("package_create", who.sysadmin, owner_org=who.opd["id"], name="coba2",
                              private=False, **factories.REQUIRED)
    assert created_by_sysadmin["private"] is True


@pytest.mark.parametrize("role", ["producer", "walidata", "sysadmin"])
def test_core_actions_cannot_publish_or_change_the_state(role):
    who = people()
    draft = dataset_in(who, "draft")
    submitted = dataset_in(who, "submitted")
    published = dataset_in(who, "published")
    actor = getattr(who, role)
    # the walidata does not even see another OPD's draft; the others get told why
    refused = tk.ObjectNotFound if role == "walidata" else tk.ValidationError
    with pytest.raises(refused) as err:
        act("package_patch", actor, id=draft["id"], private=False)
    assert role == "walidata" or "private" in err.value.error_dict
    with pytest.raises(refused) as err:
        act("package_patch", actor, id=draft["id"], satudata_status="published")
    assert role == "walidata" or "satudata_status" in err.value.error_dict
    if role == "sysadmin":     # the only one who may edit while the walidata decides
        with pytest.raises(tk.ValidationError) as err:
            act("package_patch", actor, id=submitted["id"], satudata_status="approved")
        assert "satudata_status" in err.value.error_dict
        with pytest.raises(tk.ValidationError) as err:
            act("package_patch", actor, id=published["id"], private=True)
        assert "private" in err.value.error_dict
    # the bulk actions refuse the review's datasets for everyone, with the field named
    with pytest.raises(tk.ValidationError) as err:
        act("bulk_update_public", actor, datasets=[draft["id"]], org_id=who.opd["id"])
    assert "datasets" in err.value.error_dict
    with pytest.raises(tk.ValidationError) as err:
        act("bulk_update_private", actor, datasets=[published["id"]], org_id=who.opd["id"])
    assert published["name"] in err.value.error_dict["datasets"][0]
    assert [_state(d["id"]) for d in (draft, submitted, published)] == [
        "draft", "submitted", "published"]
    assert call_action("package_show", id=draft["id"])["private"] is True
    assert call_action("package_show", id=published["id"])["private"] is False


def test_resource_actions_keep_a_draft_private():
    who = people()
    draft = dataset_in(who, "draft")
    act("resource_create", who.producer, package_id=draft["id"], url="http://x.id/a.csv",
        name="Tabel", format="CSV")
    assert call_action("package_show", id=draft["id"])["private"] is True


def test_under_review_the_opd_waits_or_withdraws():
    who = people()
    dataset = dataset_in(who, "submitted")
    with pytest.raises(tk.NotAuthorized) as err:
        act("package_patch", who.producer, id=dataset["id"], title="Diubah")
    assert "withdraw" in str(err.value)
    with pytest.raises(tk.NotAuthorized):
        act("resource_create", who.producer, package_id=dataset["id"], url="http://x.id/a.csv")
    with pytest.raises(tk.NotAuthorized):       # outside any web request too
        call_action("package_patch", {"user": who.producer["name"]}, id=dataset["id"], title="X")
    act("satudata_dataset_withdraw", who.producer, id=dataset["id"])
    assert act("package_patch", who.producer, id=dataset["id"], title="Diubah")["title"] == "Diubah"


def test_history_records_who_when_what_and_the_changes():
    who = people()
    dataset = dataset_in(who, "returned")
    act("package_patch", who.producer, id=dataset["id"], title="Judul Diperbaiki", satuan="jiwa")
    act("satudata_dataset_submit", who.producer, id=dataset["id"], note="Sudah diperbaiki")
    history = act("satudata_review_history", who.producer, id=dataset["id"])
    first, returned, resubmitted = history["decisions"]
    assert (first["action"], first["changes"]) == ("submit", [])
    assert (returned["action"], returned["note"], returned["actor_name"]) == (
        "return", "Catatan uji", who.walidata["name"])
    assert resubmitted["note"] == "Sudah diperbaiki"
    assert resubmitted["changes"] == ["satuan", "title"]
    assert resubmitted["created"] >= returned["created"]
    with pytest.raises(tk.ObjectNotFound):          # a dataset they may not see
        act("satudata_review_history", who.other, id=dataset["id"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_review_history", None, id=dataset["id"])
    assert act("satudata_review_history", who.member, id=dataset["id"])["state"] == "submitted"


def test_the_log_is_append_only():
    import sqlalchemy as sa
    import ckan.model as model
    who = people()
    dataset_in(who, "submitted")
    with pytest.raises(sa.exc.InternalError, match="append-only"):
        model.Session.execute(sa.text("UPDATE satudata_review_log SET note = 'x'"))
    model.Session.rollback()
    with pytest.raises(sa.exc.InternalError, match="append-only"):
        model.Session.execute(sa.text("DELETE FROM satudata_review_log"))
    model.Session.rollback()


def test_review_list_is_the_walidata_queue_and_the_opd_own_list():
    who = people()
    waiting = dataset_in(who, "submitted")
    dataset_in(who, "draft")
    elsewhere = people()
    other_waiting = dataset_in(elsewhere, "submitted")
    queue = act("satudata_review_list", who.walidata)
    assert {r["id"] for r in queue["results"]} == {waiting["id"], other_waiting["id"]}
    assert queue["counts"]["submitted"] == 2 and "draft" not in queue["counts"]
    row = next(r for r in queue["results"] if r["id"] == waiting["id"])
    assert row["waiting_days"] == 0 and row["organization"] == who.opd["title"]
    assert 0 < row["kelengkapan"] < 100
    by_opd = act("satudata_review_list", who.walidata, owner_org=who.opd["name"])
    assert [r["id"] for r in by_opd["results"]] == [waiting["id"]]
    assert act("satudata_review_list", who.walidata, older_than=3)["count"] == 0
    mine = act("satudata_review_list", who.producer, mine=True)
    assert {r["state"] for r in mine["results"]} == {"submitted", "draft"}
    assert act("satudata_review_list", who.other)["count"] == 0       # not the walidata
    with pytest.raises(tk.ValidationError):
        act("satudata_review_list", who.producer, owner_org=elsewhere.opd["name"])
    with pytest.raises(tk.ValidationError):
        act("satudata_review_list", who.walidata, state="nonsense")
    with pytest.raises(tk.NotAuthorized):
        act("satudata_review_list", None)


def test_mail_to_the_walidata_on_submission_and_to_the_producer_on_decisions(app, inbox,
                                                                            job_queue):
    who = people()
    dataset = dataset_in(who, "draft")
    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    assert inbox.messages == [] and job_queue.count == 2     # sent by the worker, not the request
    run_jobs()
    assert len(inbox.to(who.walidata["email"])) == 1
    assert len(inbox.to(who.walidata2["email"])) == 1
    assert not inbox.to(who.producer["email"])
    # the decision taken on an Indonesian page (a request without /en/): its mail is written then
    with app.flask_app.test_request_context("/"):
        act("satudata_dataset_return", who.walidata, id=dataset["id"], note="Lengkapi satuan data.")
    run_jobs()
    (mail,) = inbox.to(who.producer["email"])
    body = mail.get_body().get_content()
    assert "Lengkapi satuan data." in body
    assert dataset["title"] in mail["Subject"]
    assert f"/dataset/review/{dataset['name']}" in body
    # in the request's language, Indonesian
    assert "Dikembalikan" in mail["Subject"]
    assert "Catatan:" in body and "Halaman tinjauan:" in body
    from tests.browser.english import english_in
    assert english_in(mail["Subject"] + "\n" + body) == []


def test_concurrent_decisions_one_wins_the_other_gets_a_clear_conflict(app):
    who = people()
    dataset = dataset_in(who, "submitted")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(action, user):
        with app.flask_app.test_request_context("/"):
            barrier.wait()
            try:
                outcomes[user["name"]] = tk.get_action(f"satudata_dataset_{action}")(
                    {"user": user["name"]}, {"id": dataset["id"], "note": f"{action} oleh walidata"})
            except tk.ValidationError as error:
                outcomes[user["name"]] = error
            finally:
                import ckan.model as model
                model.Session.remove()

    # two approvals: whichever comes second finds the dataset approved, in
    # either order (a return after an approval would be a legal second step)
    threads = [threading.Thread(target=decide, args=("approve", who.walidata)),
               threading.Thread(target=decide, args=("approve", who.walidata2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [v for v in outcomes.values() if isinstance(v, tk.ValidationError)]
    wins = [k for k, v in outcomes.items() if not isinstance(v, tk.ValidationError)]
    assert len(errors) == 1 and len(wins) == 1
    assert "satudata_status" in errors[0].error_dict
    decisions = call_action("satudata_review_history", id=dataset["id"])["decisions"]
    assert [d["action"] for d in decisions] == ["submit", "approve"]
    assert _state(dataset["id"]) == TARGET["approve"]


@pytest.mark.ckan_config("ckanext.satudata.workflow.walidata_pendukung", "true")
def test_walidata_pendukung_checks_inside_the_opd_first(inbox, job_queue):
    who = people()
    admin = factories.User()
    call_action("organization_member_create", id=who.opd["id"], username=admin["name"], role="admin")
    dataset = dataset_in(who, "draft")
    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    run_jobs()
    assert inbox.to(admin["email"]) and not inbox.to(who.walidata["email"])
    with pytest.raises(tk.ValidationError):       # not verified yet
        act("satudata_dataset_approve", who.walidata, id=dataset["id"])
    with pytest.raises(tk.NotAuthorized):
        act("satudata_dataset_verify", who.producer, id=dataset["id"])
    assert act("satudata_dataset_verify", admin, id=dataset["id"])["state"] == "verified"
    run_jobs()
    assert inbox.to(who.walidata["email"])
    assert act("satudata_dataset_approve", who.walidata, id=dataset["id"],
               publish=True)["state"] == "published"


def test_without_pendukung_there_is_no_verify_step():
    who = people()
    dataset = dataset_in(who, "submitted")
    with pytest.raises(tk.NotAuthorized) as err:
        act("satudata_dataset_verify", who.sysadmin, id=dataset["id"])
    assert "Pendukung" in str(err.value)


def test_a_published_dataset_cannot_turn_tertutup():
    who = people()
    published = dataset_in(who, "published")
    with pytest.raises(tk.ValidationError) as err:
        act("package_patch", who.sysadmin, id=published["id"], klasifikasi_akses="tertutup")
    assert "klasifikasi_akses" in err.value.error_dict
    with pytest.raises(tk.ValidationError) as err:       # nor through a revision
        act("package_patch", who.producer, id=published["id"], klasifikasi_akses="tertutup")
    assert "klasifikasi_akses" in err.value.error_dict
    assert call_action("package_show", id=published["id"])["klasifikasi_akses"] == "terbuka"


@pytest.mark.ckan_config("smtp.server", "127.0.0.1:1")
def test_a_mail_that_cannot_be_sent_does_not_undo_the_decision(inbox, job_queue):
    who = people()
    dataset = dataset_in(who, "draft")
    assert act("satudata_dataset_submit", who.producer, id=dataset["id"])["state"] == "submitted"
    run_jobs()
    assert _state(dataset["id"]) == "submitted"
    assert inbox.messages == []             # the SMTP server named is not there
    assert len(job_queue.scheduled_job_registry.get_job_ids()) == 2   # tried again later
