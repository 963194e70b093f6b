"""The Daftar Data through the action API: import (CSV, XLSX, all or
nothing), entries, fulfilment, summary, who may change it."""
from __future__ import annotations

import io

import openpyxl
import pytest

import ckan.plugins.toolkit as tk

from ... import factories
from ...review_helpers import act

pytestmark = pytest.mark.usefixtures("with_plugins")

GOOD = """kode,judul,opd,frekuensi,prioritas,standar_data,catatan
DD-01,Jumlah Puskesmas,dinkes,tahunan,ya,SD-KES-01,
DD-02,Cakupan Imunisasi,dinkes,Bulanan,tidak,,dari Profil Kesehatan
DD-03,Angka Partisipasi Sekolah,9.99.0.00.0.00.77.0000,tahunan,ya,,
"""


@pytest.fixture(scope="module")
def plan(reset_db, migrate_db_for):
    """Two OPDs, the 2025 plan imported, datasets fulfilling some entries."""

    from ...conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    dindik = factories.OpdFactory(name="dindik", title="Dinas Pendidikan",
                                  kode_opd="9.99.0.00.0.00.77.0000")
    walidata = factories.WalidataFactory()
    act("satudata_daftar_data_import", walidata, tahun=2025, csv=GOOD)
    # fulfils DD-01 for 2025 (tahun), DD-03 through its period
    factories.Dataset(name="puskesmas", owner_org=dinkes["id"], kode_daftar_data="DD-01",
                      tahun="2024, 2025")
    factories.Dataset(name="aps", owner_org=dindik["id"], kode_daftar_data="DD-03",
                      periode_awal="2023-01-01", periode_akhir="2026-12-31")
    # does not fulfil: another year; a draft
    factories.Dataset(name="imunisasi-lama", owner_org=dinkes["id"],
                      kode_daftar_data="DD-02", tahun="2023")
    factories.Dataset(name="imunisasi-draf", owner_org=dinkes["id"],
                      kode_daftar_data="DD-02", tahun="2025", private=True)
    return {"walidata": walidata, "dinkes": dinkes, "dindik": dindik,
            "editor": factories.OpdEditorFactory(opd=dinkes)}


def test_fulfilment_per_entry(plan):
    found = act("satudata_daftar_data_list", None, tahun=2025)
    assert found["count"] == 3
    by_code = {e["kode"]: e for e in found["results"]}
    assert by_code["DD-01"]["fulfilled"] and by_code["DD-01"]["datasets"] == ["puskesmas"]
    assert by_code["DD-03"]["fulfilled"] and by_code["DD-03"]["organization"] == "Dinas Pendidikan"
    assert not by_code["DD-02"]["fulfilled"] and by_code["DD-02"]["datasets"] == []
    assert by_code["DD-02"]["frekuensi"] == "bulanan"           # label read as its code
    assert by_code["DD-01"]["prioritas"] and not by_code["DD-02"]["prioritas"]


def test_list_filters(plan):
    owed = act("satudata_daftar_data_list", None, tahun=2025, owner_org="dinkes", fulfilled=False)
    assert [e["kode"] for e in owed["results"]] == ["DD-02"]
    prio = act("satudata_daftar_data_list", None, tahun=2025, prioritas=True)
    assert {e["kode"] for e in prio["results"]} == {"DD-01", "DD-03"}
    assert act("satudata_daftar_data_list", None, tahun=2024)["count"] == 0


def test_summary_per_opd(plan):
    found = act("satudata_daftar_data_summary", None, tahun=2025)
    assert (found["planned"], found["fulfilled"], found["rate"]) == (3, 2, 66.7)
    per = {r["org_name"]: r for r in found["opd"]}
    assert (per["dinkes"]["planned"], per["dinkes"]["fulfilled"], per["dinkes"]["rate"]) == (2, 1, 50.0)
    assert per["dindik"]["rate"] == 100.0
    assert per["dinkes"]["prioritas_fulfilled"] == 1
    assert act("satudata_daftar_data_summary", None, tahun=2030)["rate"] is None


