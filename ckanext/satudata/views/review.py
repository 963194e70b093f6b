"""Review pages: the walidata's queue (Antrean Tinjauan), an OPD officer's
datasets (Dataset Saya) and each dataset's review tab with its record."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..review import machine

__all__ = ["review"]

review = Blueprint("satudata", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _list(**params: Any) -> dict[str, Any]:
    """satudata_review_list; its auth turns away anonymous visitors (403)."""
    try:
        return tk.get_action("satudata_review_list")(_context(), params)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return {"count": 0, "counts": {}, "results": [], "errors": error.error_summary}


@review.route("/review")
def queue() -> str:
    """Antrean Tinjauan: what waits for the walidata."""
    args = tk.request.args
    params: dict[str, Any] = {"state": args.getlist("state") or None,
                              "owner_org": args.get("owner_org") or None,
                              "older_than": args.get("older_than") or None}
    result = _list(**{k: v for k, v in params.items() if v})
    return tk.render("satudata/review_queue.html", {
        "result": result, "filters": params,
        "opds": tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000})})


@review.route("/my-datasets")
def mine() -> str:
    """Dataset Saya: the datasets of the user's OPDs with state and notes."""
    states = tk.request.args.getlist("state") or None
    result = _list(mine=True, limit=1000, **({"state": states} if states else {}))
    return tk.render("satudata/my_datasets.html", {"result": result, "filters": {"state": states}})


def _history(id: str) -> dict[str, Any]:
    try:
        return tk.get_action("satudata_review_history")(_context(), {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        # the same answer as for a dataset one may not see at all
        return tk.abort(404, tk._("Dataset not found"))


@review.route("/dataset/review/<id>", methods=["GET", "POST"])
def dataset_review(id: str) -> Any:
    """A dataset's review tab: state, the steps one can take, the record and,
    for a revision, what it changes side by side."""
    history = _history(id)
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        step = tk.request.form.get("step", "")
        if step not in machine.ACTIONS:
            return tk.abort(400, tk._("Unknown review step"))
        data = {"id": history["id"], "note": tk.request.form.get("note", ""),
                "publish": tk.request.form.get("publish") == "true"}
        try:
            status = tk.get_action(f"satudata_dataset_{step}")(_context(), data)
        except tk.NotAuthorized as error:
            errors = {"": [str(error)]}
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Saved: the dataset is now {state}").format(
                state=tk.h.satudata_state_label(status["state"])))
            return tk.redirect_to("satudata.dataset_review", id=history["name"])
    pkg = tk.get_action("package_show")(_context(), {"id": history["id"]})
    revision = None
    if history["revision"]:
        revision = tk.get_action("satudata_revision_show")(_context(), {"id": history["id"]})
    return tk.render("satudata/dataset_review.html", {
        "pkg_dict": pkg, "pkg": pkg, "history": history, "revision": revision,
        "errors": errors, "note": tk.request.form.get("note", "")})


@review.route("/dataset/review/<id>/history.csv")
def history_csv(id: str) -> Response:
    """The dataset's review record as CSV (UTF-8, one row per decision)."""
    history = _history(id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["created_utc", "actor", "action", "from_state", "to_state", "revision",
                     "note", "changes"])
    for entry in history["decisions"]:
        writer.writerow([entry["created"], entry["actor_name"], entry["action"],
                         entry["from_state"], entry["to_state"], entry["revision"],
                         entry["note"], "; ".join(entry["changes"])])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{history["name"]}-review.csv"'})
