"""Schedule pages: the release calendar (``/jadwal``, ``/jadwal.ics``),
the walidata's list of what is late per OPD (``/jadwal/terlambat``), the
OPD's "still current" confirmation, and the Daftar Data per year
(``/daftar-data``) with its import, export and editing by the walidata."""
from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..schedule import calendar as releases, daftar_rows

__all__ = ["schedule"]

schedule = Blueprint("satudata_schedule", __name__)

_HORIZONS = {"4": 28, "13": 91, "26": 182, "52": 364}      # weeks -> days
_LATE = ["jatuh_tempo", "terlambat", "sangat_terlambat"]


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _filters(default_weeks: str) -> dict[str, Any]:
    args = tk.request.args
    weeks = args.get("weeks") if args.get("weeks") in _HORIZONS else default_weeks
    return {"owner_org": args.get("owner_org") or None, "urusan": args.get("urusan") or None,
            "weeks": weeks}


_PAGE = 200        # rows per page of the calendar and the late list


def _page() -> int:
    try:
        return max(1, int(tk.request.args.get("page", 1)))
    except ValueError:
        return 1


def _releases(filters: dict[str, Any], limit: int, offset: int = 0) -> dict[str, Any]:
    until = datetime.date.today() + datetime.timedelta(days=_HORIZONS[filters["weeks"]])
    params = {"due_before": until.isoformat(), "limit": limit, "offset": offset,
              **{k: filters[k] for k in ("owner_org", "urusan") if filters[k]}}
    try:
        return tk.get_action("satudata_schedule_list")(_context(), params)
    except tk.ValidationError as error:
        return {"count": 0, "counts": {}, "results": [], "errors": error.error_summary}


def _opds() -> list[dict[str, Any]]:
    return tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000})


@schedule.route("/jadwal")
def calendar() -> str:
    """Jadwal rilis: the releases expected in the coming weeks, by month."""
    filters = _filters("13")
    page = _page()
    result = _releases(filters, _PAGE, (page - 1) * _PAGE)
    return tk.render("satudata/schedule_calendar.html", {
        "result": result, "filters": filters, "months": releases.by_month(result["results"]),
        "opds": _opds(), "horizons": list(_HORIZONS), "page": page, "per_page": _PAGE})


@schedule.route("/jadwal.ics")
def calendar_feed() -> Response:
    """The same calendar as iCalendar (RFC 5545), a year ahead."""
    filters = _filters("52")
    result = _releases(filters, 1000)
    dataset_url = tk.url_for("dataset.read", id="__name__", _external=True)
    body = releases.ics(result["results"], name=tk._("Release calendar"),
                        site_url=tk.config["ckan.site_url"],
                        url_for=lambda name: dataset_url.replace("__name__", name),
                        late_label=tk._("Late"), status_label=tk.h.satudata_schedule_label)
    return Response(body, mimetype="text/calendar; charset=utf-8", headers={
        "Content-Disposition": 'inline; filename="jadwal.ics"'})


@schedule.route("/jadwal/terlambat")
def late() -> str:
    """What is due or late, per OPD (the walidata's overview)."""
    page = _page()
    params: dict[str, Any] = {"status": tk.request.args.getlist("status") or _LATE,
                              "sort": "opd", "limit": _PAGE, "offset": (page - 1) * _PAGE}
    if tk.request.args.get("owner_org"):
        params["owner_org"] = tk.request.args["owner_org"]
    try:
        result = tk.get_action("satudata_schedule_list")(_context(), params)
    except tk.ValidationError as error:
        result = {"count": 0, "counts": {}, "results": [], "errors": error.error_summary}
    return tk.render("satudata/schedule_late.html", {
        "result": result, "groups": releases.by_opd(result["results"]),
        "filters": params, "page": page, "per_page": _PAGE})


@schedule.route("/dataset/<id>/masih-mutakhir", methods=["POST"])
def confirm(id: str) -> Any:
    """The OPD's "still current" confirmation, from the dataset page."""
    form = tk.request.form
    data = {"id": id, "note": form.get("note", "")}
    if form.get("planned"):
        data["planned"] = form["planned"]
    try:
        tk.get_action("satudata_dataset_confirm_current")(_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(f"{v}" for msgs in error.error_dict.values() for v in msgs))
    else:
        tk.h.flash_success(tk._("Recorded: the dataset is still current."))
    return tk.redirect_to("dataset.read", id=id)


