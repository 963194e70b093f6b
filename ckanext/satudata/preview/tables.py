"""CKAN's DataTables view answers its table requests on
``/datatables/ajax/<view_id>`` and ``/datatables/filtered-download/<view_id>``;
its view reads the form with ``int()`` and calls ``resource_view_show``
unguarded, so a bad number or a view the caller does not reach ended in a
500. ``install(app)`` checks both before the view runs: the view as
``resource_view_show`` answers the caller (a withheld Terbatas view, a
hidden dataset's or a missing one: one 404), then the paging numbers
(non-negative integers within bounds: 400)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

ENDPOINTS = frozenset({"datatablesview.ajax", "datatablesview.filtered_download"})
# the form's integers and their bounds (DataTables' own page sizes reach 100;
# a download asks for every row, the DataStore's own limit applies)
NUMBERS = {"draw": 10**9, "start": 10**7, "length": 32000}


def _check() -> None:
    request = tk.request
    if request.endpoint not in ENDPOINTS:
        return
    view_id = (request.view_args or {}).get("resource_view_id", "")
    try:        # as the caller (CKAN's own before_request identified them)
        tk.get_action("resource_view_show")({}, {"id": view_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Resource view not found"))
    for name, bound in NUMBERS.items():
        value = request.form.get(name)
        if value is None:
            continue
        if not (value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= bound):
            tk.abort(400, tk._("{name} must be a whole number from 0 to {bound}").format(
                name=name, bound=bound))


def install(app: Any) -> None:
    app.before_request(_check)
