"""The monev dashboard through the real stack: figures per OPD and for the
kabupaten from what the features keep (review decisions and their days,
the schedule, the Daftar Data, quality scores, link checks, access
requests), the public part and the walidata's (drill-down to the datasets),
``/monev`` with its charts' data, the CSV and XLSX exports with the
evaluation sheet, and bad input answered 4xx."""
from __future__ import annotations

import datetime
import io
import json
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

import ckan.model as model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from .. import factories

YEAR = datetime.datetime.utcnow().year


def _log(package_id, owner_org, action, from_state, to_state, when):
    model.Session.execute(sa.text("""
        INSERT INTO satudata_review_log (package_id, package_name, owner_org, actor_name, created,
                                         action, from_state, to_state)
        VALUES (:p, 'x', :o, 'uji', :t, :a, :f, :s)"""),
        {"p": package_id, "o": owner_org, "t": when, "a": action, "f": from_state, "s": to_state})


@pytest.fixture(scope="module")
def portal(reset_db, migrate_db_for):
    """Read-only: two OPDs, published datasets of both, a draft, a broken
    link, review decisions dated in March (2 and 4 days), a Daftar Data entry."""
    from ..conftest import plugins_loaded, reset_portal
    plugins_loaded()
    reset_portal(reset_db, migrate_db_for)
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    dishub = factories.OpdFactory(name="dishub", title="Dinas Perhubungan")
    walidata = factories.WalidataFactory(name="walidata-monev")
    citizen = ckan_factories.UserWithToken(name="warga")
    a = factories.Dataset(name="posyandu", owner_org=dinkes["id"], tags=[{"name": "kesehatan"}],
                          license_id="cc-by", kode_daftar_data="DD-1", tahun=[str(YEAR)],
                          resources=[{"name": "Tabel", "format": "CSV", "url": "https://data.example/p.csv"}])
    factories.Dataset(name="puskesmas", owner_org=dinkes["id"], license_id="notspecified",
                      resources=[{"name": "Laporan", "format": "PDF", "url": "https://data.example/l.pdf"}])
    factories.Dataset(name="terminal", owner_org=dishub["id"])
    factories.DraftDataset(name="draf-rahasia", owner_org=dishub["id"])
    resource = a["resources"][0]["id"]
    model.Session.execute(sa.text(
        "INSERT INTO satudata_link_check (resource_id, package_id, url, state, status_code) "
        "VALUES (:r, :p, 'https://data.example/p.csv', 'broken', 404)"), {"r": resource, "p": a["id"]})
    march = datetime.datetime(YEAR, 3, 1, 8)
    for days, name in ((2, "posyandu"), (4, "puskesmas")):
        pkg = model.Package.get(name)
        _log(pkg.id, dinkes["id"], "submit", "draft", "submitted", march)
        _log(pkg.id, dinkes["id"], "approve", "submitted", "approved", march + datetime.timedelta(days=days))
        _log(pkg.id, dinkes["id"], "publish", "approved", "published", march + datetime.timedelta(days=days))
    model.Session.commit()
    call_action("satudata_daftar_data_create", {"user": walidata["name"]}, tahun=YEAR, kode="DD-1",
                judul="Jumlah posyandu", owner_org=dinkes["id"], frekuensi="tahunan")
    call_action("satudata_daftar_data_create", {"user": walidata["name"]}, tahun=YEAR, kode="DD-2",
                judul="Jumlah terminal", owner_org=dishub["id"], frekuensi="tahunan")
    return {"dinkes": dinkes, "dishub": dishub, "walidata": walidata, "citizen": citizen}


def _api(app, user=None, **params):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get("/api/3/action/satudata_monev_show", query_string=params, headers=headers,
                   expect_errors=True)


pytestmark = pytest.mark.usefixtures("with_plugins")


