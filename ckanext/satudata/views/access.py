"""The page where a Terbatas (restricted) dataset is asked for: its OPD and
whom to contact (``/dataset/access/<id>``)."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

__all__ = ["access"]

access = Blueprint("satudata_access", __name__)


@access.route("/dataset/access/<id>")
def request_page(id: str):
    """How to ask for a Terbatas dataset: its OPD and contacts."""
    try:
        dataset = tk.get_action("package_show")({}, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    organization = tk.get_action("organization_show")(
        {}, {"id": dataset["owner_org"], "include_datasets": False,
             "include_users": False, "include_extras": True})
    return tk.render("satudata/access_request.html",
                     {"pkg_dict": dataset, "organization": organization})
