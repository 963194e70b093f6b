"""``POST /_tracking``: where CKAN's ``tracking.js`` reports a page view or
a download (form fields ``url`` and ``type``). 204 when taken; 400 with
the validation errors (JSON, in the request's language) otherwise.

CSRF-exempt like the API: ``tracking.js`` sends no token, and a forged
report can do no more than a visit can (one count per visitor and day).
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

import ckan.plugins.toolkit as tk
from ckan.config.middleware.flask_app import csrf

__all__ = ["usage"]

usage = Blueprint("satudata_usage", __name__)


def track() -> Any:
    form = tk.request.form
    data = {"url": form.get("url", ""), "type": form.get("type", "")}
    try:
        tk.get_action("satudata_usage_record")({"ignore_auth": False}, data)
    except tk.ValidationError as error:
        response = jsonify({"success": False, "error": {"__type": "Validation Error",
                                                        **error.error_dict}})
        response.status_code = 400
        return response
    return "", 204


csrf.exempt(track)
usage.add_url_rule("/_tracking", view_func=track, methods=["POST"])
