"""The kabupaten's own pages (portal/).

- ``/api`` and ``/api/``: the developers' and harvesters' page; a client
  preferring JSON (``Accept: application/json``, curl's ``*/*``) gets
  CKAN's own ``{"version": 1}``. Plugin blueprints are registered before
  CKAN's, so this rule wins over the ``api`` blueprint's ``/api/`` for
  exactly that path; ``/api/3``, ``/api/action/…``, ``/api/i18n/…`` are
  other rules and stay CKAN's;
- ``/tentang-satu-data``: the "Tentang Satu Data" page (Markdown,
  portal/pages.py); the About page is CKAN's ``home.about`` with our
  template;
- ``/satudata/logo.svg``, ``/favicon.svg``, ``/favicon.ico``: the portal's
  own images (assets/images/).
"""
from __future__ import annotations

import os
from typing import Any, Optional

from flask import Blueprint, make_response, send_from_directory

import ckan.plugins.toolkit as tk
from ckan.views import api as core_api

from ..portal import api_page, pages

__all__ = ["portal"]

portal = Blueprint("satudata_portal", __name__)

_IMAGES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets", "images")
_DAY = 86400


def _first(action: str, data_dict: dict[str, Any], key: str = "name") -> Optional[str]:
    try:
        found = tk.get_action(action)({}, data_dict)
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None
    rows = found.get("results", []) if isinstance(found, dict) else found
    if not rows:
        return None
    return rows[0] if isinstance(rows[0], str) else rows[0].get(key)


def _table() -> Optional[dict[str, Any]]:
    """A loaded public table for the Data API's examples (api_page.pick_table)."""
    try:
        found = tk.get_action("package_search")({}, {
            "rows": 20, "sort": "metadata_modified desc", "fq": "res_format:(CSV OR XLSX OR XLS)"})
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None

    def first_row(resource_id: str) -> Optional[dict[str, Any]]:
        try:
            return tk.get_action("datastore_search")({}, {"resource_id": resource_id, "limit": 1,
                                                          "include_total": False})
        except (KeyError, tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
            return None      # KeyError: no DataStore on this site (the action is not there)
    return api_page.pick_table(found["results"], first_row)


@portal.route("/api/", strict_slashes=False)
def api():
    if not api_page.wants_page(tk.request.accept_mimetypes):
        response = core_api.get_api()
    else:
        dataset = _first("package_search", {"rows": 1, "sort": "metadata_modified desc", "fl": "name"})
        opd = _first("organization_list", {"limit": 1})
        try:
            vocabularies = tk.get_action("satudata_vocabulary_list")({}, {})
        except tk.NotAuthorized:
            vocabularies = []
        response = make_response(tk.render("satudata/api.html", {
            "page": api_page.build(dataset, opd, vocabularies, _table())}))
    response.headers["Vary"] = "Accept"
    return response


@portal.route("/tentang-satu-data")
def tentang():
    return tk.render("satudata/tentang.html", {"content": pages.render("tentang")})


def _image(name: str, mimetype: str):
    response = send_from_directory(_IMAGES, name, mimetype=mimetype, max_age=_DAY)
    response.headers["Cache-Control"] = f"public, max-age={_DAY}"
    return response


@portal.route("/satudata/logo.svg")
def logo():
    return _image("logo.svg", "image/svg+xml")


@portal.route("/favicon.svg")
def favicon_svg():
    return _image("favicon.svg", "image/svg+xml")


@portal.route("/favicon.ico")
def favicon_ico():
    return _image("favicon.ico", "image/x-icon")
