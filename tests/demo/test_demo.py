"""``ckanext.satudata.demo``: the Kabupaten Serang demo portal.

The loader runs against the test database (``clean_db`` from
tests/conftest.py applies our migrations) with a per-test storage path; what
it made is checked through actions and HTTP. The data files and table specs
are checked without a database.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.authenticator import default_authenticate
from ckan.tests import helpers

from ckanext.satudata import demo
from ckanext.satudata.demo import quality as demo_quality, tables

from ..dcat import checks
from ..dcat.test_harvest import harvest, serving

DATA_DIR = Path(demo.__file__).parent
VOCAB_DIR = Path(demo.__file__).parent.parent / "vocab"


def _codes(name: str) -> set[str]:
    with (VOCAB_DIR / f"{name}.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


FREKUENSI = _codes("frekuensi")


def _search(user: str, **params) -> dict:
    """package_search as ``user`` ('' = anonymous), auth checked."""
    params.setdefault("rows", 1000)
    return helpers.call_action("package_search", context={"user": user, "ignore_auth": False},
                               **params)


def _counts(site_user: str) -> tuple[int, int, int, int]:
    everything = _search(site_user, q="*:*", include_private=True)
    return (len(helpers.call_action("organization_list", limit=1000)),
            everything["count"],
            sum(len(d["resources"]) for d in everything["results"]),
            len(helpers.call_action("user_list")))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context")
def test_load_builds_the_portal_once(app, tmp_path, ckan_config, monkeypatch):
    # CKAN's resource uploader reads the storage path per call: keep this run's files apart
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path / "storage"))
    data = demo.read_data()
    public = [d for d in data["datasets"] if d["review"] in ("published", "revision")]
    private = [d["name"] for d in data["datasets"] if d["name"] not in {p["name"] for p in public}]
    password_file = tmp_path / "demo-password"
    lines: list[str] = []

    demo.load(echo=lines.append, password_file=password_file)

    site_user = helpers.call_action("get_site_user")["name"]
    orgs, datasets, resources, users = _counts(site_user)
    assert orgs == len(data["organizations"]) == 20
    assert datasets == len(data["datasets"])
    spec = demo_quality.read()
    links = spec["links"]
    replaced = {name: len(p["resources"]) for name, p in spec["thin"].items() if "resources" in p}
    assert resources == sum(replaced.get(d["name"], len(d["resources"]))
                            for d in data["datasets"]) + len(links)
    assert f"Created {len(data['datasets'])} datasets ({len(private)} not published)" in "\n".join(lines)

    # each demo user logs in with the shared password and has the OPD role the data gives
    password = password_file.read_text().strip()
    for user in data["users"]:
        assert default_authenticate({"login": user["name"], "password": password,
                                     "check_captcha": False}), user["name"]
    kominfo = helpers.call_action("organization_show", id="diskominfo", include_users=True)
    roles = {u["name"]: u["capacity"] for u in kominfo["users"]}
    assert roles["rina-marlina"] == "editor" and roles["ahmad-fauzi"] == "admin"

    # a resource file is in CKAN's storage and downloads with the same CSV content
    dataset = helpers.call_action("package_show", id="jumlah-penduduk-kecamatan-jenis-kelamin-2023")
    csv_res = next(r for r in dataset["resources"] if r["format"] == "CSV")
    assert csv_res["url_type"] == "upload"
    rid = csv_res["id"]
    path = os.path.join(tk.config["ckan.storage_path"], "resources", rid[:3], rid[3:6], rid[6:])
    assert path.startswith(str(tmp_path))
    on_disk = Path(path).read_bytes()
    filename = csv_res["url"].rsplit("/", 1)[-1]
    url = tk.url_for("resource.download", id=dataset["id"], resource_id=rid, filename=filename)
    resp = app.get(url, status=200)
    assert resp.data == on_disk
    text = on_disk.decode("utf-8")
    assert text.startswith("Kecamatan,Laki-laki,Perempuan,Jumlah,Rasio Jenis Kelamin\n")
    assert "\nCiruas," in text and "\nKabupaten Serang," in text
    assert len(text.strip().splitlines()) == 1 + 29 + 1  # header, 29 kecamatan, total

    # anonymous visitors see the public datasets only; an OPD member sees its private one
    anonymous = _search("", q="*:*", include_private=True)
    assert anonymous["count"] == len(public)
    assert not set(private) & {d["name"] for d in anonymous["results"]}
    found = {d["name"] for d in _search("", q="penduduk")["results"]}
    assert "jumlah-penduduk-kecamatan-jenis-kelamin-2023" in found
    assert "data-kependudukan-bersih-semester-ii-2023" not in found
    produsen = _search("yuliani-rahmawati", q="penduduk", include_private=True)
    assert "data-kependudukan-bersih-semester-ii-2023" in {d["name"] for d in produsen["results"]}

    # the demo's datasets are scored across the ratings; its uploaded files checked where kept
    ratings = helpers.call_action("package_search", include_private=True, rows=0,
                                  **{"facet.field": '["kualitas"]'})["facets"]["kualitas"]

    assert set(ratings) == {"sangat_baik", "baik", "cukup", "kurang"}, ratings
    assert sum(ratings.values()) == len(data["datasets"])
    uploaded = sum(len(d["resources"]) for d in data["datasets"] if d["name"] not in replaced)
    assert f"Quality: {uploaded} uploaded files checked (0 missing), {len(links)} links" in "\n".join(lines)

    # every value of each Satu Data code list is in use (private datasets included)
    facets = ["frekuensi", "klasifikasi_akses", "jenis_data", "tingkat_penyajian"]
    every = helpers.call_action("package_search", include_private=True, rows=0,
                                **{"facet.field": json.dumps(facets), "facet.limit": -1})["facets"]
    for field in facets:
        assert set(every[field]) == _codes(field), field

    # /dataset filters by urusan, wilayah and tahun and shows names, not codes
    page = app.get("/dataset/", query_string={"urusan": "1.02"}).body
    assert "Prevalensi Balita Stunting" in page and "Produksi Padi" not in page
    assert '<span class="item-label">Kesehatan</span>' in page
    page = app.get("/dataset/", query_string={"cakupan_wilayah": "36.04.30"}).body
    assert "Jumlah Kunjungan Wisatawan ke Kawasan Pantai Kecamatan Anyar" in page
    assert '<span class="item-label">Anyar</span>' in page
    assert "Jumlah Penduduk Menurut Kecamatan" not in page
    found = _search("", fq="tahun:2019")
    assert found["count"] and all(2019 in d["tahun"] for d in found["results"])
    labels = {i["name"]: i["display_name"] for i in _search(
        "", **{"facet.field": '["urusan", "cakupan_wilayah", "frekuensi"]'})["search_facets"]["urusan"]["items"]}
    assert labels["1.02"] == "Kesehatan" and labels["7.01"] == "Kecamatan"

    # a statistical dataset carries and shows its MS-Keg / MS-Ind metadata
    stunting = helpers.call_action("package_show", id="prevalensi-balita-stunting-2023")
    assert stunting["jenis_data"] == "statistik" and stunting["ms_keg"][0]["jenis_kegiatan"] == "survei"
    assert stunting["ms_ind"][0]["nama_indikator"] == "Prevalensi Stunting (%)"
    page = app.get("/dataset/prevalensi-balita-stunting-2023").body
    assert "Metadata Kegiatan Statistik (MS-Keg)" in page and "Metadata Indikator (MS-Ind)" in page
    assert "Prevalensi Stunting (%)" in page
    assert "V. Desain Sampel" not in page        # subfields the entry leaves empty are not shown

    # every review state is there, each with the record that led to it
    walidata = "rina-marlina"
    queue = helpers.call_action("satudata_review_list", context={"user": walidata, "ignore_auth": False},
                                mine=False, state=["draft", "submitted", "returned", "approved",
                                                   "published", "unpublished"], limit=1000)
    assert {s for s, n in queue["counts"].items() if n} == {
        "submitted", "returned", "approved", "published", "unpublished"}   # drafts stay in the OPD
    returned = helpers.call_action("satudata_review_history", id="kasus-hiv-aids-per-kecamatan")
    assert [d["action"] for d in returned["decisions"]] == ["submit", "return"]
    assert returned["decisions"][0]["actor_name"] == "siti-nurhasanah"
    assert returned["decisions"][1]["actor_name"] == walidata and returned["decisions"][1]["note"]
    resubmitted = helpers.call_action("satudata_review_history", id="rekapitulasi-asn-per-perangkat-daerah")
    assert resubmitted["decisions"][-1]["changes"] == ["sumber_data"]
    revised = helpers.call_action("satudata_review_history", id="prevalensi-balita-stunting-2023")
    assert (revised["state"], revised["revision"]) == ("published", "submitted")
    assert "(diperbarui)" not in stunting["sumber_data"]           # the public keeps the approved one

    # the DCAT feed holds exactly the published datasets, passes the DCAT-AP 3.0.1
    # shapes and parses back into the same datasets (every Satu Data field)
    body = app.get("/catalog.ttl").body
    assert checks.violations(body) == []
    parsed = {checks.identifier(d): d for d in checks.parse(body)}
    shown = {d["id"]: d for d in anonymous["results"]}
    assert parsed.keys() == shown.keys()
    for dataset_id, dataset in shown.items():
        assert checks.satudata_fields(parsed[dataset_id]) == checks.satudata_fields(dataset), \
            dataset["name"]
    # ... and another portal running ckanext-dcat's DCAT-AP 3 profile alone loses nothing
    stock, codes = checks.parse_stock(body), checks.eu_codes()
    assert stock.keys() == shown.keys()
    site = tk.config["ckan.site_url"]
    for dataset_id, dataset in shown.items():
        assert checks.stock_losses(stock[dataset_id], dataset, site, codes) == {}, dataset["name"]
    assert sum(1 for d in shown.values() if d.get("spatial")) == 4           # the extents among them
    # the statistical datasets in StatDCAT-AP too, the others not
    assert checks.statdcat_violations(body) == []
    feed = Graph().parse(data=body, format="turtle")
    stat = Namespace("http://data.europa.eu/s1n/")
    prov = Namespace("http://www.w3.org/ns/prov#")
    with_units = {str(s) for s in feed.subjects(stat.statUnitMeasure, None)}
    statistical = {f"{site}/dataset/{d['id']}" for d in shown.values() if d.get("ms_keg") or d.get("ms_ind")}
    assert len(statistical) >= 5 and with_units == statistical
    assert {str(s) for s in feed.subjects(prov.wasGeneratedBy, None)} == {
        f"{site}/dataset/{d['id']}" for d in shown.values() if d.get("ms_keg")}
    # a province running this extension harvests the kabupaten: every public dataset,
    # every Satu Data field, each under its OPD made as an OPD of Kabupaten Serang
    with serving(app) as url:
        province = harvest(url + "/catalog.ttl", reset=True)
    assert province["errors"] == [] and province["stats"]["added"] == len(shown)
    copies = {d["title"]: d for d in province["datasets"]}        # named here from their title
    local_opds = {o["id"]: o for o in province["organizations"]}
    source_opds = {i: helpers.call_action("organization_show", id=i, include_datasets=False)
                   for i in {d["owner_org"] for d in shown.values()}}
    made = set()
    for dataset in shown.values():
        copy = copies[dataset["title"]]
        assert checks.satudata_fields(copy) == checks.satudata_fields(dataset), dataset["name"]
        opd, source_opd = local_opds[copy["owner_org"]], source_opds[dataset["owner_org"]]
        assert (opd["pemda_asal"], opd["kode_opd"]) == ("36.04", source_opd["kode_opd"]), dataset["name"]
        made.add(opd["id"])
    assert len(made) == len({d["owner_org"] for d in shown.values()})

    restricted = [d for d in shown.values() if d["klasifikasi_akses"] == "terbatas"]
    assert restricted and all(d["klasifikasi_akses"] != "tertutup" for d in shown.values())
    for dataset in restricted:
        for resource in parsed[dataset["id"]]["resources"]:
            assert resource["url"] == f"{tk.config['ckan.site_url']}/dataset/access/{dataset['name']}"
            assert "download_url" not in resource

    # the update schedule: every status, releases in the calendar, two years of Daftar Data
    schedule = helpers.call_action("satudata_schedule_list", limit=1000)
    assert all(schedule["counts"].values()), schedule["counts"]
    assert any(r["planned"] for r in schedule["results"])
    assert "Indikator Makro Pembangunan" in app.get("/jadwal").body
    for year in (2023, 2024):
        summary = helpers.call_action("satudata_daftar_data_summary", tahun=year)
        assert 0 < summary["fulfilled"] < summary["planned"], (year, summary)

    # access to Terbatas data: requests in every state, an OPD-wide grant that reaches the files
    as_walidata = {"user": walidata, "ignore_auth": False}
    access = helpers.call_action("satudata_access_request_list", as_walidata, limit=1000)
    assert all(access["counts"].values()), access["counts"]
    assert {r["owner_org_name"] for r in access["results"]} == {"disdukcapil", "dinkes"}
    assert [r["organization_name"] for r in access["results"]
            if r["state"] == "approved" and r["organization_id"]] == ["dinsos"]
    penduduk = "jumlah-penduduk-kelompok-umur-2023"
    reach = {user: helpers.call_action("package_show", {"user": user}, id=penduduk)
             ["satudata_akses"]["berkas"] for user in ("", "nurul-hidayah", "rizki-pratama",
                                                        "iwan-kurniawan")}
    assert reach == {"": "tidak", "nurul-hidayah": "semua", "rizki-pratama": "tidak",
                     "iwan-kurniawan": "semua"}
    log = helpers.call_action("satudata_access_log_list", as_walidata, limit=1000)["results"]
    assert {e["kind"] for e in log} >= {"request", "approve", "reject", "revoke", "expire"}
    assert {e["actor"] for e in log if e["kind"] == "approve"} == {"iwan-kurniawan", "heru-setiawan"}
    assert {e["actor"] for e in log if e["kind"] == "revoke"} == {walidata}

    # previews (issue 19): a chart per OPD's flagship table, untidy files checked, counts
    charts = [v for d in shown.values() for r in d["resources"]
              for v in helpers.call_action("resource_view_list", id=r["id"])
              if v["view_type"] == "satudata_chart"]
    assert len(charts) >= 15 and len({c["package_id"] for c in charts}) == len(charts)
    file_checks = {c["name"]: c for name in ("jumlah-menara-telekomunikasi",
                                             "jumlah-fasilitas-kesehatan-2023")
                   for c in helpers.call_action("satudata_file_check_list", {"user": walidata}, id=name)}
    assert file_checks["Daftar menara (ekspor dari aplikasi)"]["flagged"]       # a web page named CSV
    assert file_checks["Rekap fasilitas kesehatan (isian manual)"]["state"] == "pending"  # the worker's
    viewed = [d for d in (helpers.call_action("package_show", id=n) for n in shown)
              if d["tracking_summary"]["total"]]
    assert len(viewed) == len(shown)
    assert any(r["tracking_summary"]["total"] for d in viewed for r in d["resources"])
    assert 'id="home-most-used"' in app.get("/").body

    # a second run creates nothing and keeps the password
    second = demo.load(echo=lines.append, password_file=password_file)
    assert helpers.call_action("satudata_access_request_list", as_walidata)["count"] == \
        access["count"]
    assert _counts(site_user) == (orgs, datasets, resources, users)
    assert second["orgs_created"] == second["users_created"] == second["datasets_created"] == 0
    assert second["files_uploaded"] == second["memberships_added"] == 0
    assert password_file.read_text().strip() == password
    assert "Charts: 0 made (one per OPD's flagship table)" in lines

    # a portal loaded before the access demo (its two datasets Terbuka, no
    # request): the next run reclassifies them and makes the requests
    restricted_names = ("jumlah-penduduk-kelompok-umur-2023", "jumlah-tenaga-kesehatan-menurut-jenis")
    model.Session.execute(sa.text("DELETE FROM satudata_access_request"))
    model.Session.commit()
    for name in restricted_names:
        helpers.call_action("package_patch", {"user": walidata}, id=name, klasifikasi_akses="terbuka")
    demo.load(echo=lines.append, password_file=password_file)
    for name in restricted_names:
        assert helpers.call_action("package_show", id=name)["klasifikasi_akses"] == "terbatas"
    again = helpers.call_action("satudata_access_request_list", as_walidata, limit=1000)
    assert again["counts"] == access["counts"]
    assert "Dataset jumlah-penduduk-kelompok-umur-2023: reclassified Terbatas" in "\n".join(lines)

    # a run stopped halfway left a dataset without a resource: the next run adds it back
    helpers.call_action("resource_delete", context={"user": site_user}, id=rid)
    third = demo.load(echo=lines.append, password_file=password_file)
    assert (third["datasets_completed"], third["files_uploaded"]) == (1, 1)
    assert _counts(site_user) == (orgs, datasets, resources, users)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context")
def test_a_refused_dataset_stops_the_run_with_its_name(tmp_path):
    data_dir = _copy_data(tmp_path, lambda c: c["datasets"][0]["tags"].append("tanda!seru"))
    refused = (r"Dataset jumlah-penduduk-kecamatan-jenis-kelamin-2023: "
               r"package_create refused it: .*[Tt]ag")
    with pytest.raises(demo.DemoLoadError, match=refused):
        demo.load(echo=lambda line: None, password_file=tmp_path / "pw", data_dir=data_dir)


@pytest.mark.usefixtures("with_plugins", "with_request_context")
def test_load_refuses_to_run_without_uploads(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.uploads_enabled", False)
    with pytest.raises(demo.DemoLoadError, match="Resource uploads are off"):
        demo.load(echo=lambda line: None, password_file=tmp_path / "pw")
    assert not (tmp_path / "pw").exists()


def test_the_demo_data_is_consistent():
    data = demo.read_data()
    names = [d["name"] for d in data["datasets"]]
    assert len(names) == len(set(names)) and 55 <= len(names) <= 65
    assert {d["review"] for d in data["datasets"]} == {
        "draft", "submitted", "returned", "resubmitted", "approved", "published", "unpublished", "revision"}
    assert len(data["lists"]["kecamatan"]) == 29
    emails = [u["email"] for u in data["users"]]
    assert len(set(emails)) == len(emails) and all(e.endswith("@serangkab.go.id") for e in emails)
    for d in data["datasets"]:
        assert re.fullmatch(r"[1-8]\.\d\d", d["urusan"]), d["name"]
        assert d["frekuensi"] in FREKUENSI and all(isinstance(y, int) for y in d["tahun"]), d["name"]
        assert d["satuan"] and d["sumber_data"] and 1 <= len(d["resources"]) <= 3, d["name"]
        assert all(t == t.lower() for t in d["tags"]), d["name"]
        for index, res in enumerate(d["resources"]):
            spec = res.get("table") or d["table"]
            table = tables.build_table(spec, data["lists"], seed=f"{d['name']}/{index}")
            assert table.rows and all(len(r) == len(table.header) for r in table.rows)


@pytest.mark.parametrize("change, message", [
    (lambda c: c["datasets"][0].update(org="dinas-hilang"), "unknown OPD 'dinas-hilang'"),
    (lambda c: c["datasets"][0]["resources"][0].update(format="PDF"), "format 'PDF'"),
    (lambda c: c["datasets"][0].pop("table"), "has no table"),
    (lambda c: c["datasets"][0]["table"]["dims"][0].update(values="desa"), "unknown list 'desa'"),
])
def test_bad_demo_data_stops_before_anything_is_created(tmp_path, change, message):
    data_dir = _copy_data(tmp_path, change)
    with pytest.raises(demo.DemoLoadError, match=re.escape(message)):
        demo.load(echo=lambda line: None, password_file=tmp_path / "pw", data_dir=data_dir)
    assert not (tmp_path / "pw").exists()


def test_a_user_of_an_unknown_opd_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path, lambda c: None)
    users = json.loads((data_dir / "users.json").read_text())
    users["users"][0]["memberships"][0]["org"] = "dinas-hilang"
    (data_dir / "users.json").write_text(json.dumps(users))
    with pytest.raises(demo.DemoLoadError, match="User rina-marlina: unknown OPD 'dinas-hilang'"):
        demo.read_data(data_dir)


def _one_column(column: dict) -> dict:
    return {"dims": [{"column": "Kecamatan", "values": ["Anyar"]}], "columns": [column]}


@pytest.mark.parametrize("spec, message", [
    (_one_column({"name": "A", "int": [1, 2], "float": [1, 2]}), "exactly one of"),
    (_one_column({"name": "A", "sum": ["B"]}), "refers to 'B'"),
    (_one_column({"name": "A", "template": "{Desa}"}), "names 'Desa'"),
    ({"dims": [], "columns": [{"name": "A", "int": [1, 2]}]}, "needs 'dims' and 'columns'"),
    ({"dims": [{"column": "K", "values": []}], "columns": [{"name": "A", "int": [1, 2]}]},
     "has no values"),
])
def test_bad_table_specs_are_refused(spec, message):
    with pytest.raises(tables.SpecError, match=re.escape(message)):
        tables.build_table(spec, {}, seed="x")


def test_load_outside_ckan_is_refused(tmp_path):
    with pytest.raises(demo.DemoLoadError, match="application context"):
        demo.load(echo=lambda line: None, password_file=tmp_path / "pw")


def _copy_data(tmp_path: Path, change) -> Path:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in ("opd.json", "opd.csv", "users.json"):
        shutil.copy(DATA_DIR / name, data_dir / name)
    catalogue = json.loads((DATA_DIR / "datasets.json").read_text())
    change(catalogue)
    (data_dir / "datasets.json").write_text(json.dumps(catalogue))
    return data_dir
