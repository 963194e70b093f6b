"""The checker's findings on crafted files (``quality/tabular.py``,
``quality/sniff.py``): no CKAN needed, only the files."""
from __future__ import annotations

import openpyxl
import pytest

from ckanext.satudata.quality import sniff, tabular

TIDY = b"kecamatan,posyandu\nCiomas,41\nPabuaran,37\n"
UNTIDY = (b"kecamatan,posyandu,,\nCiomas,41,1,\nPabuaran,37\n,,,\n"
          b"Cinangka,dua puluh,3,\nAnyar,12,2,\nJumlah,107,,\n")


def _codes(report):
    return [(f["code"], f["row"], f["column"]) for f in report["findings"]]


def _file(tmp_path, name, body):
    path = tmp_path / name
    path.write_bytes(body)
    return str(path)


def test_a_tidy_csv_has_no_findings(tmp_path):
    report = tabular.check(_file(tmp_path, "tidy.csv", TIDY), "CSV")
    assert report == {"detected": "text", "flagged": False, "valid": True, "rows": 2,
                      "error_count": 0, "findings": []}


def test_an_untidy_csv_is_reported_row_by_row_and_column_by_column(tmp_path):
    report = tabular.check(_file(tmp_path, "untidy.csv", UNTIDY), "csv")
    assert not report["valid"] and not report["flagged"] and report["rows"] == 6
    assert _codes(report) == [
        ("blank-label", None, 3), ("blank-label", None, 4),     # header cells missing
        ("missing-cell", 3, 3), ("missing-cell", 3, 4),         # a short row
        ("blank-row", 4, None),
        ("not-a-number", 5, 2),                                 # text among numbers
        ("total-row", 7, 1)]                                    # a total inside the data
    assert report["findings"][5]["value"] == "dua puluh" and report["findings"][5]["label"] == "posyandu"


def test_an_xlsx_with_a_merged_title_and_numbers_as_text(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Jumlah Posyandu per Kecamatan", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["kecamatan", "posyandu", "kader"])
    sheet.append(["Ciomas", "41", 12])
    sheet.append(["Pabuaran", 37, 10])
    path = str(tmp_path / "7c1e-posyandu")      # stored as CKAN stores it: no extension
    book.save(path)
    report = tabular.check(path, "XLSX")
    codes = _codes(report)
    assert ("merged-cells", 1, 1) in codes and report["findings"][0]["value"] == "A1:C1"
    assert ("blank-label", None, 2) in codes and ("blank-label", None, 3) in codes
    assert ("number-as-text", 3, 2) in codes


@pytest.mark.parametrize("body, declared, detected", [
    (b"<!DOCTYPE html><html><body>Halaman tidak ditemukan</body></html>", "csv", "html"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "CSV", "pdf"),
    (b"PK\x03\x04" + b"\x00" * 40, "csv", "zip"),
    (b"kecamatan,posyandu\nCiomas,41\n", "xlsx", "text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "xlsx", "xls"),
])
def test_a_file_that_is_not_what_its_format_says_is_flagged(tmp_path, body, declared, detected):
    report = tabular.check(_file(tmp_path, "berkas", body), declared)
    assert report["flagged"] and report["detected"] == detected
    assert _codes(report) == [("format-mismatch", None, None)]


def test_an_unreadable_workbook_is_flagged_not_a_crash(tmp_path):
    report = tabular.check(_file(tmp_path, "rusak.xlsx", b"PK\x03\x04 not really a zip"), "xlsx")
    assert report["flagged"] and _codes(report) == [("unreadable", None, None)]


def test_formats_other_than_tables_are_not_judged():
    assert sniff.mismatch("pdf", "pdf") is None and sniff.mismatch("", "html") is None
    assert sniff.mismatch("tsv", "text") is None and sniff.mismatch("xls", "xls") is None
