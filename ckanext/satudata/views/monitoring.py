"""The monev dashboard (``/monev``): the whole kabupaten or one OPD
(``?opd=``) for a year (``?tahun=``), its charts, the table per OPD and,
for the walidata, the OPD's datasets; the same as CSV and XLSX
(``/monev.csv``, ``/monev.xlsx``, with the yearly evaluation sheet)."""
from __future__ import annotations

import datetime
import json
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..monitoring import export

__all__ = ["monitoring"]

monitoring = Blueprint("satudata_monitoring", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _figures() -> dict[str, Any]:
    args = tk.request.args
    params = {k: v for k, v in (("tahun", args.get("tahun")), ("owner_org", args.get("opd"))) if v}
    try:
        return tk.get_action("satudata_monev_show")(_context(), params)
    except tk.ValidationError as error:
        return tk.abort(400, " ".join(str(m) for ms in error.error_dict.values() for m in ms))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))


def _charts(found: dict[str, Any]) -> str:
    """What the charts draw (assets/js/monev.js), as JSON for the page."""
    months = [datetime.date(2000, m, 1) for m in range(1, 13)]
    rows = found["opd"]
    return json.dumps({
        "opd": {"labels": [r["title"] for r in rows],
                "published": [r["published"] for r in rows],
                "ratings": {found["labels"]["ratings"][q]: [r["quality"]["ratings"][q] for r in rows]
                            for q in found["labels"]["ratings"]}},
        "monthly": {"labels": [tk.h.render_datetime(m, "%b") for m in months],
                    "values": found["monthly_published"], "label": tk._("Datasets published")},
        "schedule": {"labels": list(found["labels"]["statuses"].values()),
                     "values": [found["total"]["schedule"][s] for s in found["labels"]["statuses"]]},
        "quality": {"labels": list(found["labels"]["ratings"].values()),
                    "values": [found["total"]["quality"]["ratings"][q] for q in found["labels"]["ratings"]]},
    }, ensure_ascii=False).replace("</", "<\\/")


@monitoring.route("/monev")
def dashboard() -> str:
    found = _figures()
    this_year = datetime.datetime.utcnow().year
    return tk.render("satudata/monev.html", extra_vars={
        "monev": found, "charts": _charts(found), "years": list(range(this_year, this_year - 6, -1)),
        "opds": tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000}),
        "table": export.table(found, found["public"])})


@monitoring.route("/monev.<any(csv, xlsx):fmt>")
def download(fmt: str) -> Response:
    found = _figures()
    rows = export.table(found, found["public"])
    name = f"monev-{found['tahun']}"
    if fmt == "xlsx":
        return Response(export.as_xlsx(rows, found["evaluation"], found["tahun"]), mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), headers={
            "Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    return Response(export.as_csv(rows), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}.csv"'})
