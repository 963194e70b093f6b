"""``ckan satudata daftar-data import|export`` and ``schedule remind``'s
output (the reminders themselves: test_reminders.py)."""
from __future__ import annotations

import io

import openpyxl
import pytest

from ckan.cli.cli import ckan
from ckan.tests.helpers import call_action

from .. import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_import_and_export(cli, tmp_path):
    factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    bad = tmp_path / "bad.csv"
    bad.write_text("kode;judul;opd;frekuensi\nA;x;dinas-entah;tahunan\nA;y;dinkes;kapan-kapan\n",
                   encoding="utf-8")
    result = cli.invoke(ckan, ["satudata", "daftar-data", "import", str(bad), "--tahun", "2025"])
    assert result.exit_code == 1
    assert "csv: Baris 2, kolom opd: OPD tidak dikenal: dinas-entah" in result.output
    assert "csv: Baris 3, kolom kode: Kode ganda A (juga di baris 2)" in result.output
    assert "csv: Baris 3, kolom frekuensi: Frekuensi tidak dikenal: kapan-kapan" in result.output
    assert call_action("satudata_daftar_data_list", tahun=2025)["count"] == 0

    book = openpyxl.Workbook()
    for row in (["kode", "judul", "opd", "frekuensi", "prioritas"],
                ["DD-1", "Jumlah Puskesmas", "dinkes", "Tahunan", "ya"],
                ["DD-2", "Gizi Buruk", "dinkes", "bulanan", None]):
        book.active.append(row)
    good = tmp_path / "dd.xlsx"
    book.save(good)
    result = cli.invoke(ckan, ["satudata", "daftar-data", "import", str(good), "--tahun", "2025"])
    assert result.exit_code == 0, result.output
    assert "Daftar Data 2025: 2 created, 0 updated, 0 deleted" in result.output

    out = tmp_path / "out.xlsx"
    result = cli.invoke(ckan, ["satudata", "daftar-data", "export", str(out), "--tahun", "2025",
                               "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:5] == ["tahun", "kode", "judul", "opd", "frekuensi"]
    assert rows[1][:6] == [2025, "DD-1", "Jumlah Puskesmas", "dinkes", "tahunan", "ya"]
    # an export imports back unchanged
    csv_out = tmp_path / "out.csv"
    cli.invoke(ckan, ["satudata", "daftar-data", "export", str(csv_out), "--tahun", "2025"])
    again = cli.invoke(ckan, ["satudata", "daftar-data", "import", str(csv_out), "--tahun", "2025"])
    assert "0 created, 2 updated" in again.output, again.output
