"""Asking, deciding, revoking and ending: every refusal with its message,
two decisions at once, expiry without the job, the reminders, the log."""
from __future__ import annotations

import datetime
import threading

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from .. import factories
from ..access_helpers import UPLOAD_BODY, UPLOAD_NAME, act, ask, end_now, restricted_dataset, until
from ..jobs_helpers import job_queue_fixture, run_jobs  # noqa: F401 (fixture job_queue)

pytestmark = pytest.mark.usefixtures("with_plugins")
API = "/api/3/action/"


@pytest.fixture(scope="module")
def site(reset_db, migrate_db_for):
    """Disdukcapil with a Terbatas, an open and a closed dataset. Tests make
    their own requesters, so they never meet each other's requests."""
    from ..conftest import plugins_loaded, reset_portal
    plugins_loaded()
    reset_portal(reset_db, migrate_db_for)
    owner = factories.OpdFactory(name="disdukcapil", title="Dinas Kependudukan")
    other = factories.OpdFactory(name="bappeda", title="Bappeda")
    admin, editor = ckan_factories.UserWithToken(), ckan_factories.UserWithToken()
    for user, role in ((admin, "admin"), (editor, "editor")):
        call_action("organization_member_create", id=owner["id"], username=user["name"], role=role)
    return {"owner": owner, "other": other, "admin": admin, "editor": editor,
            "walidata": factories.WalidataFactory(),
            "dataset": restricted_dataset(owner, editor, "penduduk"),
            "open": factories.Dataset(owner_org=owner["id"], name="terbuka-data"),
            "closed": factories.Dataset(owner_org=owner["id"], name="tertutup-data",
                                        klasifikasi_akses="tertutup", private=True)}


def _stranger():
    return ckan_factories.UserWithToken()


def _refused(exc, field, text):
    messages = " ".join(str(m) for m in exc.value.error_dict.get(field, []))
    assert text in messages, exc.value.error_dict


@pytest.mark.usefixtures("in_request")
class TestAsking:
    def test_open_closed_and_own_data_are_refused(self, site):
        user = _stranger()
        with pytest.raises(tk.ValidationError) as exc:
            ask(user, site["open"])
        _refused(exc, "package_id", "Dataset ini terbuka")
        with pytest.raises(tk.ValidationError) as exc:
            ask(site["editor"], site["closed"])
        _refused(exc, "package_id", "Dataset ini tertutup")
        with pytest.raises(tk.ObjectNotFound):        # a stranger cannot see the closed draft
            ask(user, site["closed"])
        with pytest.raises(tk.ValidationError) as exc:
            ask(site["editor"], site["dataset"])
        _refused(exc, "package_id", "sudah dapat mengakses")

    def test_bad_values(self, site):
        user, ds = _stranger(), site["dataset"]
        cases = [({"keperluan": ""}, "keperluan", "Wajib diisi"),
                 ({"keperluan": "   "}, "keperluan", "Wajib diisi"),
                 ({"keperluan": "x" * 2001}, "keperluan", "2000 karakter"),
                 ({"berlaku_sampai": "besok"}, "berlaku_sampai", "Bukan tanggal"),
                 ({"berlaku_sampai": "2020-01-01"}, "berlaku_sampai", "masa depan"),
                 ({"berlaku_sampai": until(400)}, "berlaku_sampai", "paling lama 365 hari"),
                 ({"berlaku_sampai": "99999-01-01"}, "berlaku_sampai", "Bukan tanggal"),
                 ({"resource_ids": ["tidak-ada"]}, "resource_ids", "Bukan sumber daya"),
                 ({"organization_id": site["other"]["id"]}, "organization_id", "atas nama OPD")]
        for data, field, text in cases:
            with pytest.raises(tk.ValidationError) as exc:
                ask(user, ds, **data)
            _refused(exc, field, text)
        assert not call_action("satudata_access_request_list", {"user": user["name"]})["count"]

    def test_one_pending_request_per_requester(self, site):
        user = _stranger()
        first = ask(user, site["dataset"])
        assert first["state"] == "pending" and first["all_resources"]
        with pytest.raises(tk.ValidationError) as exc:
            ask(user, site["dataset"])
        _refused(exc, "package_id", "menunggu keputusan")
        # on behalf of an OPD is another requester
        org = factories.OpdFactory(users=[{"name": user["name"], "capacity": "member"}])
        assert ask(user, site["dataset"], organization_id=org["id"])["organization_id"] == org["id"]

    def test_chosen_files_only(self, site):
        user, ds = _stranger(), site["dataset"]
        link, upload = ds["resources"]
        request = ask(user, ds, resource_ids=[upload["id"]])
        assert request["resource_ids"] == [upload["id"]] and not request["all_resources"]
        act("satudata_access_request_approve", site["admin"], id=request["id"])
        shown = act("package_show", user, id=ds["id"])
        assert shown["satudata_akses"]["berkas"] == "sebagian"
        assert [bool(r["url"]) for r in shown["resources"]] == [False, True]


