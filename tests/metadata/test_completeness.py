"""Derived metadata (completeness, walidata), search on the Satu Data
fields, the facets' labels, the forms and the Tertutup rule on bulk actions."""
from __future__ import annotations

import json
import re

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests import factories
from tests.factories import REQUIRED

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

FULL = {
    "tag_string": "penduduk", "tahun": "2023", "periode_awal": "2023-01-01", "periode_akhir": "2023-12-31",
    "cakupan_wilayah": "36.04.09", "tingkat_penyajian": "kecamatan", "satuan": "jiwa",
    "sumber_data": "SIAK", "kode_daftar_data": "DD.1", "standar_data": "SDI", "jenis_data": "non_statistik",
    "kontak": [{"nama": "Budi", "email": "budi@serangkab.go.id"}],
    "resources": [{"url": "http://example.test/a.csv"}],
}


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def make(sysadmin, opd):
    def make(name, **fields):
        """Created and, unless private or Tertutup, published."""
        dataset = helpers.call_action("package_create", context={"user": sysadmin["name"]}, name=name,
                                      title=name.title(), owner_org=opd["id"], **{**REQUIRED, **fields})
        if fields.get("private") or fields.get("klasifikasi_akses") == "tertutup":
            return dataset
        return factories.set_review_state(dataset["id"], "published")
    return make


def _search(**params):
    return helpers.call_action("package_search", **params)


class TestCompleteness:
    def test_full_metadata_scores_100(self, make):
        shown = make("lengkap", **FULL)
        assert (shown["kelengkapan"], shown["kelengkapan_kurang"]) == (100, [])

    def test_missing_fields_are_named_and_lower_the_score(self, make):
        shown = make("kurang", **{k: v for k, v in FULL.items() if k not in ("satuan", "resources")})
        assert shown["kelengkapan_kurang"] == ["satuan", "resources"]
        assert shown["kelengkapan"] == 90      # 18 of 20 (7 required, 12 recommended, resources)

    def test_statistical_data_counts_its_ms_metadata(self, make):
        from tests.logic.test_validators import STATISTICAL
        shown = make("statistik", **{**FULL, **STATISTICAL})
        assert shown["kelengkapan"] == 100

    def test_searchable_and_sortable(self, make):
        make("sedikit")
        make("lengkap", **FULL)
        make("sedang", **{k: v for k, v in FULL.items() if k not in ("satuan", "sumber_data")})
        ordered = [d["name"] for d in _search(sort="kelengkapan desc")["results"]]
        assert ordered == ["lengkap", "sedang", "sedikit"]       # numeric order: 100 > 90 > 40
        assert [d["name"] for d in _search(sort="kelengkapan asc")["results"]] == ordered[::-1]
        assert [d["name"] for d in _search(fq="kelengkapan:[95 TO *]")["results"]] == ["lengkap"]
        lacking = {d["name"] for d in _search(fq="kelengkapan_kurang:satuan")["results"]}
        assert lacking == {"sedikit", "sedang"}

    def test_recomputed_on_every_change(self, make, sysadmin):
        make("berubah", **{k: v for k, v in FULL.items() if k != "satuan"})
        patched = helpers.call_action("package_patch", context={"user": sysadmin["name"]},
                                      id="berubah", satuan="jiwa")
        assert patched["kelengkapan"] == 100
        assert _search(fq="kelengkapan:100")["results"][0]["name"] == "berubah"

    def test_input_cannot_set_it(self, make):
        shown = make("curang", kelengkapan=100, kelengkapan_kurang=[], walidata="Saya")
        assert shown["kelengkapan"] < 100 and shown["walidata"] is None

    def test_what_is_missing_is_shown_to_the_opd_and_the_walidata(self, app, make, opd):
        make("tampil", **{k: v for k, v in FULL.items() if k != "satuan"})
        walidata, produsen, other = factories.UserWithToken(), factories.UserWithToken(), \
            factories.UserWithToken()
        factories.Organization(name="diskominfo", users=[{"name": walidata["name"], "capacity": "editor"}])
        factories.Organization(users=[{"name": other["name"], "capacity": "editor"}])
        helpers.call_action("organization_member_create", id=opd["id"], username=produsen["name"],
                            role="editor")
        for user, sees in ((walidata, True), (produsen, True), (other, False)):
            page = app.get("/dataset/tampil", headers={"Authorization": user["token"]}).body
            assert "Kelengkapan Metadata" in page
            assert ("Belum diisi:" in page and "Satuan" in page) is sees, user["name"]
        public = app.get("/dataset/tampil").body
        assert "Kelengkapan Metadata" in public and "Belum diisi:" not in public
        assert "Kode Daftar Data" in public and "Cakupan Spasial" not in public   # empty rows hidden


def test_walidata_is_the_steward_organization(make):
    factories.Organization(name="diskominfo", title="Dinas Komunikasi dan Informatika")
    assert make("dengan-walidata")["walidata"] == "Dinas Komunikasi dan Informatika"
    assert _search(fq='walidata:"Dinas Komunikasi dan Informatika"')["count"] == 1