def _year(tahun: int) -> dict[str, Any]:
    args = tk.request.args
    params: dict[str, Any] = {"tahun": tahun}
    if args.get("owner_org"):
        params["owner_org"] = args["owner_org"]
    if args.get("fulfilled") in ("true", "false"):
        params["fulfilled"] = args["fulfilled"]
    try:
        entries = tk.get_action("satudata_daftar_data_list")(_context(), params)
    except tk.ValidationError as error:
        return tk.abort(404, " ".join(map(str, error.error_dict.values())))
    summary = tk.get_action("satudata_daftar_data_summary")(_context(), {"tahun": tahun})
    return {"entries": entries, "summary": summary, "filters": params,
            "groups": releases.by_opd(entries["results"])}


@schedule.route("/daftar-data")
def daftar_data_index() -> Any:
    return tk.redirect_to("satudata_schedule.daftar_data", tahun=datetime.date.today().year)


@schedule.route("/daftar-data/<int:tahun>", methods=["GET", "POST"])
def daftar_data(tahun: int) -> Any:
    """A year's Daftar Data: each OPD's entries, fulfilled or not, and the
    rate; the walidata imports a file here."""
    errors: list[str] = []
    if tk.request.method == "POST":
        upload = tk.request.files.get("upload")
        try:
            result = tk.get_action("satudata_daftar_data_import")(_context(), {
                "tahun": tahun, "upload": upload.read() if upload else None,
                "replace": tk.request.form.get("replace") == "true"})
        except tk.NotAuthorized as error:
            return tk.abort(403, str(error))
        except tk.ValidationError as error:
            errors = [str(m) for msgs in error.error_dict.values() for m in msgs]
        else:
            tk.h.flash_success(tk._("Imported: {created} new, {updated} changed, {deleted} removed")
                               .format(**result))
            return tk.redirect_to("satudata_schedule.daftar_data", tahun=tahun)
    return tk.render("satudata/daftar_data.html", {
        **_year(tahun), "tahun": tahun, "errors": errors, "opds": _opds()})


@schedule.route("/daftar-data/<int:tahun>.<any(csv, xlsx):fmt>")
def daftar_data_export(tahun: int, fmt: str) -> Response:
    entries = tk.get_action("satudata_daftar_data_list")(_context(), {"tahun": tahun})["results"]
    if fmt == "xlsx":
        return Response(daftar_rows.write_xlsx(entries), mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
            "Content-Disposition": f'attachment; filename="daftar-data-{tahun}.xlsx"'})
    return Response(daftar_rows.write_csv(entries), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="daftar-data-{tahun}.csv"'})


_ENTRY_FIELDS = ("tahun", "kode", "judul", "owner_org", "frekuensi", "standar_data", "catatan")


@schedule.route("/daftar-data/entri/baru", methods=["GET", "POST"], defaults={"entry_id": None})
@schedule.route("/daftar-data/entri/<int:entry_id>", methods=["GET", "POST"])
def daftar_data_entry(entry_id: int | None) -> Any:
    """Add, change or remove one entry (walidata)."""
    if not tk.h.satudata_is_walidata():
        return tk.abort(403, tk._("Only the walidata can do this"))
    errors: dict[str, Any] = {}
    if entry_id is not None:
        try:
            entry = tk.get_action("satudata_daftar_data_show")(_context(), {"id": entry_id})
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Daftar Data entry not found"))
    else:
        entry = {"tahun": tk.request.args.get("tahun", datetime.date.today().year)}
    if tk.request.method == "POST":
        form = tk.request.form
        if form.get("delete") == "true" and entry_id is not None:
            tk.get_action("satudata_daftar_data_delete")(_context(), {"id": entry_id})
            return tk.redirect_to("satudata_schedule.daftar_data", tahun=entry["tahun"])
        data = {k: form.get(k, "") for k in _ENTRY_FIELDS}
        data["prioritas"] = form.get("prioritas") == "true"
        action = "satudata_daftar_data_update" if entry_id is not None else "satudata_daftar_data_create"
        try:
            saved = tk.get_action(action)(_context(), {**data, **({"id": entry_id} if entry_id else {})})
        except tk.ValidationError as error:
            errors, entry = error.error_dict, {**entry, **data}
        else:
            tk.h.flash_success(tk._("Saved"))
            return tk.redirect_to("satudata_schedule.daftar_data", tahun=saved["tahun"])
    return tk.render("satudata/daftar_data_entry.html", {
        "entry": entry, "errors": errors, "opds": _opds(), "entry_id": entry_id,
        "frequencies": tk.h.satudata_vocabulary_choices({"satudata_vocabulary": "frekuensi"})})