def test_the_kabupaten_s_figures_add_up_from_every_feature(app, portal):
    got = _api(app, portal["walidata"]).json["result"]
    assert got["tahun"] == YEAR and not got["public"]
    rows = {r["name"]: r for r in got["opd"]}
    dinkes, dishub = rows["dinkes"], rows["dishub"]
    assert (dinkes["published"], dishub["published"], dishub["draft"]) == (2, 1, 1)
    assert dinkes["decisions"] == 2 and dinkes["median_review_days"] == 3.0
    assert dinkes["links"] == {"checked": 1, "broken": 1}
    assert dinkes["daftar_data"] == {"planned": 1, "fulfilled": 1, "rate": 100.0}
    assert dishub["daftar_data"] == {"planned": 1, "fulfilled": 0, "rate": 0.0}
    assert sum(dinkes["quality"]["ratings"].values()) == 2 and dinkes["quality"]["average"] > 0
    assert sum(dinkes["schedule"].values()) == 2
    total = got["total"]
    assert total["published"] == 3 and total["draft"] == 1 and total["median_review_days"] == 3.0
    assert total["daftar_data"]["rate"] == 50.0 and total["links"]["broken"] == 1
    assert got["monthly_published"][2] == 2 and sum(got["monthly_published"]) == 2
    assert {e["indicator"] for e in got["evaluation"]} >= {"Standar Data", "Metadata"}
    # another year: what happened in it is not this year's
    last = _api(app, portal["walidata"], tahun=YEAR - 1).json["result"]
    assert last["total"]["decisions"] == 0 and sum(last["monthly_published"]) == 0


def test_the_public_sees_only_published_data_and_no_drill_down(app, portal):
    public = _api(app, None, owner_org="dishub").json["result"]
    assert public["public"] and "datasets" not in public
    for hidden in ("draft", "in_review", "returned", "decisions", "median_review_days"):
        assert hidden not in public["total"]
    assert public["total"]["published"] == 1
    assert _api(app, portal["citizen"]).json["result"]["public"]
    own = _api(app, portal["walidata"], owner_org="dishub").json["result"]
    assert sorted(d["name"] for d in own["datasets"]) == ["draf-rahasia", "terminal"]
    assert {d["state"] for d in own["datasets"]} == {"draft", "published"}


@pytest.mark.parametrize("params, status", [
    ({"tahun": "1999"}, 409), ({"tahun": "dua ribu"}, 409), ({"tahun": str(YEAR + 2)}, 409),
    ({"tahun": "9" * 40}, 409), ({"owner_org": "tidak-ada"}, 404), ({"owner_org": "a\x00b"}, 404)])
def test_bad_input_is_refused(app, portal, params, status):
    response = _api(app, None, **params)
    assert response.status_code in (status, 400), response.body


def test_the_page_draws_its_charts_from_the_figures(app, portal):
    page = app.get("/monev", headers={"Accept-Language": "id"}).body
    assert "Monitoring dan Evaluasi" in page and 'data-module="satudata-monev"' in page
    data = json.loads(re.search(r'id="satudata-monev-data">(.*?)</script>', page, re.S).group(1))
    assert data["opd"]["labels"] == ["Dinas Kesehatan", "Dinas Perhubungan"]
    assert data["opd"]["published"] == [2, 1] and data["monthly"]["values"][2] == 2
    # Chart.js from the portal itself, never a CDN
    assert re.search(r'<script src="/webassets/ckanext-satudata/[^"]*satudata-monev\.js"', page)
    assert "draf-rahasia" not in page
    walidata = app.get("/monev?opd=dishub", headers={"Authorization": portal["walidata"]["token"]}).body
    assert "draf-rahasia" in walidata
    assert app.get("/monev?tahun=abc", expect_errors=True).status_code == 400
    assert app.get("/monev?opd=tidak-ada", expect_errors=True).status_code == 404


def test_the_exports_carry_the_table_and_the_evaluation_sheet(app, portal):
    csv_text = app.get(f"/monev.csv?tahun={YEAR}", headers={"Accept-Language": "id"}).body
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("OPD,Ditayangkan") and lines[1].startswith("Dinas Kesehatan,2")
    assert lines[-1].startswith("Seluruh kabupaten,3")
    body = app.get(f"/monev.xlsx?tahun={YEAR}", headers={"Authorization": portal["walidata"]["token"]})
    book = load_workbook(io.BytesIO(body.get_data()))
    assert len(book.sheetnames) == 2
    sheet = book[book.sheetnames[1]]
    assert sheet.max_row == 12 and sheet.cell(1, 1).value
