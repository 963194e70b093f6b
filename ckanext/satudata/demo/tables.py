"""Turn a table spec from ``datasets.json`` into rows, CSV and XLSX bytes.

Pure Python (no CKAN imports), so the specs can be checked without a
database. A spec::

    {"dims": [{"column": "Kecamatan", "values": "kecamatan"},
              {"column": "Tahun", "values": [2021, 2022, 2023], "series": true}],
     "columns": [{"name": "Laki-laki", "int": [15000, 45000], "trend": 0.012},
                 {"name": "Perempuan", "int": [15000, 45000], "trend": 0.012},
                 {"name": "Jumlah", "sum": ["Laki-laki", "Perempuan"]}],
     "total": "Kabupaten Serang"}

``dims`` are crossed in the order given; a string ``values`` names a list in
the file's ``lists``. Column kinds (one key each):

- ``int: [lo, hi]`` / ``float: [lo, hi]`` (with ``decimals``, default 1):
  random values; with ``trend`` the value drawn for the first step of the
  ``series`` dimension grows by that rate at each later step (give or take
  ``noise``, a fraction, default 0.015).
- ``part_of: column`` with ``rate: [lo, hi]``: a share of another column.
- ``sum: [columns]``, ``ratio: [numerator, denominator]`` (``scale``,
  ``decimals``) and ``product: [a, b]`` (``scale``, ``decimals``): derived.
- ``choice: [labels]``: a random label; ``template: "Puskesmas {Kecamatan}"``:
  formatted with the row's dimension values, ``{i}`` (row number) and ``{n}``
  (a random number from 1 to 250).

``total`` adds a total row (one per step of the series dimension) carrying
that label: sums for counts, ratios recomputed, means for ``float`` columns
(a column's ``total`` of ``sum``, ``mean`` or ``none`` overrides that).
The same spec and seed always give the same rows (and the same CSV bytes).
"""
from __future__ import annotations

import csv
import io
import itertools
import random
from dataclasses import dataclass
from typing import Any, Sequence

__all__ = ["SpecError", "Table", "build_table", "to_csv", "to_xlsx"]

_VALUE_KINDS = ("int", "float", "part_of", "sum", "ratio", "product", "choice", "template")

Cell = Any


class SpecError(ValueError):
    """A table spec in the data file cannot be built."""


@dataclass(frozen=True)
class Table:
    """A rectangular table: header plus rows (numbers stay numbers)."""
    header: list[str]
    rows: list[list[Cell]]


def _kind(column: dict[str, Any]) -> str:
    kinds = [k for k in _VALUE_KINDS if k in column]
    if len(kinds) != 1:
        raise SpecError(f"column {column.get('name')!r} needs exactly one of {_VALUE_KINDS}")
    return kinds[0]


def _values(dim: dict[str, Any], lists: dict[str, list[Any]]) -> list[Any]:
    values = dim.get("values")
    if isinstance(values, str):
        if values not in lists:
            raise SpecError(f"unknown list {values!r} in dimension {dim.get('column')!r}")
        values = lists[values]
    if not values:
        raise SpecError(f"dimension {dim.get('column')!r} has no values")
    return list(values)


def _round(value: float, decimals: int) -> float | int:
    return int(round(value)) if decimals == 0 else round(value, decimals)


def _ratio(num: float, den: float, scale: float, decimals: int) -> float | int:
    return _round(num / den * scale, decimals) if den else 0


def build_table(spec: dict[str, Any], lists: dict[str, list[Any]], seed: str) -> Table:
    """Generate the rows of ``spec``, deterministically for ``seed``.

    :raises SpecError: the spec names an unknown list or column, or a column
        has no (or more than one) kind
    """
    rng = random.Random(seed)
    dims = spec.get("dims") or []
    columns = spec.get("columns") or []
    if not dims or not columns:
        raise SpecError("a table needs 'dims' and 'columns'")
    dim_names = [d["column"] for d in dims]
    dim_values = [_values(d, lists) for d in dims]
    series = next((i for i, d in enumerate(dims) if d.get("series")), None)
    col_names = [c["name"] for c in columns]
    for column in columns:
        for ref in _refs(column):
            if ref not in col_names[: col_names.index(column["name"])]:
                raise SpecError(f"column {column['name']!r} refers to {ref!r}, "
                                "which is not an earlier column")

    bases: dict[tuple[Any, ...], float] = {}
    records: list[dict[str, Cell]] = []
    for i, combo in enumerate(itertools.product(*dim_values), start=1):
        record: dict[str, Cell] = dict(zip(dim_names, combo))
        step = dim_values[series].index(combo[series]) if series is not None else 0
        key_base = tuple(v for j, v in enumerate(combo) if j != series)
        for column in columns:
            record[column["name"]] = _cell(column, record, rng, bases, key_base, step, i)
        records.append(record)

    if spec.get("total"):
        records = _with_totals(records, spec["total"], dim_names, series, columns)
    header = dim_names + col_names
    return Table(header=header, rows=[[r.get(h, "") for h in header] for r in records])


