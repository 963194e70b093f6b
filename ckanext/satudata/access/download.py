"""The download route of a Terbatas file (``/dataset/<id>/resource/<rid>/download``
and ``.../download/<filename>``): refused, with the way to ask, unless the
caller reaches the file; a grantee's download is logged before the file (or
the redirect to a linked file) is sent.

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


def _guard() -> Any:
    request = tk.request
    args = request.view_args or {}
    if not _is_download(request.endpoint, args.get("package_type")):
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
    request_id = found.grant_for(resource.id)
    if request_id:
        log.download(found.user_id, name, package.id, resource.id, request_id)
    return None


def install(app: Any) -> None:
    app.before_request(_guard)
