"""The file checks through the real stack: uploads by the OPD through the
action API, the check queued on commit and run by CKAN's background worker
(an RQ worker in this process), the report through
``satudata_file_check_show``/``_list``, on the resource page for the OPD and
on the walidata's review page; a "CSV" that is a web page is flagged at once
and never reaches xloader; a revision's new file is checked as the revision's
and becomes the resource's check on approval."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.lib.jobs as ckan_jobs
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from .. import factories
from ..access_helpers import act
from ..jobs_helpers import empty, run_only
from .test_tabular import UNTIDY

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

HTML = b"<!DOCTYPE html><html><body>Halaman tidak ditemukan</body></html>"


def _upload(dataset, user, name, body, format="CSV", resource_id=None):
    action = "resource_update" if resource_id else "resource_create"
    target = {"id": resource_id} if resource_id else {"package_id": dataset["id"]}
    return call_action(action, {"user": user["name"]}, name=name, format=format, **target,
                       upload=FileStorage(io.BytesIO(body), "berkas.csv", content_type="text/csv"))


def _api(app, action, user, **params):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(f"/api/3/action/{action}", query_string=params, headers=headers, expect_errors=True)


@pytest.fixture
def people():
    opd = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    editor = ckan_factories.UserWithToken(name="petugas-dinkes")
    call_action("organization_member_create", id=opd["id"], username=editor["name"], role="editor")
    return {"opd": opd, "editor": editor, "walidata": factories.WalidataFactory(),
            "stranger": ckan_factories.UserWithToken(name="orang-lain")}


def test_uploads_are_checked_on_the_worker_and_reported_to_the_opd_and_the_walidata(app, people):
    queue = ckan_jobs.get_queue()
    empty(queue)
    editor, walidata = people["editor"], people["walidata"]
    dataset = factories.DraftDataset(name="posyandu", owner_org=people["opd"]["id"])
    untidy = _upload(dataset, editor, "Tabel posyandu", UNTIDY)
    fake = _upload(dataset, editor, "Tabel palsu", HTML)
    # the web page labelled CSV is flagged in the request and xloader never gets it
    queued = [job for job in queue.jobs if "xloader" in job.func_name]
    assert [job.args[0]["metadata"]["resource_id"] for job in queued] == [untidy["id"]]
    pending = _api(app, "satudata_file_check_show", editor, id=fake["id"]).json["result"]
    assert pending["state"] == "pending" and pending["flagged"] and pending["detected"] == "html"
    assert [job.args for job in queue.jobs if "quality" in job.func_name] == [
        [untidy["id"], ""], [fake["id"], ""]]
    # an update that leaves the file as it was (xloader's, after its load) checks nothing again
    call_action("resource_patch", {"user": editor["name"]}, id=untidy["id"], description="Rekap")
    assert len([job for job in queue.jobs if "quality" in job.func_name]) == 2
    run_only(queue, "quality.jobs")

    shown = _api(app, "satudata_file_check_show", editor, id=untidy["id"]).json["result"]
    assert shown["state"] == "done" and shown["valid"] is False and shown["rows"] == 6
    messages = [f["message"] for f in shown["findings"]]
    assert "Baris 4 kosong" in messages
    assert 'Baris 5, kolom 2 (posyandu): "dua puluh" bukan angka, di kolom berisi angka' in messages
    flagged = _api(app, "satudata_file_check_show", editor, id=fake["id"]).json["result"]
    assert [f["message"] for f in flagged["findings"]] == [
        "Berkas dinyatakan sebagai CSV, tetapi berupa halaman web (HTML): tidak dimuat"]
    english = app.get(f"/en/api/3/action/satudata_file_check_show?id={fake['id']}",
                      headers={"Authorization": editor["token"]}).json["result"]
    assert english["findings"][0]["message"] == (
        "The file is declared as CSV but is a web page (HTML): it is not loaded")
    # anyone else: as if the resource did not exist
    for who in (people["stranger"], None):
        assert _api(app, "satudata_file_check_show", who, id=untidy["id"]).status_code == 404
        assert _api(app, "satudata_file_check_show", who, id="tidak-ada").status_code == 404

    page = app.get(f"/dataset/posyandu/resource/{untidy['id']}",
                   headers={"Authorization": editor["token"]}).body
    assert "Pemeriksaan berkas" in page and "Baris 4 kosong" in page
    act("satudata_dataset_submit", editor, id=dataset["id"])
    review = app.get("/dataset/review/posyandu", headers={"Authorization": walidata["token"]}).body
    assert "Tabel posyandu" in review and "Tabel palsu" in review
    assert review.count('data-module="satudata-quote"') == 2 and "Kutip di catatan" in review
    listed = _api(app, "satudata_file_check_list", walidata, id="posyandu").json["result"]
    assert [(c["name"], c["flagged"]) for c in listed] == [("Tabel posyandu", False), ("Tabel palsu", True)]


def test_a_revision_s_file_is_checked_as_the_revision_s_then_becomes_the_resource_s(app, people):
    queue = ckan_jobs.get_queue()
    empty(queue)
    editor, walidata = people["editor"], people["walidata"]
    dataset = factories.DraftDataset(name="posyandu", owner_org=people["opd"]["id"])
    tidy = _upload(dataset, editor, "Tabel posyandu", b"kecamatan,posyandu\nCiomas,41\n")
    factories.set_review_state(dataset["id"], "published")
    _upload(dataset, editor, "Tabel posyandu", UNTIDY, resource_id=tidy["id"])   # a revision
    run_only(queue, "quality.jobs")
    shown = _api(app, "satudata_file_check_show", editor, id=tidy["id"]).json["result"]
    assert shown["valid"] is True and shown["revision"]["valid"] is False
    act("satudata_dataset_submit", editor, id=dataset["id"])
    act("satudata_dataset_approve", walidata, id=dataset["id"])
    shown = _api(app, "satudata_file_check_show", editor, id=tidy["id"]).json["result"]
    assert shown["valid"] is False and shown["rows"] == 6 and shown["revision"] is None