def _refs(column: dict[str, Any]) -> list[str]:
    kind = _kind(column)
    if kind == "part_of":
        return [column["part_of"]]
    if kind in ("sum", "ratio", "product"):
        return list(column[kind])
    return []


def _cell(column: dict[str, Any], record: dict[str, Cell], rng: random.Random,
          bases: dict[tuple[Any, ...], float], key_base: tuple[Any, ...],
          step: int, index: int) -> Cell:
    kind = _kind(column)
    name = column["name"]
    decimals = int(column.get("decimals", 0 if kind in ("int", "part_of") else 1))
    if kind in ("int", "float"):
        lo, hi = column[kind]
        trend = column.get("trend")
        if trend is None:
            value = rng.uniform(lo, hi)
        else:
            base = bases.setdefault((name, *key_base), rng.uniform(lo, hi))
            noise = column.get("noise", 0.015)
            value = base * (1 + trend) ** step * rng.uniform(1 - noise, 1 + noise)
        return _round(value, 0 if kind == "int" else decimals)
    if kind == "part_of":
        lo, hi = column.get("rate", [0.0, 1.0])
        return _round(record[column["part_of"]] * rng.uniform(lo, hi), decimals)
    if kind == "sum":
        total = sum(record[c] for c in column["sum"])
        decimals = int(column.get("decimals", 2 if isinstance(total, float) else 0))
        return _round(total, decimals)
    if kind == "ratio":
        num, den = column["ratio"]
        return _ratio(record[num], record[den], column.get("scale", 100),
                      int(column.get("decimals", 2)))
    if kind == "product":
        a, b = column["product"]
        return _round(record[a] * record[b] * column.get("scale", 1), decimals)
    if kind == "choice":
        return rng.choice(column["choice"])
    fields = dict(record, i=index, n=rng.randint(1, 250))
    try:
        return column["template"].format(**fields)
    except (KeyError, IndexError) as err:
        raise SpecError(f"template of column {name!r} names {err}") from err


def _with_totals(records: list[dict[str, Cell]], label: str, dim_names: list[str],
                 series: int | None, columns: list[dict[str, Any]]) -> list[dict[str, Cell]]:
    groups: dict[Any, list[dict[str, Cell]]] = {}
    for record in records:
        step_value = record[dim_names[series]] if series is not None else None
        groups.setdefault(step_value, []).append(record)
    out = list(records)
    for step_value, group in groups.items():
        total: dict[str, Cell] = {dim_names[0]: label}
        if series is not None:
            total[dim_names[series]] = step_value
        for column in columns:
            total[column["name"]] = _total_cell(column, group, total)
        out.append(total)
    return out


def _total_cell(column: dict[str, Any], group: Sequence[dict[str, Cell]],
                total: dict[str, Cell]) -> Cell:
    kind = _kind(column)
    if kind == "ratio":
        num, den = column["ratio"]
        return _ratio(total[num], total[den], column.get("scale", 100),
                      int(column.get("decimals", 2)))
    default = {"choice": "none", "template": "none", "float": "mean"}.get(kind, "sum")
    how = column.get("total", default)
    if how == "none":
        return ""
    values = [r[column["name"]] for r in group]
    result = sum(values) / len(values) if how == "mean" else sum(values)
    return round(result, int(column.get("decimals", 2))) if isinstance(result, float) else result


def to_csv(table: Table) -> bytes:
    """UTF-8 CSV with a header row, comma separated, dot decimals."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buf.getvalue().encode("utf-8")


def to_xlsx(table: Table, sheet: str = "Data",
            notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """An Excel workbook: the table on ``sheet`` (bold, frozen header) and,
    when ``notes`` are given, a ``Keterangan`` sheet of label/value pairs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(table.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in table.rows:
        ws.append(row)
    for idx, name in enumerate(table.header, start=1):
        width = max([len(str(name))] + [len(str(r[idx - 1])) for r in table.rows])
        ws.column_dimensions[ws.cell(row=1, column=idx).column_letter].width = min(width + 2, 60)
    if notes:
        info = wb.create_sheet("Keterangan")
        for label, value in notes:
            info.append([label, value])
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = 80
        for cell in info["A"]:
            cell.font = Font(bold=True)
    wb.properties.creator = "Satu Data Kabupaten Serang"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

