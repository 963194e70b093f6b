"""Uploaded CSV files loaded into CKAN's DataStore by ckanext-xloader on a
real RQ worker (which downloads them from a live portal, as in production),
then read through ``datastore_search`` and ``datastore_info`` over the action
API: an open published table by anyone, a Terbatas table only by who reaches
its file, an unpublished dataset's only by its review; everyone else gets the
answer of a resource that has no table (``preview/rows.py``)."""
from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import pytest
import rq
from werkzeug.datastructures import FileStorage

import ckan.lib.jobs as ckan_jobs
import ckan.plugins.toolkit as tk
from ckan.common import config
from ckan.tests.helpers import call_action
from ckanext.datastore.tests import helpers as datastore_helpers

from .. import access_helpers, factories
from ..jobs_helpers import empty, run_jobs
from ..live import serving

CSV = b"kecamatan,posyandu_aktif\nCiomas,41\nPabuaran,37\nCinangka,29\n"


def _upload(dataset, user, name="Tabel posyandu", body=CSV):
    return call_action("resource_create", {"user": user["name"]}, package_id=dataset["id"],
                       name=name, format="CSV",
                       upload=FileStorage(io.BytesIO(body), "posyandu.csv", content_type="text/csv"))


@pytest.fixture(scope="module")
def loaded(reset_db, migrate_db_for):
    """The access tests' Terbatas ``penduduk`` (its uploaded file), an open
    published dataset and a draft, each with an uploaded CSV, loaded by the
    worker. Read-only for the tests."""
    from ..conftest import plugins_loaded, reset_portal
    plugins_loaded()
    reset_portal(reset_db, migrate_db_for)
    datastore_helpers.rebuild_all_dbs(datastore_helpers.orm.scoped_session(
        datastore_helpers.orm.sessionmaker(bind=datastore_helpers.db.get_write_engine())))
    queue = ckan_jobs.get_queue()
    empty(queue)
    with serving() as live, pytest.MonkeyPatch.context() as patch:
        # the worker runs the jobs in this process (CKAN's with_test_worker)
        patch.setattr(rq.Worker, "main_work_horse", rq.SimpleWorker.main_work_horse)
        patch.setattr(rq.Worker, "execute_job", rq.SimpleWorker.execute_job)
        # the files' addresses name the test site: xloader fetches them from the live one
        config["ckanext.xloader.site_url"] = live.url
        # no API token configured: the site user's is made (preview/config.py)
        assert config.get("ckanext.xloader.api_token") in (None, "NOT_SET")
        people = access_helpers.build()
        editor = people.users["editor"]
        # files are added before publishing (an edit of a published dataset is a revision)
        open_ = factories.DraftDataset(name="posyandu", owner_org=people.owner["id"])
        draft = factories.DraftDataset(name="posyandu-draf", owner_org=people.owner["id"])
        opened, drafted = _upload(open_, editor), _upload(draft, editor)
        factories.set_review_state(open_["id"], "published")
        loads = [job for job in queue.jobs if "xloader" in job.func_name]
        assert len(loads) == 3, f"xloader queued {len(loads)} loads for the 3 uploads"
        run_jobs()
        # a revision of the published dataset adds a file: loaded only once approved
        added = _upload(open_, editor, name="Tabel posyandu 2025",
                        body=b"kecamatan,posyandu_aktif\nCiomas,44\n")
        queued = [job for job in queue.jobs if "xloader" in job.func_name]
        run_jobs()
        in_review = _rows(added["id"])
        act = access_helpers.act
        act("satudata_dataset_submit", editor, id=open_["id"])
        act("satudata_dataset_approve", people.walidata, id=open_["id"])
        run_jobs()
        failed = queue.failed_job_registry.get_job_ids()
        assert not failed, f"xloader's jobs failed: {failed}"
    empty(queue)
    return SimpleNamespace(people=people, open=opened, draft=drafted, restricted=people.upload,
                           revision=SimpleNamespace(id=added["id"], queued=queued,
                                                    in_review=in_review, approved=_rows(added["id"])))


def _rows(resource_id):
    """The table's values as the site user reads them, None without a table."""
    try:
        found = call_action("datastore_search", resource_id=resource_id)
    except tk.ObjectNotFound:
        return None
    return [r["posyandu_aktif"] for r in found["records"]]


