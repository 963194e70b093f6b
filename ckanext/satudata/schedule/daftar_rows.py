"""The Daftar Data as a file (CSV or XLSX): one row per entry, checked as a
whole. An import with a wrong column, an unknown OPD or frequency, a
duplicate code or a bad cell is refused with every bad row and column
named, and nothing is written (``check`` returns the messages).

Columns: ``kode``, ``judul``, ``opd`` (its name or kode OPD),
``frekuensi`` (a code of the frekuensi list or its label), ``prioritas``
(ya/tidak), ``standar_data``, ``catatan``; ``tahun`` may be given, and
must then be the year imported. Export adds ``terpenuhi`` and ``dataset``.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import openpyxl

from ..vocab import store as vocab

__all__ = ["COLUMNS", "REQUIRED", "EXPORT_COLUMNS", "read_csv", "read_xlsx", "check",
           "opd_lookup", "frequency_lookup", "to_csv_text", "write_csv", "write_xlsx", "to_export_row",
           "parse_flag"]

COLUMNS = ("kode", "judul", "opd", "frekuensi", "prioritas", "standar_data", "catatan")
REQUIRED = ("kode", "judul", "opd", "frekuensi")
_OPTIONAL = {"tahun", "terpenuhi", "dataset"}   # what an export adds
EXPORT_COLUMNS = ("tahun", *COLUMNS, "terpenuhi", "dataset")
_YES, _NO = {"ya", "y", "true", "1", "yes"}, {"tidak", "t", "false", "0", "no", ""}
MAX_ROWS = 20_000


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(header: list[str], body: Iterable[Iterable[Any]]) -> tuple[list[str], list[dict[str, str]]]:
    names = [_cell(h).lower() for h in header]
    rows = []
    for values in body:
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append({n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names) if n})
    return names, rows


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """(column names, rows) of a CSV text (``,`` or ``;`` separated)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], []
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    table = list(csv.reader(io.StringIO(text), dialect))
    return _rows(table[0], table[1:])


def read_xlsx(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """(column names, rows) of the first sheet; ValueError when not XLSX."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds for a bad file)
        raise ValueError(str(error)) from error
    sheet = book.worksheets[0]
    table = sheet.iter_rows(values_only=True)
    header = next(table, None)
    if header is None:
        return [], []
    return _rows(list(header), table)


def opd_lookup() -> Callable[[str], str | None]:
    """An OPD's id from its name or kode OPD."""
    orgs = (model.Session.query(model.Group.id, model.Group.name,
                                model.Group.extras["kode_opd"].astext)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active").all())
    by_key = {name: id_ for id_, name, _ in orgs}
    by_key.update({kode: id_ for id_, _, kode in orgs if kode})
    return lambda key: by_key.get(key) or by_key.get(key.lower())


def frequency_lookup() -> Callable[[str], str | None]:
    """A frekuensi code from its code or its label (either language)."""
    by_key: dict[str, str] = {}
    for term in vocab.all_terms(model.Session, "frekuensi"):
        by_key[term.code.lower()] = term.code
        for language in ("id", "en"):
            by_key[term.label(language).lower()] = term.code
    return lambda key: by_key.get(key.lower())


def parse_flag(text: str) -> bool | None:
    value = text.strip().lower()
    return True if value in _YES else False if value in _NO else None


def check(tahun: int, names: list[str], rows: list[dict[str, str]]
          ) -> tuple[list[dict[str, Any]], list[str]]:
    """(entries ready to write, messages naming every bad row and column)."""
    problems: list[str] = []
    missing = [c for c in REQUIRED if c not in names]
    unknown = [n for n in names if n and n not in COLUMNS and n not in _OPTIONAL]
    if missing:
        problems.append(tk._("Missing columns: {columns}").format(columns=", ".join(missing)))
    if unknown:
        problems.append(tk._("Unknown columns: {columns}").format(columns=", ".join(unknown)))
    if len([n for n in names if n]) != len({n for n in names if n}):
        problems.append(tk._("A column appears twice"))
    if problems:
        return [], problems
    if not rows:
        return [], [tk._("The file has no rows")]
    if len(rows) > MAX_ROWS:
        return [], [tk._("At most {limit} rows").format(limit=MAX_ROWS)]
    opd, frequency = opd_lookup(), frequency_lookup()
    first_row: dict[str, int] = {}
    entries = []
    for number, row in enumerate(rows, start=2):      # row 1 is the header
        def bad(column: str, message: str) -> None:
            problems.append(tk._("Row {row}, column {column}: {message}").format(
                row=number, column=column, message=message))
        for column in REQUIRED:
            if not row.get(column):
                bad(column, tk._("Missing value"))
        kode = row.get("kode", "")
        if kode:
            if kode in first_row:
                bad("kode", tk._("Duplicate code {code} (also in row {row})").format(
                    code=kode, row=first_row[kode]))
            else:
                first_row[kode] = number
            if len(kode) > 100:
                bad("kode", tk._("At most {limit} characters").format(limit=100))
        owner = opd(row["opd"]) if row.get("opd") else None
        if row.get("opd") and owner is None:
            bad("opd", tk._("Unknown OPD: {name}").format(name=row["opd"]))
        code = frequency(row["frekuensi"]) if row.get("frekuensi") else None
        if row.get("frekuensi") and code is None:
            bad("frekuensi", tk._("Unknown frequency: {value}").format(value=row["frekuensi"]))
        prioritas = parse_flag(row.get("prioritas", ""))
        if prioritas is None:
            bad("prioritas", tk._("Not yes or no: {value}").format(value=row["prioritas"]))
        if row.get("tahun") and row["tahun"] != str(tahun):
            bad("tahun", tk._("The year {value} is not the year imported ({year})").format(
                value=row["tahun"], year=tahun))
        entries.append({"kode": kode, "judul": row.get("judul", ""), "owner_org": owner,
                        "frekuensi": code, "prioritas": bool(prioritas),
                        "standar_data": row.get("standar_data", ""),
                        "catatan": row.get("catatan", "")})
    return ([] if problems else entries), problems


def to_csv_text(names: list[str], rows: Iterable[dict[str, str]]) -> str:
    """Rows read from a file as CSV text again (what the import action takes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(n, "") for n in names])
    return out.getvalue()


def to_export_row(entry: dict[str, Any]) -> list[Any]:
    return [entry["tahun"], entry["kode"], entry["judul"], entry.get("org_name") or "",
            entry["frekuensi"], "ya" if entry["prioritas"] else "tidak",
            entry["standar_data"], entry["catatan"], "ya" if entry.get("fulfilled") else "tidak",
            ";".join(entry.get("datasets") or [])]


def write_csv(entries: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries:
        writer.writerow(to_export_row(entry))
    return out.getvalue()


def write_xlsx(entries: Iterable[dict[str, Any]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Daftar Data")
    sheet.append(list(EXPORT_COLUMNS))
    for entry in entries:
        sheet.append(to_export_row(entry))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