def test_anonymous_cannot_ask_and_pages_say_so(app, site):
    resp = app.post(API + "satudata_access_request_create", json={
        "package_id": "penduduk", "keperluan": "x", "berlaku_sampai": until(5)}, status=403)
    assert resp.json["error"]["__type"] == "Authorization Error"
    page = app.get("/dataset/access/penduduk").get_data(as_text=True)
    assert "Masuk untuk mengajukan akses" in page
    assert app.get("/akses/saya", status=403)


def test_hostile_input_is_a_4xx(app, site):
    h = {"Authorization": _stranger()["token"]}
    for data in ({"package_id": "penduduk", "keperluan": "a\x00b", "berlaku_sampai": until(5)},
                 {"package_id": "penduduk", "keperluan": "x", "berlaku_sampai": {"a": 1}},
                 {"package_id": ["penduduk"], "keperluan": "x", "berlaku_sampai": until(5)},
                 {"package_id": "penduduk", "keperluan": "x", "berlaku_sampai": until(5),
                  "resource_ids": {"x": 1}}):
        resp = app.post(API + "satudata_access_request_create", json=data, headers=h,
                        expect_errors=True)
        assert 400 <= resp.status_code < 500, (data, resp.status_code)
    for params in ({"limit": "-1"}, {"limit": "x"}, {"offset": "99999999999999999999"},
                   {"state": "hilang"}):
        resp = app.get(API + "satudata_access_request_list", query_string=params, headers=h,
                       expect_errors=True)
        assert 400 <= resp.status_code < 500, (params, resp.status_code)
    assert not model.Session.execute(sa.text(
        "SELECT count(*) FROM satudata_access_request WHERE keperluan LIKE 'a%b'")).scalar()


@pytest.mark.usefixtures("in_request")
class TestDeciding:
    def test_only_the_owning_opd_admins_decide(self, site):
        user = _stranger()
        request = ask(user, site["dataset"])
        with pytest.raises(tk.NotAuthorized):
            act("satudata_access_request_approve", site["editor"], id=request["id"])
        with pytest.raises(tk.ObjectNotFound):      # a stranger cannot even see it
            act("satudata_access_request_approve", _stranger(), id=request["id"])
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_access_request_show", _stranger(), id=request["id"])
        with pytest.raises(tk.ValidationError) as exc:
            act("satudata_access_request_reject", site["admin"], id=request["id"], note="")
        _refused(exc, "note", "Wajib diisi")
        with pytest.raises(tk.ValidationError) as exc:
            act("satudata_access_request_approve", site["admin"], id=request["id"],
                berlaku_sampai=until(60))
        _refused(exc, "berlaku_sampai", "melewati yang diminta")
        done = act("satudata_access_request_approve", site["admin"], id=request["id"],
                   berlaku_sampai=until(10), note="Untuk tahun ini")
        assert done["state"] == "approved" and done["decided_by"] == site["admin"]["name"]
        with pytest.raises(tk.ValidationError) as exc:
            act("satudata_access_request_reject", site["admin"], id=request["id"], note="telat")
        _refused(exc, "id", "sudah diputuskan")

    def test_nobody_decides_their_own_request(self, site):
        user = _stranger()
        request = ask(user, site["dataset"])
        call_action("organization_member_create", id=site["owner"]["id"], username=user["name"],
                    role="admin")
        try:
            with pytest.raises(tk.NotAuthorized, match="permohonannya sendiri"):
                act("satudata_access_request_approve", user, id=request["id"])
        finally:
            call_action("organization_member_delete",
                        {"user": call_action("get_site_user")["name"]},
                        id=site["owner"]["id"], username=user["name"])

    def test_two_decisions_at_once_one_wins(self, site):
        request = ask(_stranger(), site["dataset"])
        second_admin = ckan_factories.User()
        call_action("organization_member_create", id=site["owner"]["id"],
                    username=second_admin["name"], role="admin")
        barrier, outcomes = threading.Barrier(2), []

        def decide(user, action, **data):
            try:
                barrier.wait()
                call_action(action, {"user": user["name"]}, id=request["id"], **data)
                outcomes.append("won")
            except tk.ValidationError as error:
                outcomes.append(str(error.error_dict))
            finally:
                model.Session.remove()
        threads = [threading.Thread(target=decide, args=(site["admin"], "satudata_access_request_approve")),
                   threading.Thread(target=decide, args=(second_admin, "satudata_access_request_reject"),
                                    kwargs={"note": "Tidak"})]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(o == "won" for o in outcomes) == [False, True], outcomes
        events = call_action("satudata_access_log_list", {"user": site["admin"]["name"]},
                             request_id=request["id"])["results"]
        assert sorted(e["kind"] for e in events) in (["approve", "request"], ["reject", "request"])

    def test_the_walidata_revokes(self, site):
        user = _stranger()
        request = ask(user, site["dataset"])
        act("satudata_access_request_approve", site["admin"], id=request["id"])
        assert act("package_show", user, id="penduduk")["satudata_akses"]["berkas"] == "semua"
        with pytest.raises(tk.NotAuthorized):
            act("satudata_access_grant_revoke", site["admin"], id=request["id"], note="x")
        with pytest.raises(tk.ValidationError) as exc:
            act("satudata_access_grant_revoke", site["walidata"], id=request["id"], note="")
        _refused(exc, "note", "Wajib diisi")
        revoked = act("satudata_access_grant_revoke", site["walidata"], id=request["id"],
                      note="Dipakai di luar keperluan")
        assert revoked["state"] == "revoked" and revoked["close_note"] == "Dipakai di luar keperluan"
        assert act("package_show", user, id="penduduk")["satudata_akses"]["berkas"] == "tidak"
        with pytest.raises(tk.ValidationError) as exc:
            act("satudata_access_grant_revoke", site["walidata"], id=request["id"], note="lagi")
        _refused(exc, "id", "tidak sedang berlaku")
        walidata_sees = act("satudata_access_request_list", site["walidata"], state="revoked")
        assert request["id"] in [r["id"] for r in walidata_sees["results"]]


