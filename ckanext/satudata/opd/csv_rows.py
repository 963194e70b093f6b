"""The OPD list as CSV: one row per organization, the columns of the OPD
schema (``schemas/opd.yaml``). Several urusan go in one cell separated by
``;``. Used by ``ckan satudata opd import|export`` and the demo."""
from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

__all__ = ["COLUMNS", "read", "write", "to_data_dict", "from_org", "parents_first"]

COLUMNS = ("name", "title", "kode_opd", "singkatan", "jenis_instansi", "urusan", "kode_wilayah",
           "induk", "alamat", "telepon", "email", "website", "description")
_LISTS = {"urusan"}



def read(handle: TextIO) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings; raises ``ValueError`` without a ``name`` column."""
    reader = csv.DictReader(handle)
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise ValueError("the CSV needs a header row with at least a 'name' column")
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def write(handle: TextIO, orgs: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for count, org in enumerate(orgs, start=1):
        writer.writerow(from_org(org))
    return count


def to_data_dict(row: dict[str, str]) -> dict[str, Any]:
    """The action input for a row: lists split, every known column kept
    (an empty cell clears the field on update)."""
    data = {k: row[k] for k in COLUMNS if k in row}
    for k in _LISTS & data.keys():
        data[k] = [v.strip() for v in data[k].split(";") if v.strip()]
    return data


def from_org(org: dict[str, Any]) -> dict[str, str]:
    row = {}
    for k in COLUMNS:
        value = org.get(k)
        if isinstance(value, list):
            value = ";".join(value)
        row[k] = "" if value is None else str(value)
    return row


def parents_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows reordered so that an OPD comes after the parent (induk) it names
    when that parent is in the file too; file order otherwise."""
    by_name = {r.get("name"): r for r in rows}
    placed: set[str] = set()
    ordered: list[dict[str, str]] = []

    def place(row: dict[str, str], trail: frozenset[str]) -> None:
        name = row.get("name", "")
        if name in placed or name in trail:
            return
        parent = by_name.get(row.get("induk"))
        if parent is not None:
            place(parent, trail | {name})
        placed.add(name)
        ordered.append(row)

    for row in rows:
        place(row, frozenset())
    return ordered

