"""The quality score (quality/criteria.py, scores.py): the criteria on
their own, then through the real stack: scored when indexed, kept in
``satudata_quality_score``, in ``package_show`` and search results, the
``kualitas`` facet and filter, the ``skor_kualitas`` sort,
``satudata_quality_show`` (as a dataset that does not exist to those who
may not see it), the dataset page (what to fix for its OPD only) and the
DCAT feed's DQV measurements."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.dcat.utils import dataset_uri
from ckanext.satudata.dcat import quality as dcat_quality
from ckanext.satudata.dcat.statdcat import DQV
from ckanext.satudata.quality import criteria

from .. import factories

FULL = {
    "title": "Jumlah Penduduk", "notes": "Jumlah penduduk per kecamatan.",
    "tags": [{"name": "penduduk"}], "urusan": ["2.12"], "cakupan_wilayah": "36.04",
    "tahun": [2023], "frekuensi": "tahunan", "klasifikasi_akses": "terbuka",
    "jenis_data": "statistik", "tingkat_penyajian": "kecamatan", "license_id": "cc-by",
    "isopen": True, "kontak": [{"nama": "Seksi Data", "email": "data@serangkab.go.id"}],
    "owner_org": "opd-1", "walidata": "Diskominfo", "metadata_created": "2026-01-01T00:00:00",
    "metadata_modified": "2026-01-02T00:00:00",
    "resources": [{"id": "r1", "name": "Tabel", "format": "CSV", "url": "https://x/t.csv",
                   "size": 120}],
}
OK = {"r1": {"state": "ok", "format_ok": True, "size": 120, "media_type": "text/csv"}}


def _points(result, code):
    return next(c["points"] for c in result["criteria"] if c["code"] == code)


def test_a_complete_dataset_whose_files_work_gets_every_point():
    result = criteria.score(FULL, OK, "mutakhir")
    assert criteria.MAX_POINTS == 435
    assert [c["code"] for c in result["criteria"] if c["points"] < c["of"]] == []
    assert (result["points"], result["rating"]) == (435, "sangat_baik")


def test_missing_metadata_and_broken_files_cost_their_points():
    bare = {"title": "Data", "resources": [{"id": "a", "format": "PDF", "url": "https://x/a"},
                                           {"id": "b", "format": "CSV", "url": "https://x/b"}]}
    result = criteria.score(bare, {"a": {"state": "broken"}, "b": {"state": "ok", "format_ok": True}},
                            None)
    # one file of two works and is what it says: half of those criteria's points
    assert _points(result, "reachable") == 25 and _points(result, "content_matches") == 15
    assert _points(result, "open_format") == 10 and _points(result, "machine_readable") == 10
    missing = {c["code"]: c["missing"] for c in result["criteria"]}
    assert missing["reachable"] == ["a"] and missing["keywords"] == ["tags"]
    assert missing["schedule"] == ["frekuensi"] and _points(result, "schedule") == 0
    # only the files' criteria earn points: 25 + 20 + 15 + 20 + 10 + 10 + 10
    assert (result["points"], result["rating"]) == (110, "kurang")


def test_a_terbatas_file_withheld_from_the_indexer_keeps_its_address_points():
    withheld = dict(FULL, resources=[dict(FULL["resources"][0], url="", akses_terbatas=True)])
    assert criteria.score(withheld, OK, "mutakhir")["points"] == 435


def test_the_ratings_follow_the_mqa_bands_and_timeliness_the_schedule():
    assert [criteria.rating_of(p) for p in (435, 377, 376, 237, 236, 130, 129, 0)] == [
        "sangat_baik", "sangat_baik", "baik", "baik", "cukup", "cukup", "kurang", "kurang"]
    kept = criteria.score(FULL, OK, "mutakhir")
    late = criteria.with_status(kept, "sangat_terlambat", "tahunan")
    assert late["points"] == 405 and _points(late, "schedule") == 0
    assert _points(criteria.with_status(kept, "terlambat", "tahunan"), "schedule") == 10
    # an irregular frequency is never late
    assert _points(criteria.score(FULL, OK, "tidak_berkala"), "schedule") == 30


@pytest.fixture(scope="module")
def catalogue(reset_db, migrate_db_for):
    """Read-only: a complete published dataset, a bare one, a private draft."""
    from ..conftest import plugins_loaded, reset_portal
    plugins_loaded()
    reset_portal(reset_db, migrate_db_for)
    opd = factories.OpdFactory(name="bappeda", title="Badan Perencanaan")
    editor = ckan_factories.UserWithToken(name="petugas-bappeda")
    call_action("organization_member_create", id=opd["id"], username=editor["name"], role="editor")
    factories.WalidataFactory(name="walidata-mutu")
    good = factories.Dataset(
        name="data-lengkap", owner_org=opd["id"], tags=[{"name": "penduduk"}],
        cakupan_wilayah="36.04", tahun=["2023"], jenis_data="non_statistik",
        tingkat_penyajian="kecamatan", license_id="cc-by",
        kontak=[{"nama": "Seksi Data", "email": "data@serangkab.go.id"}],
        resources=[{"name": "Tabel", "format": "CSV", "url": "https://data.example/t.csv"}])
    bare = factories.Dataset(name="data-seadanya", owner_org=opd["id"], license_id="notspecified",
                             resources=[{"name": "Laporan", "format": "PDF",
                                         "url": "https://data.example/l.pdf"}])
    draft = factories.DraftDataset(name="data-draf", owner_org=opd["id"])
    return {"opd": opd, "editor": editor, "good": good, "bare": bare, "draft": draft}


@pytest.mark.usefixtures("with_plugins")
class TestThroughTheStack:

    def test_datasets_are_scored_when_indexed_and_show_their_score(self, catalogue):
        shown = call_action("package_show", id="data-lengkap")["satudata_kualitas"]
        bare = call_action("package_show", id="data-seadanya")["satudata_kualitas"]
        assert shown["max_points"] == 435 and shown["points"] > bare["points"]
        assert shown["rating"] in ("baik", "sangat_baik") and bare["rating"] in ("cukup", "kurang")
        found = call_action("package_search", q="name:data-lengkap")["results"][0]
        assert found["satudata_kualitas"] == shown

    def test_the_action_lists_every_criterion_with_what_to_fix(self, app, catalogue):
        public = app.get("/api/3/action/satudata_quality_show", query_string={"id": "data-seadanya"},
                         headers={"Accept-Language": "id"}).json["result"]
        # which files fail is the OPD's: the public gets the points, not the files
        assert all(c["missing"] == [] and c["fix"] == "" for c in public["criteria"])
        got = app.get("/api/3/action/satudata_quality_show", query_string={"id": "data-seadanya"},
                      headers={"Accept-Language": "id",
                               "Authorization": catalogue["editor"]["token"]}).json["result"]
        assert got["points"] == public["points"]
        assert [c["code"] for c in got["criteria"]] == [c[0] for c in criteria.CRITERIA]
        assert sum(d["of"] for d in got["dimensions"]) == 435
        assert got["points"] == sum(c["points"] for c in got["criteria"])
        fixes = {c["code"]: c["fix"] for c in got["criteria"]}
        # the file was never checked: named in what to fix
        assert "Laporan" in fixes["reachable"] and fixes["licence"] and not fixes["urusan"]
        assert got["rating_label"] in ("Cukup", "Kurang")

    def test_a_dataset_the_caller_may_not_see_has_no_score(self, app, catalogue):
        hidden = app.get("/api/3/action/satudata_quality_show", query_string={"id": "data-draf"},
                         expect_errors=True)
        missing = app.get("/api/3/action/satudata_quality_show", query_string={"id": "tidak-ada"},
                          expect_errors=True)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json["error"]["__type"] == missing.json["error"]["__type"]
        own = app.get("/api/3/action/satudata_quality_show", query_string={"id": "data-draf"},
                      headers={"Authorization": catalogue["editor"]["token"]})
        assert own.json["result"]["package_id"] == catalogue["draft"]["id"]
        for bad in ({"id": ""}, {"id": "a\x00b"}):
            assert app.get("/api/3/action/satudata_quality_show", query_string=bad,
                           expect_errors=True).status_code in (400, 404, 409)

    def test_the_rating_is_a_facet_a_filter_and_a_sort(self, catalogue):
        found = call_action("package_search", **{"facet.field": '["kualitas"]'})
        counts = found["facets"]["kualitas"]
        good = call_action("package_show", id="data-lengkap")["satudata_kualitas"]["rating"]
        assert counts.get(good) == 1 and sum(counts.values()) == 2
        assert [r["name"] for r in call_action("package_search", fq=f"kualitas:{good}")["results"]] \
            == ["data-lengkap"]
        for direction, first in (("desc", "data-lengkap"), ("asc", "data-seadanya")):
            ordered = call_action("package_search", sort=f"skor_kualitas {direction}")["results"]
            assert ordered[0]["name"] == first

    def test_the_pages_show_the_rating_and_the_opd_what_to_fix(self, app, catalogue):
        public = app.get("/dataset/data-seadanya", headers={"Accept-Language": "id"}).body
        assert "satudata-kualitas" in public and "Kualitas Data" in public
        assert "Yang perlu diperbaiki" not in public
        own = app.get("/dataset/data-seadanya", headers={"Authorization": catalogue["editor"]["token"]}).body
        assert "Yang perlu diperbaiki" in own and "Pilih lisensi" in own
        listing = app.get("/dataset/?sort=skor_kualitas+desc").body
        assert listing.index("data-lengkap") < listing.index("data-seadanya")
        assert "Kualitas: " in listing

    def test_the_feed_carries_dqv_measurements(self, app, catalogue):
        g = Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
        shown = call_action("package_show", id="data-lengkap")
        ref = URIRef(dataset_uri(shown))
        assert len(set(g.subjects(DQV.hasQualityMeasurement, None))) == 2
        measured = {g.value(m, DQV.isMeasurementOf): g.value(m, DQV.value)
                    for m in g.objects(ref, DQV.hasQualityMeasurement)}
        assert set(measured) == {dcat_quality.metric(c) for c in ("total", *criteria.DIMENSIONS)}
        assert measured[dcat_quality.metric("total")].toPython() == shown["satudata_kualitas"]["points"]
        assert measured[dcat_quality.metric("total")].datatype == XSD.integer
        assert g.value(dcat_quality.metric("total"), DQV.expectedDataType) == XSD.integer