class TestSearchAndFacets:
    def test_filters_on_each_new_field(self, make):
        make("aa", urusan="1.02", frekuensi="bulanan", tahun="2022, 2023", cakupan_wilayah="36.04.09",
             jenis_data="non_statistik", tingkat_penyajian="kecamatan")
        make("bb", urusan="2.12", frekuensi="tahunan", tahun="2024", klasifikasi_akses="terbatas")
        for fq, expected in (("urusan:1.02", ["aa"]), ("frekuensi:tahunan", ["bb"]), ("tahun:2022", ["aa"]),
                             ("tahun:[2023 TO 2024]", ["aa", "bb"]), ("cakupan_wilayah:36.04.09", ["aa"]),
                             ("klasifikasi_akses:terbatas", ["bb"]), ("jenis_data:non_statistik", ["aa"]),
                             ("tingkat_penyajian:kecamatan", ["aa"])):
            assert sorted(d["name"] for d in _search(fq=fq)["results"]) == expected, fq

    def test_facets_show_labels_in_the_readers_language(self, app, make):
        make("aa", urusan="1.02", cakupan_wilayah="36.04.09", frekuensi="bulanan")
        url = tk.url_for("api.action", ver=3, logic_function="package_search")
        fields = {"facet.field": json.dumps(["urusan", "cakupan_wilayah", "frekuensi", "tahun"])}
        for prefix, labels in (("", ("Kesehatan", "Ciruas", "Bulanan")), ("/en", ("Health", "Ciruas", "Monthly"))):
            facets = app.get(prefix + url, query_string=fields).json["result"]["search_facets"]
            shown = tuple(facets[f]["items"][0]["display_name"] for f in ("urusan", "cakupan_wilayah", "frekuensi"))
            assert shown == labels
            assert facets["urusan"]["items"][0]["name"] == "1.02"     # the code stays the value

    def test_dataset_page_facets_in_order_with_titles(self, app, make):
        make("aa", urusan="1.02")
        page = app.get("/dataset/").body
        headings = re.findall(r'<h2 class="module-heading">\s*<i class="fa fa-filter"></i>\s*([^<]+?)\s*</h2>',
                              page)
        assert headings == ["Perangkat Daerah (OPD)", "Jadwal Pemutakhiran", "Urusan",
                            "Frekuensi Pemutakhiran", "Klasifikasi Akses",
                            "Wilayah", "Tahun", "Jenis Data", "Format", "Kata Kunci", "Kualitas Data"]
        assert '<span class="item-label">Kesehatan</span>' in page


class TestForms:
    def test_dataset_form_offers_the_lists(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        page = app.get(tk.url_for("dataset.new"), headers={"Authorization": token}).body
        assert '<option value="1.02"' in page and "1.02 Kesehatan" in page
        # required lists start blank (chosen, never pre-selected); the licence proposes CC-BY
        assert re.search(r'id="field-urusan"[^>]*>\s*<option value=""', page)
        assert re.search(r'<option value="cc-by"\s+selected', page)
        assert '<option value="tertutup"' in page
        assert 'data-module-source="/api/satudata/autocomplete/wilayah?incomplete=?"' in page
        assert 'data-module-createtags="false"' in page      # a code from the list, never free text
        assert 'value="36.04"' in page      # the portal's own region, proposed
        assert "Metadata Kegiatan Statistik (MS-Keg)" in page

    def test_organization_form_offers_parents_and_kinds(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        page = app.get(tk.url_for("organization.new"), headers={"Authorization": token}).body
        assert f'<option value="{opd["name"]}"' in page
        assert '<option value="technical_unit"' in page and "Kode OPD" in page


class TestTertutupStaysClosed:
    def test_bulk_make_public_is_refused(self, make, sysadmin, opd, in_request):
        closed = make("tertutup", klasifikasi_akses="tertutup")
        other = make("terbatas", klasifikasi_akses="terbatas", private=True)
        with pytest.raises(tk.ValidationError) as raised:
            helpers.call_action("bulk_update_public", context={"user": sysadmin["name"]},
                                datasets=[closed["id"], other["id"]], org_id=opd["id"])
        assert raised.value.error_dict == {
            "datasets": ["Dataset baru tayang untuk publik setelah walidata menayangkannya"]}
        assert helpers.call_action("package_show", id="terbatas")["private"] is True
        assert helpers.call_action("package_show", id="tertutup")["private"] is True


def test_schema_show_lists_the_satu_data_fields():
    schema = helpers.call_action("scheming_dataset_schema_show", type="dataset")
    names = [f["field_name"] for f in schema["dataset_fields"]]
    for field in ("urusan", "frekuensi", "klasifikasi_akses", "periode_awal", "periode_akhir", "tahun",
                  "cakupan_wilayah", "tingkat_penyajian", "satuan", "sumber_data", "kode_daftar_data",
                  "standar_data", "jenis_data", "kontak", "walidata", "ms_keg", "ms_ind", "spatial",
                  "kelengkapan"):
        assert field in names, field
    urusan = next(f for f in schema["dataset_fields"] if f["field_name"] == "urusan")
    assert urusan["label"] == {"id": "Urusan Pemerintahan", "en": "Government affair (sector)"}
    resource = [f["field_name"] for f in schema["resource_fields"]]
    assert resource == ["url", "name", "description", "format", "tahun", "periode", "language"]
    opd = helpers.call_action("scheming_organization_schema_show", type="organization")
    assert {"kode_opd", "singkatan", "jenis_instansi", "urusan", "kode_wilayah", "induk", "alamat",
            "telepon", "email"} <= {f["field_name"] for f in opd["fields"]}


def test_core_strings_on_dataset_pages_follow_the_language(app, make):
    make("bahasa")
    page = app.get("/dataset/bahasa").body
    assert "Data dan Sumber Daya" in page and "Informasi Tambahan" in page
    assert "Data and Resources" not in page
    assert "Data and Resources" in app.get("/en/dataset/bahasa").body
    assert "1 dataset ditemukan" in app.get("/dataset/").body
    assert "1 dataset found" in app.get("/en/dataset/").body
