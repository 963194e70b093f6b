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


def rating_label(code: str) -> str:
    """A quality rating (``criteria.RATINGS``) in the reader's language."""
    return {"sangat_baik": tk._("Excellent"), "baik": tk._("Good"),
            "cukup": tk._("Sufficient"), "kurang": tk._("Poor")}.get(code, code)


def dimension_label(code: str) -> str:
    return {"findability": tk._("Findability"), "accessibility": tk._("Accessibility"),
            "interoperability": tk._("Interoperability"), "reusability": tk._("Reusability"),
            "contextuality": tk._("Contextuality"), "timeliness": tk._("Timeliness")}.get(code, code)


def criterion_label(code: str) -> str:
    """What a criterion (``criteria.CRITERIA``) asks."""
    return {
        "keywords": tk._("Keywords"), "urusan": tk._("Government affair (urusan)"),
        "wilayah": tk._("Area covered"), "period": tk._("Period covered"),
        "reachable": tk._("Every file and link can be reached"),
        "download_url": tk._("A download address for every file"),
        "content_matches": tk._("Every file is what its format says"),
        "format": tk._("A format for every file"), "media_type": tk._("A known media type"),
        "code_lists": tk._("Official code lists"),
        "open_format": tk._("Open (non-proprietary) formats"),
        "machine_readable": tk._("Machine-readable formats"),
        "dcat_ap": tk._("What DCAT-AP requires"), "licence": tk._("A licence"),
        "open_licence": tk._("An open licence"), "access_class": tk._("Access classification"),
        "contact": tk._("A contact (e-mail or telephone)"),
        "producer": tk._("Data producer and walidata"), "size": tk._("File sizes"),
        "issued": tk._("Date published"), "modified": tk._("Date last modified"),
        "schedule": tk._("Updated on schedule"),
    }.get(code, code)


def fix(criterion: dict[str, Any], names: dict[str, str]) -> str:
    """What to do to earn a criterion's missing points (empty when none
    are missing); ``names`` gives the files' names by resource id."""
    if criterion["points"] >= criterion["of"]:
        return ""
    code = criterion["code"]
    files = ", ".join(names.get(m, m) for m in criterion.get("missing") or [])
    per_file = {
        "reachable": tk._("Not reachable, or not checked yet: {files}"),
        "download_url": tk._("Give a download address to: {files}"),
        "content_matches": tk._("Not what its format says, or not checked yet: {files}"),
        "format": tk._("Give a format to: {files}"),
        "media_type": tk._("Use a format with a known media type for: {files}"),
        "open_format": tk._("Add an open format (such as CSV) next to: {files}"),
        "machine_readable": tk._("Add a machine-readable format (such as CSV) next to: {files}"),
        "size": tk._("Size unknown (upload the file or let the link check read it): {files}"),
    }
    if code in per_file and files:
        return per_file[code].format(files=files)
    if code == "schedule" and not criterion.get("missing"):
        return tk._("Update the data or confirm it is still current")
    return {
        "keywords": tk._("Add keywords"), "urusan": tk._("Choose the government affair (urusan)"),
        "wilayah": tk._("Give the area covered"), "period": tk._("Give the years or period covered"),
        "code_lists": tk._("Fill in the coded fields (urusan, frequency, access, data type, "
                           "level of presentation, area)"),
        "dcat_ap": tk._("Give a title, a description and at least one file or link"),
        "licence": tk._("Choose a licence"), "open_licence": tk._("Choose an open licence"),
        "access_class": tk._("Choose the access classification"),
        "contact": tk._("Give a contact e-mail or telephone"),
        "producer": tk._("Assign the dataset to its OPD"),
        "schedule": tk._("Choose the update frequency"),
    }.get(code, tk._("Add at least one file or link"))


def link_reason(reason: str) -> str:
    """Why a link check failed (``links.py``), as a phrase ('' when it worked)."""
    if reason.startswith("http-"):
        return tk._("The server answered {status}").format(status=reason[5:])
    return {"": "", "dns": tk._("The host name does not exist"),
            "private-address": tk._("An internal address, which the check does not reach"),
            "scheme": tk._("Not an http or https address"),
            "too-many-redirects": tk._("Too many redirects"),
            "timeout": tk._("The server did not answer in time"),
            "unreachable": tk._("The server cannot be reached"),
            "file-missing": tk._("The uploaded file is missing"),
            "check-failed": tk._("The check failed")}.get(reason, reason)
