"""Access pages: a Terbatas dataset's request page and form with, for its
OPD, the dataset's requests and log (``/dataset/access/<id>``); the OPD
admins' and walidata's "Permintaan Akses" (``/akses/permintaan``); one
request with its decision (``/akses/permintaan/<id>``); the requester's
"Akses Saya" (``/akses/saya``); the log as CSV (``/akses/log.csv``)."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

__all__ = ["access"]

access = Blueprint("satudata_access", __name__)

_STEPS = {"approve": "satudata_access_request_approve",
          "reject": "satudata_access_request_reject",
          "revoke": "satudata_access_grant_revoke"}
_FIELDS = ("keperluan", "dasar_hukum", "berlaku_sampai", "organization_id")


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _logged_in() -> None:
    if not tk.current_user.is_authenticated:
        tk.abort(403, tk._("Log in first"))


def _call(action: str, data: dict[str, Any]) -> Any:
    try:
        return tk.get_action(action)(_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))


@access.route("/dataset/access/<id>", methods=["GET", "POST"])
def request_page(id: str) -> Any:
    """How to ask for a Terbatas dataset: the form (logged in), its OPD and
    contacts; for the OPD and the walidata, the dataset's requests and log."""
    dataset = _call("package_show", {"id": id})
    errors: dict[str, Any] = {}
    form = tk.request.form
    if tk.request.method == "POST":
        _logged_in()
        data = {key: form.get(key, "") for key in _FIELDS if form.get(key)}
        data["keperluan"] = form.get("keperluan", "")
        data["resource_ids"] = form.getlist("resource_ids")
        data["package_id"] = dataset["id"]
        try:
            tk.get_action("satudata_access_request_create")(_context(), data)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Your request was sent to the OPD"))
            return tk.redirect_to("satudata_access.mine")
    organization = tk.get_action("organization_show")(
        {}, {"id": dataset["owner_org"], "include_datasets": False,
             "include_users": False, "include_extras": True})
    requests = log = None
    if tk.h.satudata_sees_review(dataset):
        requests = _call("satudata_access_request_list", {"package_id": dataset["id"],
                                                          "limit": 100})
        log = _call("satudata_access_log_list", {"package_id": dataset["id"], "limit": 100})
    opds = []
    if tk.current_user.is_authenticated:
        opds = tk.get_action("organization_list_for_user")(
            _context(), {"permission": "read"})
    return tk.render("satudata/access_request.html", {
        "pkg_dict": dataset, "organization": organization, "errors": errors, "form": form,
        "requests": requests, "log": log, "opds": opds})


@access.route("/akses/permintaan")
def requests() -> str:
    """Permintaan Akses: requests for the user's OPDs' datasets (all, for
    the walidata), pending first."""
    _logged_in()
    args = tk.request.args
    filters = {"state": args.getlist("state") or None, "owner_org": args.get("owner_org") or None}
    try:
        result = tk.get_action("satudata_access_request_list")(
            _context(), {k: v for k, v in filters.items() if v} | {"limit": 200})
    except tk.ValidationError as error:
        result = {"count": 0, "counts": {}, "results": [], "errors": error.error_summary}
    return tk.render("satudata/access_requests.html", {"result": result, "filters": filters,
                                                       "mine": False})


@access.route("/akses/saya")
def mine() -> str:
    """Akses Saya: the user's own requests (and their OPDs'), with each
    grant's end and files."""
    _logged_in()
    result = _call("satudata_access_request_list", {"mine": True, "limit": 200})
    return tk.render("satudata/access_requests.html", {"result": result, "filters": {},
                                                       "mine": True})


@access.route("/akses/permintaan/<id>", methods=["GET", "POST"])
def request_detail(id: str) -> Any:
    """One request: its files, its record and, for whom may, the decision."""
    _logged_in()
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        step = tk.request.form.get("step", "")
        if step not in _STEPS:
            return tk.abort(400, tk._("Unknown step"))
        data = {"id": id, "note": tk.request.form.get("note", "")}
        if step == "approve" and tk.request.form.get("berlaku_sampai"):
            data["berlaku_sampai"] = tk.request.form["berlaku_sampai"]
        try:
            _call(_STEPS[step], data)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Saved"))
            return tk.redirect_to("satudata_access.request_detail", id=id)
    found = _call("satudata_access_request_show", {"id": id})
    return tk.render("satudata/access_request_detail.html", {
        "access_request": found, "errors": errors, "form": tk.request.form})


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP's advice)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@access.route("/akses/log.csv")
def log_csv() -> Response:
    """The access log as CSV (UTF-8), for a dataset, an OPD or everything
    the user may read."""
    _logged_in()
    args = tk.request.args
    params = {k: args[k] for k in ("package_id", "owner_org", "request_id") if args.get(k)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at_utc", "kind", "actor", "dataset", "resource_id", "resource",
                     "request_id", "note"])
    offset = 0
    while True:
        try:
            page = _call("satudata_access_log_list", {**params, "limit": 1000, "offset": offset})
        except tk.ValidationError as error:
            return tk.abort(400, "; ".join(f"{k}: {', '.join(map(str, v))}"
                                           for k, v in error.error_dict.items()))
        for e in page["results"]:
            writer.writerow([_cell(e[k]) for k in ("at", "kind", "actor", "package_name",
                                                   "resource_id", "resource_name",
                                                   "request_id", "note")])
        offset += len(page["results"])
        if not page["results"] or offset >= page["count"]:
            break
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="akses-log.csv"'})