def test_the_log_is_append_only(site):
    with pytest.raises(sa.exc.InternalError, match="append-only"):
        with model.meta.engine.begin() as connection:
            connection.execute(sa.text("UPDATE satudata_access_event SET note = 'x'"))
            connection.execute(sa.text("INSERT INTO satudata_access_event (kind, package_id, "
                                       "actor_name) VALUES ('request', 'p', 'a')"))
            connection.execute(sa.text("DELETE FROM satudata_access_event"))


def test_done_when(app, site, inbox, job_queue):
    """The issue's end to end: asked on the form, approved until a date on
    the request page, downloaded, refused one second after the end, all
    on record, the mails sent by the worker."""
    user, admin = _stranger(), site["admin"]
    h_user, h_admin = {"Authorization": user["token"]}, {"Authorization": admin["token"]}
    form = app.get("/dataset/access/penduduk", headers=h_user).get_data(as_text=True)
    assert "satudata-access-form" in form
    bad = app.post("/dataset/access/penduduk", headers=h_user, data={
        "keperluan": "", "berlaku_sampai": until(30)[:10]}).get_data(as_text=True)
    assert "Keperluan" in bad and "Wajib diisi" in bad
    app.post("/dataset/access/penduduk", headers=h_user, data={
        "keperluan": "Verifikasi data penerima bantuan", "dasar_hukum": "PKS 12/2026",
        "berlaku_sampai": until(30)[:10]})
    mine = app.get("/akses/saya", headers=h_user).get_data(as_text=True)
    assert "Menunggu keputusan" in mine and "Penduduk" in mine
    queue = app.get("/akses/permintaan", headers=h_admin).get_data(as_text=True)
    request = act("satudata_access_request_list", user, mine=True)["results"][0]
    assert request["dasar_hukum"] == "PKS 12/2026"
    assert request["id"] in queue
    day = until(20)[:10]
    app.post(f"/akses/permintaan/{request['id']}", headers=h_admin,
             data={"step": "approve", "berlaku_sampai": day, "note": "Silakan"})
    shown = act("satudata_access_request_show", user, id=request["id"])
    assert shown["state"] == "approved"
    # a date is the end of that day in the portal's time zone (Asia/Jakarta)
    ends = datetime.datetime.fromisoformat(shown["berlaku_sampai"])
    assert ends == datetime.datetime.combine(
        datetime.date.fromisoformat(day) + datetime.timedelta(days=1), datetime.time(),
        tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    upload = site["dataset"]["resources"][1]
    url = f"/dataset/penduduk/resource/{upload['id']}/download/{UPLOAD_NAME}"
    assert app.get(url, headers=h_user).status_code == 200
    end_now(request["id"], seconds_ago=1)
    refused = app.get(url, headers=h_user, status=403).get_data(as_text=True)
    assert "Ajukan akses" in refused
    assert act("satudata_access_request_show", user, id=request["id"])["state"] == "expired"
    log = act("satudata_access_log_list", admin, request_id=request["id"])["results"]
    assert [e["kind"] for e in reversed(log) if e["kind"] != "reveal"] == [
        "request", "approve", "download"]
    download = next(e for e in log if e["kind"] == "download")
    assert download["actor"] == user["name"] and download["resource_id"] == upload["id"]
    # the linked file's address, shown on the pages the grantee opened, once
    assert [e["resource_id"] for e in log if e["kind"] == "reveal"] == [
        site["dataset"]["resources"][0]["id"]]
    csv = app.get(f"/akses/log.csv?package_id={site['dataset']['id']}", headers=h_admin)
    assert csv.headers["Content-Type"].startswith("text/csv") and "download" in csv.get_data(as_text=True)
    assert app.get(f"/akses/log.csv?package_id={site['dataset']['id']}",
                   headers=h_user, status=403)
    run_jobs()
    assert any("Permohonan akses" in m["Subject"] or "Penduduk" in m["Subject"]
               for m in inbox.to(admin["email"]))
    assert any("Akses diberikan" in m["Subject"] for m in inbox.to(user["email"]))


def test_expiry_job_records_and_reminds_once(app, site, inbox, job_queue):
    ended, soon, later = _stranger(), _stranger(), _stranger()
    ids = {}
    for user, days in ((ended, 30), (soon, 3), (later, 30)):
        ids[user["name"]] = ask(user, site["dataset"], berlaku_sampai=until(days))["id"]
        act("satudata_access_request_approve", site["admin"], id=ids[user["name"]])
    end_now(ids[ended["name"]])
    sysadmin = ckan_factories.Sysadmin()
    with pytest.raises(tk.NotAuthorized):
        act("satudata_access_expire", site["admin"])
    with app.flask_app.test_request_context("/"):
        first = act("satudata_access_expire", sysadmin)
        again = act("satudata_access_expire", sysadmin)
    assert first["expired"] >= 1 and first["reminded"] >= 1
    assert again == {"expired": 0, "reminded": 0}
    row = model.Session.execute(sa.text("SELECT state FROM satudata_access_request WHERE id = :id"),
                                {"id": ids[ended["name"]]}).scalar()
    assert row == "expired"
    run_jobs()
    ending = [m["Subject"] for m in inbox.messages if "berakhir" in m["Subject"]]
    assert ending == ["Akses Anda ke Penduduk segera berakhir"]
    assert inbox.to(soon["email"]) and not [m for m in inbox.to(later["email"])
                                            if "berakhir" in m["Subject"]]
    kinds = [e["kind"] for e in act("satudata_access_log_list", site["walidata"],
                                    request_id=ids[ended["name"]])["results"]]
    assert kinds[0] == "expire"


def test_a_grantees_link_reveal_is_logged_once_an_hour(site):
    user = _stranger()
    request = ask(user, site["dataset"])
    act("satudata_access_request_approve", site["admin"], id=request["id"])
    for _ in range(3):
        act("package_show", user, id="penduduk")
    reveals = act("satudata_access_log_list", site["admin"], request_id=request["id"],
                  kind="reveal")["results"]
    assert [e["resource_id"] for e in reveals] == [site["dataset"]["resources"][0]["id"]]
    # the OPD's own reads are not a grantee's use
    act("package_show", site["editor"], id="penduduk")
    assert act("satudata_access_log_list", site["admin"], kind="reveal")["count"] == \
        act("satudata_access_log_list", site["walidata"], kind="reveal")["count"]


@pytest.mark.parametrize("action", ["satudata_access_request_list", "satudata_access_log_list",
                                    "satudata_schedule_list"])
@pytest.mark.parametrize("params", [{"limit": "-1"}, {"limit": "x"}, {"offset": "-5"},
                                    {"state": "x"}, {"kind": "x"}, {"limit": ["1", "2"]},
                                    {"limit": ""}, {"offset": ""}])
def test_wrong_list_parameters_are_a_4xx(app, site, action, params):
    # (a refused limit went on to the next validator: a 500, also in the schedule's list)
    resp = app.get(API + action, query_string=params, expect_errors=True,
                   headers={"Authorization": site["editor"]["token"]})
    assert resp.status_code in (400, 409) or (resp.status_code == 200 and not (
        set(params) & {"limit", "offset"})), resp.status_code


def test_states_by_comma_and_a_log_that_no_spreadsheet_runs(app, site):
    user = _stranger()
    request = ask(user, site["dataset"], keperluan="=HYPERLINK(\"http://x.test\")")
    listed = act("satudata_access_request_list", site["admin"], state="pending,approved")
    assert request["id"] in [r["id"] for r in listed["results"]]
    csv = app.get(f"/akses/log.csv?request_id={request['id']}",
                  headers={"Authorization": site["admin"]["token"]}).get_data(as_text=True)
    assert "'=HYPERLINK" in csv
    assert app.get("/akses/log.csv?owner_org=tidak-ada", status=400,
                   headers={"Authorization": site["admin"]["token"]})


def test_pages_show_each_person_their_part(app, site):
    asker, other = _stranger(), _stranger()
    request = ask(asker, site["dataset"], keperluan="Analisis kemiskinan ekstrem")
    h = {role: {"Authorization": u["token"]} for role, u in
         (("asker", asker), ("other", other), ("admin", site["admin"]),
          ("walidata", site["walidata"]), ("editor", site["editor"]))}
    queue = app.get("/akses/permintaan", headers=h["admin"]).get_data(as_text=True)
    assert "Permintaan Akses" in queue and request["id"] in queue and "Menunggu keputusan" in queue
    assert request["id"] in app.get("/akses/permintaan", headers=h["walidata"]).get_data(as_text=True)
    assert request["id"] not in app.get("/akses/permintaan", headers=h["other"]).get_data(as_text=True)
    assert request["id"] not in app.get("/akses/saya", headers=h["other"]).get_data(as_text=True)
    assert app.get(f"/akses/permintaan/{request['id']}", headers=h["other"], status=404)
    detail = app.get(f"/akses/permintaan/{request['id']}", headers=h["admin"]).get_data(as_text=True)
    assert "Analisis kemiskinan ekstrem" in detail and 'value="approve"' in detail
    mine = app.get(f"/akses/permintaan/{request['id']}", headers=h["asker"]).get_data(as_text=True)
    assert "Analisis kemiskinan ekstrem" in mine and 'value="approve"' not in mine
    # the dataset's access tab: requests and log for its OPD, none for others
    tab = app.get("/dataset/access/penduduk", headers=h["editor"]).get_data(as_text=True)
    assert "Log akses" in tab and request["id"] in tab
    public = app.get("/dataset/access/penduduk", headers=h["other"]).get_data(as_text=True)
    assert "Log akses" not in public and request["id"] not in public
    assert "satudata-access-form" in public
    dataset = app.get("/dataset/penduduk", headers=h["editor"]).get_data(as_text=True)
    assert "/dataset/access/penduduk" in dataset
    nav = app.get("/dataset/", headers=h["admin"]).get_data(as_text=True)
    assert "/akses/permintaan" in nav and "/akses/saya" in nav
    assert "/akses/permintaan" not in app.get("/dataset/", headers=h["other"]).get_data(as_text=True)


def test_a_download_that_cannot_be_recorded_is_refused(app, site, allow_503):
    """The log refuses the entry (a constraint added for the test): the
    grantee gets a 503 in Indonesian and no file; once the log takes entries
    again the same download is sent and on record, once."""
    user = _stranger()
    request = ask(user, site["dataset"])
    act("satudata_access_request_approve", site["admin"], id=request["id"])
    upload = site["dataset"]["resources"][1]
    url = f"/dataset/penduduk/resource/{upload['id']}/download/{UPLOAD_NAME}"
    headers = {"Authorization": user["token"]}

    def downloads():
        return [e for e in act("satudata_access_log_list", site["admin"], request_id=request["id"])[
            "results"] if e["kind"] == "download"]
    model.Session.remove()       # (its reads of the log would block the ALTER)
    with model.meta.engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
        connection.execute(sa.text(
            "ALTER TABLE satudata_access_event ADD CONSTRAINT test_no_downloads "
            "CHECK (kind <> 'download') NOT VALID"))
    try:
        refused = app.get(url, headers=headers, status=503)
        assert "tidak dapat dicatat" in refused.get_data(as_text=True)
        assert UPLOAD_BODY not in refused.get_data()
        assert downloads() == []
    finally:
        model.Session.remove()
        with model.meta.engine.begin() as connection:
            connection.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
            connection.execute(sa.text(
                "ALTER TABLE satudata_access_event DROP CONSTRAINT test_no_downloads"))
    sent = app.get(url, headers=headers, status=200)
    assert sent.get_data() == UPLOAD_BODY
    assert len(downloads()) == 1
