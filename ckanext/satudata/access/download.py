"""The routes that hand out a Terbatas file or show an old copy of its
address straight from the database: the download route
(``/dataset/<id>/resource/<rid>/download`` and ``.../download/<filename>``)
and a resource's history page (``/dataset/<id>/resources/<rid>/history/<aid>``,
which reads the activity itself, past ``activity_show``). Refused, with the
way to ask, unless the caller reaches the file; a grantee's download is
logged before the file (or the redirect to a linked file) is sent, and a
download whose entry cannot be written is refused (503) rather than unlogged.

Checked in ``before_request`` (after ``web/hidden.py``, so a dataset the
caller may not see is a 404 first), whatever the dataset type's blueprint.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import files, log

__all__ = ["install"]


def _is_download(endpoint: str | None, package_type: str | None) -> bool:
    if not endpoint:
        return False
    blueprint, _, view = endpoint.rpartition(".")
    return view == "download" and blueprint in {"resource", f"{package_type}_resource"}


_HISTORY = "activity.resource_history"


def _guard() -> Any:
    request = tk.request
    args = request.view_args or {}
    downloading = _is_download(request.endpoint, args.get("package_type"))
    if not downloading and request.endpoint != _HISTORY:
        return None
    resource = model.Resource.get(args.get("resource_id") or "")
    package = resource.package if resource is not None else None
    if package is None or not files.restricted(package.extras or {}):
        return None
    user = tk.current_user
    name = user.name if user.is_authenticated else ""
    found = files.reach(name, package.id, package.owner_org)
    if not found.reaches(resource.id):
        return tk.render("satudata/access_denied.html",
                         {"pkg_name": package.name, "pkg_title": package.title,
                          "resource_name": resource.name}), 403
    request_id = found.grant_for(resource.id) if downloading else None
    if request_id:
        try:
            log.download(found.user_id, name, package.id, resource.id, request_id)
        except Exception:   # noqa: BLE001 (logged in log.py): no unlogged download
            return tk.abort(503, tk._("The download could not be recorded; try again shortly"))
    return None


def install(app: Any) -> None:
    app.before_request(_guard)
