"""The review pages over HTTP: Antrean Tinjauan, Dataset Saya, a dataset's
review tab with its decisions, record, CSV and revision diff."""
from __future__ import annotations

import csv
import io

import pytest

from ckan.tests.helpers import call_action

from ..review_helpers import act, dataset_in, people

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _as(user):
    return {"Authorization": user["token"]} if user else {}


def test_queue_is_for_the_walidata_with_counts_age_opd_and_completeness(app):
    who = people()
    waiting = dataset_in(who, "submitted")
    dataset_in(who, "draft", title="Draf Rahasia OPD")
    page = app.get("/review", headers=_as(who.walidata))
    assert page.status_code == 200
    body = page.body
    assert "Antrean Tinjauan" in body and waiting["title"] in body
    assert "Draf Rahasia OPD" not in body
    assert who.opd["title"] in body and "Diajukan" in body
    assert f"{call_action('package_show', id=waiting['id'])['kelengkapan']}%" in body
    other = app.get("/review", query_string={"owner_org": who.other_opd["name"]},
                    headers=_as(who.walidata)).body
    assert waiting["title"] not in other
    assert app.get("/review").status_code == 403
    nav = app.get("/dataset/", headers=_as(who.walidata)).body
    assert 'href="/review"' in nav and 'href="/my-datasets"' in nav
    assert 'href="/review"' not in app.get("/dataset/", headers=_as(who.producer), status=200).body


def test_my_datasets_shows_states_and_the_walidata_notes(app):
    who = people()
    returned = dataset_in(who, "returned")
    published = dataset_in(who, "published")
    body = app.get("/my-datasets", headers=_as(who.producer)).body
    assert "Dataset Saya" in body
    assert returned["title"] in body and "Dikembalikan" in body and "Catatan uji" in body
    assert published["title"] in body and "Ditayangkan" in body
    assert returned["title"] not in app.get("/my-datasets", headers=_as(who.other), status=200).body
    # the dashboard's tab lists the OPD's datasets, not only those one created
    dashboard = app.get("/dashboard/datasets", headers=_as(who.member), status=200).body
    assert returned["title"] in dashboard and published["title"] in dashboard
    assert "Dikembalikan" in dashboard and "You haven" not in dashboard
    empty = app.get("/dashboard/datasets", headers=_as(who.other), status=200).body
    assert returned["title"] not in empty and "OPD Anda belum memiliki dataset" in empty
    page = app.get(f"/dataset/{returned['name']}", headers=_as(who.producer)).body
    assert "satudata-review-banner" in page and "Dikembalikan" in page and "Catatan uji" in page
    assert "satudata-review-banner" not in app.get(f"/dataset/{published['name']}", status=200).body


def test_review_tab_takes_decisions_and_shows_the_record(app):
    who = people()
    dataset = dataset_in(who, "submitted")
    url = f"/dataset/review/{dataset['name']}"
    page = app.get(url, headers=_as(who.walidata)).body
    assert 'value="approve"' in page and 'value="return"' in page and 'value="submit"' not in page
    refused = app.post(url, data={"step": "return", "note": ""}, headers=_as(who.walidata))
    assert refused.status_code == 200 and "Tulis catatan untuk OPD" in refused.body
    done = app.post(url, data={"step": "return", "note": "Perbaiki satuan."},
                    headers=_as(who.walidata), follow_redirects=False)
    assert done.status_code == 302
    assert call_action("satudata_review_history", id=dataset["id"])["state"] == "returned"
    page = app.get(url, headers=_as(who.producer)).body
    assert "Perbaiki satuan." in page and 'value="submit"' in page and 'value="approve"' not in page
    assert app.get(url).status_code == 404
    assert app.get(url, headers=_as(who.other)).status_code == 404
    denied = app.post(url, data={"step": "approve"}, headers=_as(who.producer))
    assert "walidata" in denied.body
    assert call_action("satudata_review_history", id=dataset["id"])["state"] == "returned"

    exported = app.get(f"{url}/history.csv", headers=_as(who.walidata))
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.body)))
    assert [(r["action"], r["to_state"], r["note"]) for r in rows] == [
        ("submit", "submitted", "Catatan uji"), ("return", "returned", "Perbaiki satuan.")]
    assert app.get(f"{url}/history.csv").status_code == 404


