"""A dataset's file is a file or a link: a resource saved with neither (the
form's last step with only a name typed, or an API call without ``url``) is
refused with the message beside the form's "URL atau Berkas" field, instead
of a resource that downloads nothing (``before_resource_create`` and
``before_resource_update``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def require_file_or_link(resource: dict[str, Any]) -> None:
    if getattr(resource.get("upload"), "filename", None):     # a file sent (werkzeug FileStorage)
        return
    if str(resource.get("url") or "").strip():
        return
    if resource.get("akses_terbatas"):
        # a withheld copy of a Terbatas file written back (a patch by a caller
        # who does not reach the file, e.g. the DataStore setting
        # datastore_active): package_update puts its stored link back
        # (access/files.py ``for_write``)
        return
    raise tk.ValidationError({"url": [tk._("Add a file or a link to the data")]})
