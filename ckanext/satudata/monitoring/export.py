"""The monev table as CSV and XLSX (openpyxl): a row per OPD and the
kabupaten's total, headers in the reader's language; the XLSX has the
yearly evaluation sheet too (``evaluation.py``)."""
from __future__ import annotations

import csv
import io
from typing import Any, Callable

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.styles import Font

from ..quality import labels as quality_labels
from ..schedule import labels as schedule_labels
from .figures import RATINGS, STATUSES

__all__ = ["table", "as_csv", "as_xlsx"]


def _columns(public: bool) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    cols: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        (tk._("Published"), lambda r: r["published"])]
    if not public:
        cols += [(tk._("In review"), lambda r: r["in_review"]),
                 (tk._("Returned"), lambda r: r["returned"]), (tk._("Draft"), lambda r: r["draft"]),
                 (tk._("Decisions"), lambda r: r["decisions"]),
                 (tk._("Median days to a decision"), lambda r: r["median_review_days"])]
    names = schedule_labels.status_labels()
    cols += [(names[s], (lambda s: lambda r: r["schedule"][s])(s)) for s in STATUSES]
    cols += [(tk._("Daftar Data planned"), lambda r: r["daftar_data"]["planned"]),
             (tk._("Daftar Data fulfilled"), lambda r: r["daftar_data"]["fulfilled"]),
             (tk._("Daftar Data fulfilled (%)"), lambda r: r["daftar_data"]["rate"]),
             (tk._("Average quality"), lambda r: r["quality"]["average"])]
    cols += [(tk._("Quality: {rating}").format(rating=quality_labels.rating_label(q)),
              (lambda q: lambda r: r["quality"]["ratings"][q])(q)) for q in RATINGS]
    cols += [(tk._("Links checked"), lambda r: r["links"]["checked"]),
             (tk._("Links broken"), lambda r: r["links"]["broken"]),
             (tk._("Access requests"), lambda r: r["access_requests"]["received"]),
             (tk._("Access requests approved"), lambda r: r["access_requests"]["approved"]),
             (tk._("Access requests rejected"), lambda r: r["access_requests"]["rejected"])]
    return cols


def table(monev: dict[str, Any], public: bool) -> list[list[Any]]:
    """Header, a row per OPD, the total."""
    cols = _columns(public)
    out = [[tk._("OPD")] + [name for name, _ in cols]]
    for row in monev["opd"]:
        out.append([row["title"]] + [get(row) for _, get in cols])
    out.append([tk._("Whole kabupaten")] + [get(monev["total"]) for _, get in cols])
    return out


def as_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")      # Excel reads UTF-8 with the BOM


def as_xlsx(rows: list[list[Any]], evaluation: list[dict[str, Any]], tahun: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = tk._("Per OPD")[:31]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 48
    sheet2 = book.create_sheet(tk._("Evaluation {tahun}").format(tahun=tahun)[:31])
    sheet2.append([tk._("Framework"), tk._("Indicator"), tk._("Measure"), tk._("Value"), tk._("Unit")])
    for cell in sheet2[1]:
        cell.font = Font(bold=True)
    for entry in evaluation:
        sheet2.append([entry["framework"], entry["indicator"], entry["measure"], entry["value"],
                       entry["unit"]])
    for letter, width in zip("ABCDE", (34, 30, 64, 10, 10)):
        sheet2.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