def test_bad_imports_are_refused_whole_naming_each_row_and_column(plan, in_request):
    """One request context for every case (each costs an app)."""
    def refused(field="csv", **data):
        with pytest.raises(tk.ValidationError) as err:
            act("satudata_daftar_data_import", plan["walidata"], tahun=2026, **data)
        assert act("satudata_daftar_data_list", None, tahun=2026)["count"] == 0   # nothing half-imported
        return err.value.error_dict[field]

    assert refused(csv="""kode,judul,opd,frekuensi,prioritas
DD-10,Baik,dinkes,tahunan,ya
DD-11,OPD salah,dinas-entah,tahunan,tidak
DD-12,Frekuensi salah,dinkes,sewindu,tidak
DD-10,Kode ganda,dinkes,tahunan,mungkin
,Tanpa kode,dinkes,tahunan,
""") == [
        "Baris 3, kolom opd: OPD tidak dikenal: dinas-entah",
        "Baris 4, kolom frekuensi: Frekuensi tidak dikenal: sewindu",
        "Baris 5, kolom kode: Kode ganda DD-10 (juga di baris 2)",
        "Baris 5, kolom prioritas: Bukan ya atau tidak: mungkin",
        "Baris 6, kolom kode: Wajib diisi",
    ]
    # wrong columns
    assert refused(csv="kode,nama,opd,warna\nDD-1,x,dinkes,merah\n") == [
        "Kolom yang tidak ada: judul, frekuensi", "Kolom tidak dikenal: nama, warna"]
    assert refused(csv="kode,judul,opd,frekuensi,kode\nA,b,dinkes,tahunan,A\n") == [
        "Ada kolom yang muncul dua kali"]
    # another year's rows, an empty file, no file, a file that is not text
    assert refused(csv="tahun,kode,judul,opd,frekuensi\n2025,A,x,dinkes,tahunan\n") == [
        "Baris 2, kolom tahun: Tahun 2025 bukan tahun yang diimpor (2026)"]
    assert refused(csv="kode,judul,opd,frekuensi\n") == ["Berkas tidak memuat baris"]
    assert refused("upload") == ["Kirim berkas sebagai upload atau teksnya sebagai csv"]
    assert refused("upload", upload=io.BytesIO(b"\xff\xfe\x00kode")) == [
        "Berkas bukan CSV UTF-8 maupun XLSX"]


def test_list_of_an_unknown_opd_is_refused(plan):
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_daftar_data_list", None, owner_org="entah")
    assert "owner_org" in err.value.error_dict


@pytest.mark.parametrize("tahun", [1999, 2101, "dua ribu"])
def test_years_outside_sane_bounds_are_refused(plan, tahun):
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_daftar_data_import", plan["walidata"], tahun=tahun, csv=GOOD)
    assert "tahun" in err.value.error_dict


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_xlsx_import_replace_and_crud():
    factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    walidata = factories.WalidataFactory()
    act("satudata_daftar_data_import", walidata, tahun=2025, csv=GOOD.replace(
        "DD-03,Angka Partisipasi Sekolah,9.99.0.00.0.00.77.0000,tahunan,ya,,\n", ""))
    upload = _xlsx([["kode", "judul", "opd", "frekuensi", "prioritas"],
                    ["DD-01", "Jumlah Puskesmas (baru)", "dinkes", "tahunan", 1],
                    ["DD-05", "Gizi Buruk", "dinkes", "triwulanan", None]])
    result = act("satudata_daftar_data_import", walidata, tahun=2025, upload=upload, replace=True)
    assert result == {"tahun": 2025, "created": 1, "updated": 1, "deleted": 1}
    entries = {e["kode"]: e for e in act("satudata_daftar_data_list", None, tahun=2025)["results"]}
    assert set(entries) == {"DD-01", "DD-05"}
    assert entries["DD-01"]["judul"] == "Jumlah Puskesmas (baru)"
    assert entries["DD-05"]["frekuensi"] == "triwulanan" and not entries["DD-05"]["prioritas"]
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_daftar_data_import", walidata, tahun=2025, upload=io.BytesIO(b"PK\x03\x04xx"))
    assert "upload" in err.value.error_dict

    created = act("satudata_daftar_data_create", walidata, tahun=2025, kode="DD-09", judul="Jalan",
                  owner_org="dinkes", frekuensi="tahunan", prioritas=True)
    assert created["prioritas"] and created["org_name"] == "dinkes"
    with pytest.raises(tk.ValidationError) as err:
        act("satudata_daftar_data_create", walidata, tahun=2025, kode="DD-09", judul="Lagi",
            owner_org="dinkes", frekuensi="tahunan")
    assert "kode" in err.value.error_dict
    for bad, field in (({"owner_org": "entah"}, "owner_org"), ({"frekuensi": "x"}, "frekuensi"),
                       ({"tahun": 1800}, "tahun")):
        with pytest.raises(tk.ValidationError) as err:
            act("satudata_daftar_data_create", walidata, **{
                "tahun": 2025, "kode": "DD-20", "judul": "x", "owner_org": "dinkes",
                "frekuensi": "tahunan", **bad})
        assert field in err.value.error_dict
    updated = act("satudata_daftar_data_update", walidata, id=created["id"], tahun=2025,
                  kode="DD-09", judul="Panjang Jalan", owner_org="dinkes", frekuensi="tahunan")
    assert updated["judul"] == "Panjang Jalan" and not updated["prioritas"]
    assert act("satudata_daftar_data_show", None, id=created["id"])["judul"] == "Panjang Jalan"
    act("satudata_daftar_data_delete", walidata, id=created["id"])
    for missing in (created["id"], "abc"):
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_daftar_data_show", None, id=missing)


@pytest.mark.parametrize("action, data", [
    ("satudata_daftar_data_import", {"tahun": 2025, "csv": GOOD}),
    ("satudata_daftar_data_create", {"tahun": 2025, "kode": "X", "judul": "x",
                                     "owner_org": "dinkes", "frekuensi": "tahunan"}),
    ("satudata_daftar_data_delete", {"id": 1}),
])
def test_only_the_walidata_changes_the_daftar_data(plan, action, data):
    for who in (None, plan["editor"]):
        with pytest.raises(tk.NotAuthorized):
            act(action, who, **data)
