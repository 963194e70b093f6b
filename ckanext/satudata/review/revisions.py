"""Revisions: an OPD's edit of a published dataset waits for review.

The edit goes through CKAN's own package_update inside a savepoint that
is rolled back (``defer_commit`` keeps it off the search index and the
activity stream), so it is validated and shaped exactly as a saved
dataset would be, and the package_show form of the result is kept in
``satudata_revision``. The public keeps seeing the approved version;
approval replays the kept dict through package_update.

Files: a new resource's upload is stored under the resource's own
(new) id; a replacement file for an existing resource is stored under a
fresh key and moved over the old file when the revision is applied, so
the public download does not change before approval.
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import Any

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ..metadata import completeness
from ..preview import loads
from ..quality import jobs as file_checks
from . import diff, machine, roles, store

__all__ = ["save", "apply", "locked", "for_writer"]

log = logging.getLogger(__name__)

# keys of a shown dataset that say nothing about its content
_VOLATILE = ("metadata_modified", "revision_id")


def save(next_action: Action, context: Context, package: model.Package,
         data_dict: DataDict) -> dict[str, Any]:
    """Keep ``data_dict`` as the pending revision of the published
    ``package``; raises ValidationError exactly as package_update would."""
    session = model.Session
    pending = store.revision(session, package.id, for_update=True)
    published = tk.get_action("package_show")(
        tk.fresh_context(context, ignore_auth=True, use_cache=False), {"id": package.id})
    if "resources" not in data_dict:     # a metadata-only edit keeps the revision's files
        base = pending["data"] if pending else published
        data_dict["resources"] = base.get("resources", [])
    uploads = dict(pending["uploads"]) if pending else {}
    files = _take_files(data_dict, {r["id"] for r in published.get("resources", [])}, uploads)

    # CKAN 2.12's package_update rolls its own savepoint back under
    # defer_commit and returns the dataset as it would have been; the outer
    # savepoint keeps that true should CKAN ever keep the write instead.
    nested = session.begin_nested()
    try:
        trial = dict(context, defer_commit=True)
        trial.pop("changed_entities", None)
        # callers pass the revision they read as the "original"; CKAN must
        # compare with what is stored, the published version
        trial.pop("original_package", None)
        shown = completeness.derive(next_action(trial, data_dict))
    finally:
        if nested.is_active:
            nested.rollback()
    session.expire_all()

    for key, upload, resource in files:
        upload.upload(key, uploader.get_max_resource_size())
        file_checks.on_file(resource, package.id, "" if key == resource["id"] else key)
    state = pending["state"] if pending else machine.DRAFT
    user = model.User.get(context.get("user") or "")
    if not diff.changed_fields(published, shown, uploads):
        store.drop_revision(session, package.id)      # edited back to what is public
    else:
        store.save_revision(session, package.id, state=state, data=shown, uploads=uploads,
                             author_id=user.id if user else None)
    if not context.get("defer_commit"):
        model.repo.commit()
    return dict(shown, satudata_revision=state)


def _take_files(data_dict: DataDict, published_ids: set[str], uploads: dict[str, str]
                ) -> list[tuple[str, Any, dict[str, Any]]]:
    """Detach uploaded files from the edit so CKAN does not write them over
    the public ones; returns (storage key, uploader, resource) to write later."""
    files = []
    for resource in data_dict.get("resources") or []:
        if not resource.get("upload"):
            continue
        resource.setdefault("id", str(uuid.uuid4()))
        upload = uploader.get_resource_uploader(resource)
        if not getattr(upload, "filename", None):
            continue
        if "mimetype" not in resource and getattr(upload, "mimetype", None):
            resource["mimetype"] = upload.mimetype
        if getattr(upload, "filesize", None) is not None:
            resource["size"] = upload.filesize
        key = resource["id"]
        if key in published_ids:
            key = uploads[resource["id"]] = str(uuid.uuid4())
        files.append((key, upload, resource))
    return files


def apply(context: Context, package_id: str, pending: dict[str, Any], state: str) -> dict[str, Any]:
    """Write the revision into the dataset (committing) and move its
    replacement files into place."""
    data = {k: v for k, v in pending["data"].items() if k not in _VOLATILE}
    data["satudata_status"] = state
    update_context = tk.fresh_context(context, ignore_auth=True)
    update_context["satudata_status"] = state
    package = model.Package.get(package_id)
    before = [r.id for r in package.resources] if package is not None else []
    result = tk.get_action("package_update")(update_context, data)
    for resource_id, key in pending["uploads"].items():
        _move_file(key, resource_id)
        file_checks.promote(resource_id, key)
    loads.after_revision(before, result, pending["uploads"])   # its files into the DataStore
    return result


def _move_file(key: str, resource_id: str) -> None:
    storage = uploader.get_resource_uploader({})
    if not hasattr(storage, "get_path"):
        log.error("Revision file %s: uploader %s cannot move files; resource %s keeps its "
                  "old file", key, type(storage).__name__, resource_id)
        return
    source, target = storage.get_path(key), storage.get_path(resource_id)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(source, target)


def locked(package: model.Package) -> bool:
    """Under review: the dataset, or the revision of a published one, waits
    for a decision, so plain edits must wait too (withdraw first)."""
    state = machine.state_of(package.extras, package.private)
    if state in machine.UNDER_REVIEW:
        return True
    if state != machine.PUBLISHED:
        return False
    pending = store.revision(model.Session, package.id)
    return pending is not None and pending["state"] in machine.UNDER_REVIEW


def for_writer(context: Context, pkg_dict: dict[str, Any]) -> None:
    """An OPD officer editing a published dataset (the edit form, patches,
    resource actions: all read it with ``for_edit``/``for_update``) works
    on its pending revision, not on the public version."""
    if not (context.get("for_update") or context.get("for_edit")):
        return
    if pkg_dict.get("satudata_status") != machine.PUBLISHED or roles.is_walidata(context.get("user")):
        return
    pending = store.revision(model.Session, pkg_dict["id"])
    if pending is not None:
        pkg_dict.clear()
        pkg_dict.update(pending["data"])
