"""A revision's files loaded once the walidata approves it.

An OPD's edit of a published dataset is kept as a revision until the
walidata decides (``review/revisions.py``): its files are not the public
ones, so nothing is loaded into the DataStore for them meanwhile (xloader
never sees them: they are no resources yet). When the revision is approved,
``package_update`` writes it; xloader loads a resource whose link changed
by itself, but neither a resource the revision added nor a replaced upload
(moved into place after that write, under an address that may not change):
``after_revision`` submits those."""
from __future__ import annotations

import logging
from typing import Any, Iterable

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def _xloader_loaded() -> bool:
    try:
        tk.get_action("xloader_submit")
    except (KeyError, tk.ObjectNotFound):
        return False
    return True


def after_revision(before: Iterable[str], result: dict[str, Any], uploaded: Iterable[str]) -> None:
    """Submit the revision's new resources and replaced uploads (``before``:
    the resource ids the dataset had; ``uploaded``: the replaced files')."""
    if not _xloader_loaded():
        return
    from ckanext.xloader.utils import XLoaderFormats

    known, replaced = set(before), set(uploaded)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    for resource in result.get("resources") or []:
        if resource["id"] in known and resource["id"] not in replaced:
            continue
        if not XLoaderFormats.is_it_an_xloader_format(resource.get("format") or ""):
            continue
        try:
            tk.get_action("xloader_submit")({"ignore_auth": True, "user": site_user},
                                            {"resource_id": resource["id"], "ignore_hash": True})
        except (tk.ValidationError, tk.ObjectNotFound) as error:
            log.warning("Revision of %s: resource %s not submitted to xloader: %s",
                        result.get("name"), resource["id"], error)