def _search(app, user, resource_id, status=200, action="datastore_search", **params):
    headers = {"Authorization": user["token"]} if user else {}
    key = "resource_id" if action == "datastore_search" else "id"
    return app.post(f"/api/3/action/{action}", json={key: resource_id, **params},
                    headers=headers, status=status).json


def test_an_uploaded_csv_is_loaded_and_its_rows_are_public(app, loaded):
    found = _search(app, None, loaded.open["id"], sort="posyandu_aktif desc", limit=2)["result"]
    assert found["total"] == 3
    assert [(r["kecamatan"], r["posyandu_aktif"]) for r in found["records"]] == [
        ("Ciomas", 41), ("Pabuaran", 37)]                # numbers typed as numbers
    filtered = _search(app, None, loaded.open["id"], filters={"kecamatan": "Cinangka"})["result"]
    assert [r["posyandu_aktif"] for r in filtered["records"]] == [29]
    assert _search(app, None, loaded.open["id"], q="Pabuaran")["result"]["total"] == 1
    info = _search(app, None, loaded.open["id"], action="datastore_info")["result"]
    assert [f["id"] for f in info["fields"]] == ["kecamatan", "posyandu_aktif"]
    shown = call_action("resource_show", id=loaded.open["id"])
    assert shown["datastore_active"] is True
    views = call_action("resource_view_list", id=loaded.open["id"])
    assert [v["view_type"] for v in views] == ["datatables_view"]


def test_a_revision_s_file_is_loaded_only_when_approved(loaded):
    assert loaded.revision.queued == [] and loaded.revision.in_review is None
    assert loaded.revision.approved == [44]
    assert _rows(loaded.open["id"]) == [41, 37, 29]      # the public table stays as it was


@pytest.mark.parametrize("who, reads", [
    (None, False), ("stranger", False), ("pending", False), ("ended", False),
    ("revoked", False), ("rejected", False),
    ("grantee", True), ("asker", True), ("orgmate", True), ("editor", True), ("member", True), ("walidata", True),
])
@pytest.mark.parametrize("action", ["datastore_search", "datastore_info"])
def test_a_terbatas_table_answers_only_who_reaches_its_file(app, loaded, who, reads, action):
    people = loaded.people
    user = people.walidata if who == "walidata" else people.users.get(who)
    resource_id = loaded.restricted["id"]
    if reads:
        assert _search(app, user, resource_id, action=action)["success"]
        return
    _refused_as_missing(app, user, resource_id, action)


def _refused_as_missing(app, user, resource_id, action="datastore_search"):
    """The refusal reads as the answer for a resource id that has no table."""
    refused = _search(app, user, resource_id, status=404, action=action)
    missing_id = resource_id[:-4] + "0000"
    missing = _search(app, user, missing_id, status=404, action=action)
    assert refused == {**missing, "error": {**missing["error"], "message": missing["error"][
        "message"].replace(missing_id, resource_id)}}, (refused, missing)
    assert "tidak ditemukan" in refused["error"]["message"], refused      # in Indonesian


def test_an_unpublished_dataset_s_rows_only_to_its_review(app, loaded):
    people = loaded.people
    resource_id = loaded.draft["id"]
    for user in (None, people.users["stranger"], people.users["asker"]):
        _refused_as_missing(app, user, resource_id)
        _refused_as_missing(app, user, resource_id, "datastore_info")
    found = _search(app, people.users["editor"], resource_id)["result"]
    assert [r["posyandu_aktif"] for r in found["records"]] == [41, 37, 29]   # typed, not text
    # a draft is its OPD's alone: the walidata sees it once submitted
    _refused_as_missing(app, people.walidata, resource_id)


def test_search_sql_stays_off(app, loaded):
    answer = app.post("/api/3/action/datastore_search_sql", json={"sql": "SELECT 1"}, status=400).json
    assert answer["success"] is False


def _view_id(resource_id):
    import ckan.model as model
    (view,) = model.Session.query(model.ResourceView).filter_by(resource_id=resource_id).all()
    return view.id


