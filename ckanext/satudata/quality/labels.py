"""A file check's findings in the reader's language."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["message", "kind_label"]


def kind_label(kind: str) -> str:
    """What a file really is (``sniff.detect``), as a phrase."""
    return {"pdf": tk._("a PDF document"), "html": tk._("a web page (HTML)"),
            "zip": tk._("a ZIP archive (such as an XLSX or ODS workbook)"),
            "xls": tk._("an Excel 97-2003 (XLS) workbook"), "binary": tk._("a binary file"),
            "text": tk._("a text file")}.get(kind, kind)


def message(finding: dict[str, Any], declared: str) -> str:
    """One finding as a sentence naming its row and column."""
    code = finding.get("code")
    row, column = finding.get("row"), finding.get("column")
    label, value = finding.get("label"), finding.get("value")
    where = tk._("column {column}").format(column=column)
    if label:
        where = tk._("column {column} ({label})").format(column=column, label=label)
    declared = (declared or "").upper()
    if code == "format-mismatch":
        return tk._("The file is declared as {declared} but is {kind}: it is not loaded").format(
            declared=declared, kind=kind_label(value or ""))
    if code == "unreadable":
        return tk._("The file cannot be read as {declared} (wrong format or encoding): "
                    "it is not loaded").format(declared=declared)
    if code == "merged-cells":
        return tk._("Cells {cells} are merged: give every cell its own value").format(cells=value)
    if code == "blank-label":
        return tk._("The header of column {column} is empty (or part of a merged cell)").format(
            column=column)
    if code == "duplicate-label":
        return tk._("The header of {where} repeats another column's").format(where=where)
    if code == "blank-header":
        return tk._("The first row (the header) is empty")
    if code == "blank-row":
        return tk._("Row {row} is empty").format(row=row)
    if code == "missing-cell":
        return tk._("Row {row} has no cell in {where}").format(row=row, where=where)
    if code == "extra-cell":
        return tk._("Row {row} has a cell beyond the header, in column {column}").format(
            row=row, column=column)
    if code == "number-as-text":
        return tk._("Row {row}, {where}: the number {value} is stored as text").format(
            row=row, where=where, value=value)
    if code == "not-a-number":
        return tk._("Row {row}, {where}: \"{value}\" is not a number, in a column of numbers").format(
            row=row, where=where, value=value)
    if code == "total-row":
        return tk._("Row {row} is a total (\"{value}\"): totals do not belong among the data").format(
            row=row, value=value)
    if row:
        return tk._("Row {row}, {where}: {code}").format(row=row, where=where, code=code)
    return tk._("{where}: {code}").format(where=where, code=code)