def test_revision_diff_side_by_side(app):
    who = people()
    dataset = dataset_in(who, "published")
    act("package_patch", who.producer, id=dataset["id"], title="Judul Baru Revisi")
    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    page = app.get(f"/dataset/review/{dataset['name']}", headers=_as(who.walidata)).body
    assert "Revisi yang Menunggu" in page
    assert f"<del>{dataset['title']}</del>" in page and "<ins>Judul Baru Revisi</ins>" in page
    assert '<th scope="row">Judul</th>' in page         # the field's label, not its name


def test_api_refusals_are_in_the_users_language(app):
    who = people()
    dataset = dataset_in(who, "submitted")
    resp = app.post("/api/3/action/satudata_dataset_approve", json={"id": dataset["id"]},
                    headers=_as(who.producer), status=403)
    assert "Hanya walidata" in resp.json["error"]["message"]
    resp = app.post("/en/api/3/action/satudata_dataset_approve", json={"id": dataset["id"]},
                    headers=_as(who.producer), status=403)
    assert "Only the walidata" in resp.json["error"]["message"]
    resp = app.post("/api/3/action/satudata_dataset_publish", json={"id": dataset["id"]},
                    headers=_as(who.walidata), status=409)
    assert resp.json["error"]["satudata_status"] == [
        "Dataset berstatus diajukan: tidak dapat ditayangkan sekarang"]


def test_forms_leave_visibility_to_the_review_and_edit_the_revision(app):
    who = people()
    form = app.get("/dataset/new", headers=_as(who.producer)).body
    assert 'id="field-private"' not in form and "Visibilitas mengikuti tinjauan" in form
    dataset = dataset_in(who, "published")
    act("package_patch", who.producer, id=dataset["id"], title="Judul Revisi di Formulir")
    edit = app.get(f"/dataset/edit/{dataset['name']}", headers=_as(who.producer)).body
    assert 'value="Judul Revisi di Formulir"' in edit          # the OPD edits its revision
    assert "Judul Revisi di Formulir" not in app.get(f"/dataset/{dataset['name']}", status=200).body


def test_an_unknown_step_is_a_bad_request(app):
    who = people()
    dataset = dataset_in(who, "submitted")
    resp = app.post(f"/dataset/review/{dataset['name']}", data={"step": "delete"},
                    headers=_as(who.walidata))
    assert resp.status_code == 400


def test_a_revision_s_files_are_compared_on_their_schema_fields(app):
    """What the DataStore loader and CKAN write on the published file
    (``task_created``, ``original_url``, ``datastore_contains_all_records_of_source_file``)
    is no change of the OPD's: a revision of the title alone lists the title
    only; a file's own change is shown field by field, by its label."""
    import ckan.model as model
    who = people()
    dataset = dataset_in(who, "published", resources=[
        {"url": "https://data.example.go.id/tabel.csv", "format": "CSV", "name": "Tabel"}])
    resource = model.Resource.get(dataset["resources"][0]["id"])
    resource.extras = {**(resource.extras or {}), "task_created": "2026-12-07 15:30:19",
                       "original_url": "http://127.0.0.1/x.csv",
                       "datastore_contains_all_records_of_source_file": "True"}
    model.Session.commit()
    act("package_patch", who.producer, id=dataset["id"], title="Judul Baru Saja")
    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    shown = call_action("satudata_revision_show", {"user": who.walidata["name"]}, id=dataset["id"])
    assert shown["changes"] == ["title"]
    act("satudata_dataset_withdraw", who.producer, id=dataset["id"])
    act("package_patch", who.producer, id=dataset["id"],
        resources=[{**dataset["resources"][0], "description": "Keterangan baru berkas"}])
    shown = call_action("satudata_revision_show", {"user": who.walidata["name"]}, id=dataset["id"])
    name = dataset["resources"][0]["name"]
    assert shown["changes"] == ["title", f"resource:{name}"]
    assert [d["field"] for d in shown["diff"][-1]["details"]] == ["description"]
    page = app.get(f"/dataset/review/{dataset['name']}", headers=_as(who.walidata)).body
    assert "<ins>Keterangan baru berkas</ins>" in page and "task_created" not in page
    assert "Deskripsi:" in page                         # the file field's label