_TABLE_REQUEST = {"draw": "1", "start": "0", "length": "2", "search[value]": "",
                  "order[0][column]": "0", "order[0][dir]": "asc",
                  "columns[0][data]": "kecamatan", "columns[0][name]": "kecamatan",
                  "columns[0][searchable]": "true", "columns[0][orderable]": "true",
                  "columns[0][search][value]": ""}


def test_the_table_view_shows_the_rows_on_the_file_s_page(app, loaded):
    page = app.get(f"/dataset/posyandu/resource/{loaded.open['id']}", status=200).body
    view_id = _view_id(loaded.open["id"])
    assert view_id in page and "tidak ada tampilan" not in page.lower()
    rows = json.loads(app.post(f"/datatables/ajax/{view_id}", data=_TABLE_REQUEST, status=200).body)
    assert rows["recordsTotal"] == 3 and len(rows["data"]) == 2


def test_the_table_view_of_a_terbatas_file_is_withheld_as_missing(app, loaded):
    view_id = _view_id(loaded.restricted["id"])
    stranger = {"Authorization": loaded.people.users["stranger"]["token"]}
    answer = app.post(f"/datatables/ajax/{view_id}", data=_TABLE_REQUEST, headers=stranger)
    missing = app.post(f"/datatables/ajax/{view_id[:-4]}0000", data=_TABLE_REQUEST, headers=stranger)
    assert answer.status_code == missing.status_code == 404
    grantee = {"Authorization": loaded.people.users["grantee"]["token"]}
    # the view answers JSON as text/html (CKAN's): read as JSON
    assert json.loads(app.post(f"/datatables/ajax/{view_id}", data=_TABLE_REQUEST,
                               headers=grantee, status=200).body)["recordsTotal"] == 1


@pytest.mark.parametrize("field, value", [("draw", "satu"), ("start", "-1"), ("length", "x" * 50),
                                          ("start", "99999999999999999999")])
def test_a_bad_table_request_is_a_400(app, loaded, field, value):
    view_id = _view_id(loaded.open["id"])
    answer = app.post(f"/datatables/ajax/{view_id}", data={**_TABLE_REQUEST, field: value})
    assert answer.status_code == 400, answer.body[:300]


def test_a_copy_load_keeps_its_indexes_and_its_full_text_trigger(loaded, tmp_path):
    """xloader's load of a file beyond type guessing (COPY, then the column
    indexes and the full-text trigger): committed by preview/indexes.py."""
    import logging

    import sqlalchemy as sa
    from ckanext.datastore.backend.postgres import get_write_engine
    from ckanext.satudata.preview import indexes
    from ckanext.xloader import loader
    assert loader.create_column_indexes is indexes.create_column_indexes, "the seam is not installed"
    dataset = factories.DraftDataset(owner_org=loaded.people.owner["id"], resources=[
        {"url": "https://data.example.go.id/besar.csv", "format": "CSV"}])
    resource_id = dataset["resources"][0]["id"]
    path = tmp_path / "besar.csv"
    path.write_bytes(CSV)
    log = logging.getLogger(__name__)
    fields = loader.load_csv(str(path), resource_id=resource_id, mimetype="CSV", logger=log)
    loader.create_column_indexes(fields=fields, resource_id=resource_id, logger=log)
    loader.calculate_record_count(resource_id=resource_id, logger=log)      # its ANALYZE waits for nothing
    with get_write_engine().connect() as conn:
        made = conn.execute(sa.text("SELECT count(*) FROM pg_indexes WHERE tablename = :t"),
                            {"t": resource_id}).scalar()
        trigger = conn.execute(sa.text(
            "SELECT tgenabled FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) "
            "AND tgname = 'zfulltext'"), {"t": f'"{resource_id}"'}).scalar()
    assert made == 2, f"{made} indexes on the loaded table"      # _id, _full_text
    assert trigger == "O", f"the full-text trigger is {trigger!r}"
    assert _rows(resource_id) == ["41", "37", "29"]          # COPY: text, as upstream loads it


