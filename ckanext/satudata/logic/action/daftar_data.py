"""The Daftar Data's actions: the yearly data plan set by the Forum Satu
Data, its import (CSV or XLSX, all or nothing), its entries and how far
each OPD fulfilled them (``schedule/daftar_store.py``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...schedule import daftar_rows, daftar_store, inputs

__all__ = ["satudata_daftar_data_import", "satudata_daftar_data_list",
           "satudata_daftar_data_show", "satudata_daftar_data_create",
           "satudata_daftar_data_update", "satudata_daftar_data_delete",
           "satudata_daftar_data_summary"]

_ENTRY_DOC = """``id``, ``tahun``, ``kode``, ``judul``, ``owner_org`` (id),
        ``org_name``, ``organization`` (title), ``frekuensi``, ``prioritas``,
        ``standar_data``, ``catatan``, ``fulfilled``, ``datasets`` (names of
        the published datasets fulfilling it), ``created``, ``updated``"""


def _out(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "created": entry["created"].isoformat(),
            "updated": entry["updated"].isoformat(), "datasets": list(entry["datasets"])}


def _org_id(value: str, field: str = "owner_org") -> str:
    org = model.Group.get(value)
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ValidationError({field: [tk._("Unknown OPD")]})
    return org.id


def _file(data_dict: DataDict) -> tuple[str, tuple[list[str], list[dict[str, str]]]]:
    """(input field, the file's columns and rows) from ``upload`` or ``csv``."""
    if data_dict.get("upload") not in (None, ""):
        upload = data_dict["upload"]
        data = upload.read() if hasattr(upload, "read") else upload
        data = data.encode("utf-8") if isinstance(data, str) else data
        if data[:4] == b"PK\x03\x04":               # a zip: XLSX
            try:
                return "upload", daftar_rows.read_xlsx(data)
            except ValueError:
                raise tk.ValidationError({"upload": [tk._("Not a readable XLSX file")]})
        try:
            return "upload", daftar_rows.read_csv(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise tk.ValidationError({"upload": [tk._("The file is neither UTF-8 CSV nor XLSX")]})
    if data_dict.get("csv"):
        return "csv", daftar_rows.read_csv(data_dict["csv"])
    raise tk.ValidationError({"upload": [tk._("Give the file as upload or its text as csv")]})


@tk.validate_action_data(inputs.daftar_import)
def satudata_daftar_data_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import a year's Daftar Data (walidata). The whole file is checked
    first: with any bad row nothing is written, and the error names every
    bad row and column.

    :param tahun: the year of the plan
    :type tahun: int
    :param upload: the file (CSV or XLSX; columns ``kode``, ``judul``,
        ``opd``, ``frekuensi``, ``prioritas``, ``standar_data``, ``catatan``)
    :type upload: file
    :param csv: or the CSV's text
    :type csv: string
    :param replace: delete the year's entries the file does not list (default false)
    :type replace: bool
    :returns: ``tahun``, ``created``, ``updated``, ``deleted`` (counts)
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_import", context, data_dict)
    field, (names, rows) = _file(data_dict)
    entries, problems = daftar_rows.check(data_dict["tahun"], names, rows)
    if problems:
        raise tk.ValidationError({field: problems})
    counts = daftar_store.replace_year(model.Session, data_dict["tahun"], entries,
                                       replace=data_dict.get("replace", False),
                                       now=datetime.datetime.utcnow())
    model.repo.commit()
    return {"tahun": data_dict["tahun"], **counts}


@tk.side_effect_free
@tk.validate_action_data(inputs.daftar_list)
def satudata_daftar_data_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Entries of the Daftar Data with their fulfilment (everyone).

    :param tahun: only this year
    :type tahun: int
    :param owner_org: only this OPD (id or name)
    :type owner_org: string
    :param fulfilled: only fulfilled (true) or still owed (false) entries
    :type fulfilled: bool
    :param prioritas: only Data Prioritas (true) or the others (false)
    :type prioritas: bool
    :param limit: at most this many (default all)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``count`` and ``results``: """ + _ENTRY_DOC + """
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_list", context, data_dict)
    org_ids = [_org_id(data_dict["owner_org"])] if data_dict.get("owner_org") else None
    count, rows = daftar_store.entries(
        model.Session, tahun=data_dict.get("tahun"), org_ids=org_ids,
        fulfilled=data_dict.get("fulfilled"), prioritas=data_dict.get("prioritas"),
        limit=data_dict.get("limit"), offset=data_dict.get("offset", 0))
    return {"count": count, "results": [_out(r) for r in rows]}


def _entry(entry_id: Any) -> dict[str, Any]:
    try:
        number = int(entry_id)
    except (TypeError, ValueError):
        raise tk.ObjectNotFound(tk._("Daftar Data entry not found"))
    _count, rows = daftar_store.entries(model.Session, entry_id=number)
    if not rows:
        raise tk.ObjectNotFound(tk._("Daftar Data entry not found"))
    return rows[0]


@tk.side_effect_free
@tk.validate_action_data(inputs.daftar_target)
def satudata_daftar_data_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One Daftar Data entry (everyone).

    :param id: the entry's id
    :type id: int
    :returns: """ + _ENTRY_DOC + """
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_show", context, data_dict)
    return _out(_entry(data_dict["id"]))


def _checked(data_dict: DataDict) -> dict[str, Any]:
    """The entry to write, with the file import's checks of a cell."""
    entry = {k: data_dict.get(k, "") for k in ("kode", "judul", "standar_data", "catatan")}
    entry["owner_org"] = _org_id(data_dict["owner_org"])
    code = daftar_rows.frequency_lookup()(data_dict["frekuensi"])
    if code is None:
        raise tk.ValidationError({"frekuensi": [tk._("Unknown frequency: {value}").format(
            value=data_dict["frekuensi"])]})
    entry.update(frekuensi=code, prioritas=bool(data_dict.get("prioritas", False)),
                 tahun=data_dict["tahun"])
    return entry


def _duplicate(tahun: int, kode: str, entry_id: int | None) -> None:
    existing = daftar_store.find(model.Session, tahun, kode)
    if existing is not None and existing["id"] != entry_id:
        raise tk.ValidationError({"kode": [tk._(
            "The code {code} is already in the Daftar Data of {year}").format(code=kode, year=tahun)]})


@tk.validate_action_data(inputs.daftar_entry)
def satudata_daftar_data_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Add an entry to a year's Daftar Data (walidata).

    :param tahun: year
    :type tahun: int
    :param kode: the entry's code, unique in its year
    :type kode: string
    :param judul: title
    :type judul: string
    :param owner_org: the producing OPD (id or name)
    :type owner_org: string
    :param frekuensi: a frekuensi code (``tahunan`` …)
    :type frekuensi: string
    :param prioritas: Data Prioritas (default false)
    :type prioritas: bool
    :param standar_data: data standard or reference code
    :type standar_data: string
    :param catatan: notes
    :type catatan: string
    :returns: the entry (as ``satudata_daftar_data_show``)
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_create", context, data_dict)
    entry = _checked(data_dict)
    _duplicate(entry["tahun"], entry["kode"], None)
    entry_id = daftar_store.insert(model.Session, entry, datetime.datetime.utcnow())
    model.repo.commit()
    return _out(_entry(entry_id))


@tk.validate_action_data(inputs.daftar_entry)
def satudata_daftar_data_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change an entry (walidata); the parameters of ``satudata_daftar_data_create``
    plus ``id``, all of them given.

    :param id: the entry's id
    :type id: int
    :returns: the entry (as ``satudata_daftar_data_show``)
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_update", context, data_dict)
    current = _entry(data_dict.get("id"))
    entry = _checked(data_dict)
    _duplicate(entry["tahun"], entry["kode"], current["id"])
    daftar_store.update(model.Session, current["id"], entry, datetime.datetime.utcnow())
    model.repo.commit()
    return _out(_entry(current["id"]))


@tk.validate_action_data(inputs.daftar_target)
def satudata_daftar_data_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Remove an entry (walidata).

    :param id: the entry's id
    :type id: int
    :returns: ``id`` and ``deleted`` (true)
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_delete", context, data_dict)
    current = _entry(data_dict["id"])
    daftar_store.delete(model.Session, current["id"])
    model.repo.commit()
    return {"id": current["id"], "deleted": True}


@tk.side_effect_free
@tk.validate_action_data(inputs.daftar_summary)
def satudata_daftar_data_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """How far each OPD fulfilled a year's Daftar Data (everyone).

    :param tahun: the year
    :type tahun: int
    :returns: ``tahun``, ``planned``, ``fulfilled``, ``rate`` (0–100, null
        without entries) over all OPDs, and ``opd``: per OPD ``owner_org``,
        ``org_name``, ``organization``, ``planned``, ``fulfilled``, ``rate``,
        ``prioritas``, ``prioritas_fulfilled``
    :rtype: dict
    """
    tk.check_access("satudata_daftar_data_summary", context, data_dict)
    rows = daftar_store.summary(model.Session, data_dict["tahun"])

    def rate(done: int, planned: int) -> float | None:
        return round(100 * done / planned, 1) if planned else None
    per_opd = [{**r, "rate": rate(r["fulfilled"], r["planned"])} for r in rows]
    planned = sum(r["planned"] for r in rows)
    fulfilled = sum(r["fulfilled"] for r in rows)
    return {"tahun": data_dict["tahun"], "planned": planned, "fulfilled": fulfilled,
            "rate": rate(fulfilled, planned), "opd": per_opd}
