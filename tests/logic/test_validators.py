"""The Satu Data dataset schema through package_create/update: every
field's good and bad input, messages in Indonesian (default) and English,
errors keyed by field, nothing saved on error."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests import factories
from tests.factories import REQUIRED

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

STATISTICAL = {
    "jenis_data": "statistik",
    "ms_keg": [{"judul_kegiatan": "Survei Gizi Balita", "penyelenggara": "Dinas Kesehatan",
                "penanggung_jawab": "Kepala Bidang Kesmas", "tujuan": "Mengukur stunting",
                "jenis_kegiatan": "survei", "metode_pengumpulan": "Pengukuran di posyandu"}],
    "ms_ind": [{"nama_indikator": "Prevalensi stunting", "definisi": "Balita pendek per balita diukur",
                "metode_perhitungan": "pendek / diukur x 100", "satuan": "persen",
                "level_estimasi": "kecamatan"}],
}


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def create(sysadmin, opd):
    def create(**fields):
        data = {"name": "data-uji", "title": "Data Uji", "owner_org": opd["id"], **REQUIRED, **fields}
        return helpers.call_action("package_create", context={"user": sysadmin["name"]}, **data)
    return create


def _errors(create, **fields) -> dict:
    with pytest.raises(tk.ValidationError) as raised:
        create(**fields)
    return raised.value.error_dict


def _packages() -> int:
    return model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar()


@pytest.mark.usefixtures("in_request")
class TestGoodInput:
    def test_a_full_dataset_round_trips(self, create):
        created = create(
            tahun="2023, 2022", periode_awal="2022-01-01", periode_akhir="2023-12-31",
            cakupan_wilayah="36.04.09", tingkat_penyajian="kecamatan", satuan="jiwa",
            sumber_data="SIAK", kode_daftar_data="DD.2023.2.12.001", standar_data="SDI",
            kontak=[{"nama": "Budi", "email": "budi@serangkab.go.id", "telepon": "(0254) 280100"}],
            resources=[{"url": "http://example.test/penduduk.csv", "tahun": "2023", "language": "id"}],
            **STATISTICAL)
        shown = helpers.call_action("package_show", id=created["id"])
        assert shown["tahun"] == [2022, 2023]
        assert shown["periode_awal"] == "2022-01-01" and shown["periode_akhir"] == "2023-12-31"
        assert shown["cakupan_wilayah"] == "36.04.09"
        assert shown["kontak"] == [{"nama": "Budi", "email": "budi@serangkab.go.id",
                                    "telepon": "(0254) 280100"}]
        assert shown["ms_keg"][0]["jenis_kegiatan"] == "survei"
        assert shown["ms_ind"][0]["level_estimasi"] == "kecamatan"
        assert shown["license_id"] == "cc-by"          # the default licence
        assert shown["resources"][0]["format"] == "CSV"  # detected from the file name
        assert shown["resources"][0]["tahun"] == [2023]
        # validated twice (update with what show gave) comes out the same
        updated = helpers.call_action("package_update", **{**shown})
        for field in ("tahun", "kontak", "ms_keg", "ms_ind", "cakupan_wilayah", "periode_awal"):
            assert updated[field] == shown[field], field

    def test_region_defaults_to_the_portals_own(self, create):
        assert create()["cakupan_wilayah"] == tk.config["ckanext.satudata.kode_wilayah"] == "36.04"

    def test_years_accept_a_list(self, create):
        assert create(tahun=[2021, "2020", 2021])["tahun"] == [2020, 2021]

    @pytest.mark.parametrize("spatial", [
        "105.9,-6.3,106.5,-5.9",
        '{"type": "Point", "coordinates": [106.1, -6.1]}',
        {"type": "MultiPolygon", "coordinates": [[[[106, -6], [106.2, -6], [106.2, -6.2], [106, -6]]]]},
    ])
    def test_geospatial_data_with_its_extent(self, create, spatial):
        shown = create(jenis_data="geospasial", spatial=spatial)
        geometry = json.loads(shown["spatial"])
        assert geometry["type"] in ("Polygon", "Point", "MultiPolygon")
        if isinstance(spatial, str) and not spatial.startswith("{"):
            assert geometry["coordinates"][0][0] == [105.9, -6.3]

    def test_tertutup_is_made_private(self, create):
        assert create(klasifikasi_akses="tertutup")["private"] is True


@pytest.mark.usefixtures("in_request")
class TestBadInput:
    @pytest.mark.parametrize("fields, field, message", [
        ({"urusan": "9.99"}, "urusan", "9.99 tidak ada dalam daftar Urusan Pemerintahan"),
        ({"urusan": ""}, "urusan", "Wajib diisi"),
        ({"frekuensi": "sewindu"}, "frekuensi", "sewindu tidak ada dalam daftar Frekuensi Pemutakhiran"),
        ({"klasifikasi_akses": "rahasia"}, "klasifikasi_akses", "rahasia tidak ada dalam daftar"),
        ({"klasifikasi_akses": None}, "klasifikasi_akses", "Wajib diisi"),
        ({"notes": "  "}, "notes", "Wajib diisi"),
        ({"cakupan_wilayah": "99.99"}, "cakupan_wilayah", "Kode wilayah tidak dikenal: 99.99"),
        ({"tingkat_penyajian": "rt"}, "tingkat_penyajian", "rt tidak ada dalam daftar"),
        ({"jenis_data": "rahasia"}, "jenis_data", "rahasia tidak ada dalam daftar Jenis Data"),
        ({"tahun": "20x"}, "tahun", "Tahun tidak sah: 20x"),
        ({"tahun": "1700"}, "tahun", "Tahun tidak sah: 1700"),
        ({"periode_awal": "31-12-2023"}, "periode_awal", ""),
        ({"periode_awal": "2024-01-01", "periode_akhir": "2023-12-31"}, "periode_akhir",
         "Akhir periode tidak boleh sebelum awal periode"),
        ({"klasifikasi_akses": "tertutup", "private": False}, "private",
         "Dataset Tertutup tidak dapat dibuat publik"),
        ({"jenis_data": "statistik"}, "ms_keg", "Data statistik wajib dilengkapi metadata MS-Keg"),
        ({"jenis_data": "statistik"}, "ms_ind", "Data statistik wajib dilengkapi metadata MS-Ind"),
        ({"ms_keg": STATISTICAL["ms_keg"]}, "jenis_data", "Metadata MS-Keg hanya untuk data statistik"),
        ({"jenis_data": "geospasial"}, "spatial", "Data geospasial wajib dilengkapi cakupan spasial"),
        ({"spatial": "106,-6"}, "spatial", "Bukan geometri GeoJSON"),
        ({"spatial": "106.5,-6,106,-5"}, "spatial", "barat harus lebih kecil dari timur"),
        ({"spatial": '{"type": "Point", "coordinates": [200, 0]}'}, "spatial", "bujur -180..180"),
        ({"spatial": '{"type": "Circle", "coordinates": [1, 0]}'}, "spatial",
         "Jenis geometri tidak didukung: Circle"),
    ])
    def test_field_errors_in_indonesian_and_nothing_saved(self, create, fields, field, message):
        before = _packages()
        errors = _errors(create, **fields)
        assert field in errors, errors
        assert message in " ".join(errors[field])
        assert _packages() == before

    def test_contact_subfields(self, create):
        errors = _errors(create, kontak=[{"nama": "", "email": "budi@", "telepon": "abc"}])
        assert errors["kontak"] == [{"nama": ["Wajib diisi"],
                                     "email": ["Alamat surel tidak sah: budi@"],
                                     "telepon": ["Nomor telepon tidak sah: abc"]}]

    def test_statistical_subfields(self, create):
        errors = _errors(create, jenis_data="statistik",
                         ms_keg=[{**STATISTICAL["ms_keg"][0], "jenis_kegiatan": "tebakan"}],
                         ms_ind=[{"nama_indikator": "Prevalensi", "level_estimasi": "rt"}])
        assert list(errors["ms_keg"][0]) == ["jenis_kegiatan"]
        assert errors["ms_ind"][0]["definisi"] == ["Wajib diisi"]
        assert errors["ms_ind"][0]["level_estimasi"] == ["rt tidak ada dalam daftar Level Estimasi"]

    def test_resource_format_from_the_list(self, create):
        errors = _errors(create, resources=[{"url": "http://example.test/a", "format": "EXE"}])
        assert errors["resources"] == [{"format": ["EXE tidak ada dalam daftar Format"]}]

    def test_several_errors_at_once(self, create):
        errors = _errors(create, urusan="0", frekuensi="x", cakupan_wilayah="1")
        assert {"urusan", "frekuensi", "cakupan_wilayah"} <= set(errors)

    def test_an_update_with_bad_input_changes_nothing(self, create, sysadmin):
        created = create(satuan="jiwa")
        with pytest.raises(tk.ValidationError) as raised:
            helpers.call_action("package_patch", context={"user": sysadmin["name"]}, id=created["id"],
                                satuan="orang", cakupan_wilayah="00")
        assert raised.value.error_dict == {"cakupan_wilayah": ["Kode wilayah tidak dikenal: 00"]}
        assert helpers.call_action("package_show", id=created["id"])["satuan"] == "jiwa"

    def test_tertutup_stays_private_on_update(self, create, sysadmin):
        created = create(klasifikasi_akses="tertutup")
        with pytest.raises(tk.ValidationError) as raised:
            helpers.call_action("package_patch", context={"user": sysadmin["name"]},
                                id=created["id"], private=False)
        assert "private" in raised.value.error_dict
        assert helpers.call_action("package_show", id=created["id"])["private"] is True


class TestOverHttp:
    def _post(self, app, prefix: str, token: str, body: dict):
        url = prefix + tk.url_for("api.action", ver=3, logic_function="package_create")
        return app.post(url, json=body, headers={"Authorization": token}, status=409)

    def test_api_error_body_names_each_field_in_indonesian(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        resp = self._post(app, "", token, {"name": "uji-http", "title": "Uji", "owner_org": opd["id"],
                                           "cakupan_wilayah": "99", "tahun": "dua ribu"})
        error = resp.json["error"]
        assert error["__type"] == "Validation Error"
        assert error["cakupan_wilayah"] == ["Kode wilayah tidak dikenal: 99"]
        assert error["tahun"] == ["Tahun tidak sah: dua ribu"]
        for field in ("urusan", "frekuensi", "klasifikasi_akses", "notes"):
            assert error[field] == ["Wajib diisi"], field
        assert "Traceback" not in resp.body
        assert _packages() == 0

    def test_english_when_asked(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        resp = self._post(app, "/en", token, {"name": "uji-http", "title": "Uji", "owner_org": opd["id"],
                                              **REQUIRED, "cakupan_wilayah": "99", "urusan": "0"})
        assert resp.json["error"]["cakupan_wilayah"] == ["Unknown region code: 99"]
        assert resp.json["error"]["urusan"] == ["0 is not in the list of Government affair (sector)"]

    def test_form_shows_field_errors_and_saves_nothing(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        resp = app.post(tk.url_for("dataset.new"), headers={"Authorization": token}, data={
            "name": "dari-formulir", "title": "Dari Formulir", "owner_org": opd["id"], "notes": "n",
            "urusan": "1.02", "frekuensi": "tahunan", "klasifikasi_akses": "terbuka",
            "cakupan_wilayah": "36.99", "tahun": "2023", "save": "continue", "_ckan_phase": "dataset_new_1"})
        assert resp.status_code == 200
        assert "Kode wilayah tidak dikenal: 36.99" in resp.body
        assert _packages() == 0

    def test_form_blank_repeating_entries_are_not_errors(self, app, opd):
        user = factories.Sysadmin()
        token = helpers.call_action("api_token_create", context={"user": user["name"]},
                                    user=user["name"], name="t")["token"]
        blanks = {f"{group}-0-{sub}": "" for group, subs in (
            ("kontak", ("nama", "email", "telepon")),
            ("ms_keg", ("judul_kegiatan", "penyelenggara", "jenis_kegiatan")),
            ("ms_ind", ("nama_indikator", "definisi", "indikator_komposit", "level_estimasi")))
            for sub in subs}
        resp = app.post(tk.url_for("dataset.new"), headers={"Authorization": token}, data={
            "name": "dari-formulir", "title": "Dari Formulir", "owner_org": opd["id"], "notes": "n",
            "urusan": "1.02", "frekuensi": "tahunan", "klasifikasi_akses": "terbuka", "jenis_data": "",
            "cakupan_wilayah": "", "tahun": "2023", "kontak-1-nama": "Budi", "kontak-1-email": "",
            "save": "continue", "_ckan_phase": "dataset_new_1", **blanks}, follow_redirects=False)
        assert resp.status_code == 302, resp.body[:3000]
        shown = helpers.call_action("package_show", id="dari-formulir")
        assert shown["kontak"] == [{"nama": "Budi"}]
        assert "ms_keg" not in shown and shown["cakupan_wilayah"] == "36.04"