@pytest.fixture
def chart(loaded):
    """A chart view on the open table and one on the Terbatas table, made
    by their OPD's editor; removed afterwards (the module's data stays as built)."""
    editor = loaded.people.users["editor"]
    made = [call_action("resource_view_create", {"user": editor["name"]}, resource_id=resource_id,
                        view_type="satudata_chart", title="Grafik", chart_type="bar",
                        x_field="kecamatan", y_fields=[values])
            for resource_id, values in ((loaded.open["id"], "posyandu_aktif"),
                                        (loaded.restricted["id"], "jumlah"))]
    yield SimpleNamespace(open=made[0], restricted=made[1], editor=editor)
    for view in made:
        call_action("resource_view_delete", id=view["id"])


@pytest.mark.parametrize("config, field, message", [
    ({"chart_type": "radar"}, "chart_type", "Nilai harus salah satu dari"),
    ({"y_fields": ["kecamatan"]}, "y_fields", "Kolom kecamatan tidak berisi angka"),
    ({"y_fields": ["tidak_ada"]}, "y_fields", "Tabel tidak memiliki kolom tidak_ada"),
    ({"x_field": "tidak_ada"}, "x_field", "Tabel tidak memiliki kolom tidak_ada"),
    ({"y_fields": []}, "y_fields", "Wajib diisi"),
    ({"y_fields": {"a": 1}}, "y_fields", "Pilih kolom angka"),
])
def test_a_chart_is_checked_against_the_table(app, loaded, config, field, message):
    editor = loaded.people.users["editor"]
    data = {"resource_id": loaded.open["id"], "view_type": "satudata_chart", "title": "Grafik",
            "chart_type": "bar", "x_field": "kecamatan", "y_fields": ["posyandu_aktif"], **config}
    answer = app.post("/api/3/action/resource_view_create", json=data,
                      headers={"Authorization": editor["token"]}, status=409).json
    assert any(message in m for m in answer["error"][field]), answer["error"]


def test_the_chart_is_on_the_dataset_page_and_reads_the_data_api(app, loaded, chart):
    page = app.get("/dataset/posyandu", status=200).body
    section = page[page.index('class="satudata-dataset-chart"'):]
    assert 'data-module="satudata-chart"' in section and 'data-module-x="kecamatan"' in section
    assert 'data-module-y="posyandu_aktif"' in section and "/api/3/action/datastore_search" in section
    # Chart.js from the portal itself (npm, pinned), no CDN
    script = re.search(r'src="([^"]*satudata-chart\.js)"', page).group(1)
    assert script.startswith("/") and "Chart.js v4.5.1" in app.get(script, status=200).body[:400]
    assert "cdn" not in script.lower()


def test_the_chart_of_a_terbatas_table_is_withheld_like_its_rows(app, loaded, chart):
    stranger = {"Authorization": loaded.people.users["stranger"]["token"]}
    grantee = {"Authorization": loaded.people.users["grantee"]["token"]}
    assert 'data-module="satudata-chart"' not in app.get("/dataset/penduduk", headers=stranger).body
    assert _search(app, loaded.people.users["stranger"], loaded.restricted["id"], status=404)
    assert 'data-module="satudata-chart"' in app.get("/dataset/penduduk", headers=grantee).body


def test_the_opd_configures_a_chart_in_a_form_of_the_table_s_columns(app, loaded):
    editor = {"Authorization": loaded.people.users["editor"]["token"]}
    form = app.get(f"/dataset/posyandu/resource/{loaded.open['id']}/new_view",
                   query_string={"view_type": "satudata_chart"}, headers=editor, status=200).body
    y = form[form.index('name="y_fields"'):form.index("</select>", form.index('name="y_fields"'))]
    assert 'value="posyandu_aktif"' in y and 'value="kecamatan"' not in y     # numbers only
    assert 'name="x_field"' in form and "Jenis grafik" in form and "Batang" in form


def test_the_write_engine_sends_many_rows_in_pages():
    """xloader's typed load writes 250 rows per ``datastore_create``; the
    DataStore's engine (``ckan.datastore.sqlalchemy.executemany_mode`` in
    config/ckan.ini.template) hands them to psycopg2's ``execute_batch``
    instead of one round trip per row (the bench's 100k load: 26 s, not 48)."""
    from sqlalchemy.dialects.postgresql import psycopg2 as pg
    from ckanext.datastore.backend.postgres import get_write_engine
    assert get_write_engine().dialect.executemany_mode is pg.EXECUTEMANY_VALUES_PLUS_BATCH
