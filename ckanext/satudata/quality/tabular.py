"""The structure check of a tabular file: frictionless's validation (header
cells present and distinct, rows as long as the header, no blank rows, the
file readable as its format) and three findings of ours in the same pass:
merged cells (XLSX, openpyxl), numbers stored as text (an XLSX text cell
that is a number; a CSV cell that is not a number in a column of numbers)
and total rows inside the data (``Jumlah``, ``Total`` …).

A finding is ``{"code", "row", "column", "label", "value"}`` (row and
column 1-based as a spreadsheet shows them, the header being row 1; any
may be None), kept language-neutral: ``labels.message`` words it in the
reader's language.
"""
from __future__ import annotations

import os
import re
from typing import Any, Optional

from . import sniff

__all__ = ["MAX_FINDINGS", "LIMIT_ROWS", "check"]

MAX_FINDINGS = 200          # kept per file; ``error_count`` has them all
LIMIT_ROWS = 200_000        # rows read per file
_MERGE_MAX_BYTES = 20 * 1024 * 1024   # openpyxl reads merges only in full (not read-only) mode
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d+)?|\d{1,3}(\.\d{3})+(,\d+)?|\d{1,3}(,\d{3})+(\.\d+)?)$")
_TOTAL = re.compile(r"^(grand\s*|sub\s*)?(total|jumlah)\b", re.I)
_NUMERIC_SHARE = 0.6        # a column of numbers: at least this share of its filled cells
_SAMPLES = 50               # non-numbers kept per column, to report
_UNREADABLE = {"encoding-error", "format-error", "source-error", "scheme-error", "schema-error",
               "resource-error", "general-error", "dialect-error", "detector-error", "checklist-error"}
_FORMATS = {"csv": "csv", "tsv": "tsv", "txt": "csv", "xlsx": "xlsx", "xls": "xls"}


def _finding(code: str, row: Optional[int] = None, column: Optional[int] = None,
             label: Any = None, value: Any = None) -> dict[str, Any]:
    return {"code": code, "row": row, "column": column,
            "label": None if label is None else str(label)[:200],
            "value": None if value is None else str(value)[:200]}


def _merged(path: str) -> list[dict[str, Any]]:
    if os.path.getsize(path) > _MERGE_MAX_BYTES:
        return []
    import openpyxl
    try:    # a file object: stored uploads have no extension, which openpyxl asks for
        with open(path, "rb") as handle:
            sheet = openpyxl.load_workbook(handle, read_only=False, data_only=True).worksheets[0]
    except Exception:       # unreadable: frictionless reports it
        return []
    return [_finding("merged-cells", r.min_row, r.min_col, value=r.coord)
            for r in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))]


class _Columns:
    """Per column: how many filled cells are numbers, and the first cells
    that are not; per row, a total label in its first filled cell."""

    def __init__(self, spreadsheet: bool) -> None:
        self.spreadsheet = spreadsheet
        self.filled: dict[int, int] = {}
        self.numbers: dict[int, int] = {}
        self.others: dict[int, list[tuple[int, Any]]] = {}
        self.findings: list[dict[str, Any]] = []

    def row(self, number: int, cells: list[Any]) -> None:
        first = next((c for c in cells if c not in (None, "")), None)
        if isinstance(first, str) and _TOTAL.match(first.strip()):
            self.findings.append(_finding("total-row", number, cells.index(first) + 1, value=first))
        for index, cell in enumerate(cells, start=1):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            self.filled[index] = self.filled.get(index, 0) + 1
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                self.numbers[index] = self.numbers.get(index, 0) + 1
            elif isinstance(cell, str) and _NUMBER.match(cell.strip()):
                if self.spreadsheet:       # a number in a text cell
                    self.findings.append(_finding("number-as-text", number, index, value=cell))
                self.numbers[index] = self.numbers.get(index, 0) + 1
            else:
                kept = self.others.setdefault(index, [])
                if len(kept) < _SAMPLES:
                    kept.append((number, cell))

    def done(self, labels: list[Any]) -> list[dict[str, Any]]:
        for index, filled in self.filled.items():
            numbers = self.numbers.get(index, 0)
            if numbers and numbers < filled and numbers >= _NUMERIC_SHARE * filled:
                label = labels[index - 1] if index <= len(labels) else None
                for number, cell in self.others.get(index, []):
                    if not (isinstance(cell, str) and _TOTAL.match(cell.strip())):
                        self.findings.append(_finding("not-a-number", number, index, label, cell))
        return sorted(self.findings, key=lambda f: (f["row"] or 0, f["column"] or 0))


def check(path: str, declared: str) -> dict[str, Any]:
    """The report of the file at ``path`` declared as ``declared``:
    ``detected``, ``flagged`` (not what its format says), ``valid``,
    ``rows``, ``error_count``, ``findings`` (at most MAX_FINDINGS)."""
    declared = (declared or "").strip().lower()
    with open(path, "rb") as handle:
        detected = sniff.detect(handle.read(sniff.HEAD_BYTES))
    wrong = sniff.mismatch(declared, detected)
    if wrong:
        return _report(detected, True, 0, [_finding("format-mismatch", value=wrong)])
    import frictionless

    spreadsheet = declared in ("xlsx", "xls")
    columns = _Columns(spreadsheet)
    findings: list[dict[str, Any]] = _merged(path) if declared == "xlsx" else []
    # a bare name under its folder: frictionless refuses absolute paths as unsafe
    resource = frictionless.Resource(path=os.path.basename(path), basepath=os.path.dirname(path),
                                     format=_FORMATS.get(declared, "csv"))
    labels: list[Any] = []
    rows = 0

    def on_row(row: Any) -> None:
        nonlocal rows
        rows += 1
        columns.row(row.row_number, list(row.cells))

    try:
        report = resource.validate(on_row=on_row, limit_rows=LIMIT_ROWS, limit_errors=MAX_FINDINGS)
    except frictionless.FrictionlessException:
        return _report(detected, True, 0, [_finding("unreadable")])
    for task in report.tasks:
        labels = list(getattr(task, "labels", None) or labels)
        for error in task.errors:
            if error.type in _UNREADABLE:
                return _report(detected, True, rows, [_finding("unreadable")])
            column = getattr(error, "field_number", None)
            label = labels[column - 1] if column and column <= len(labels) else None
            findings.append(_finding(error.type, getattr(error, "row_number", None), column,
                                     label or None, getattr(error, "cell", None) or None))
    findings += columns.done(labels)
    return _report(detected, False, rows, findings)


def _report(detected: str, flagged: bool, rows: int, findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {"detected": detected, "flagged": flagged, "valid": not findings, "rows": rows,
            "error_count": len(findings), "findings": findings[:MAX_FINDINGS]}
