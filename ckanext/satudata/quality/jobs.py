"""The file check queued after an upload and run on CKAN's background worker.

In the request (``on_file``): the file's first bytes against its format
(``sniff``), recorded at once as a pending check, so that xloader's
``can_upload`` already refuses a "CSV" that is a PDF; the job is queued
when the request's transaction commits (a rolled-back upload queues
nothing). On the worker (``run``): the structure check (``tabular``).
"""
from __future__ import annotations

import datetime
import logging
import os
from typing import Any, Optional

import sqlalchemy as sa

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import sniff, store, tabular

__all__ = ["after_resource_change", "on_file", "run", "promote", "file_path", "JOB_TIMEOUT"]

log = logging.getLogger(__name__)
JOB_TIMEOUT = 900
_PENDING = "satudata_file_checks"


def file_path(resource_id: str, file_key: str = "") -> Optional[str]:
    """Where the portal keeps a resource's uploaded file (or a revision's,
    ``file_key``); None for an uploader without local files."""
    storage = uploader.get_resource_uploader({"id": resource_id})
    if not hasattr(storage, "get_path"):
        return None         # an uploader without local files: nothing to read here
    return storage.get_path(file_key or resource_id)


def on_file(resource: dict[str, Any], package_id: str, file_key: str = "") -> None:
    """After ``resource`` got a file (an upload of its own, ``file_key``
    empty, or a revision's stored under ``file_key``) or changed: queue its
    check, or forget the old one when it no longer holds an uploaded table."""
    session = model.Session
    declared = (resource.get("format") or "").strip().lower()
    if resource.get("url_type") != "upload" or declared not in sniff.TABULAR:
        if not file_key:
            store.forget(session, resource["id"])
        return
    path = file_path(resource["id"], file_key)
    if not path or not os.path.isfile(path):
        return
    known = store.get(session, resource["id"], file_key)
    changed = datetime.datetime.fromtimestamp(os.stat(path).st_mtime, datetime.timezone.utc)
    if known and known["declared"] == declared and known["queued_at"] > changed:
        return      # the same file, already checked (xloader's own update of the resource)
    with open(path, "rb") as handle:
        detected = sniff.detect(handle.read(sniff.HEAD_BYTES))
    store.queue(session, resource["id"], file_key, package_id, declared, detected,
                bool(sniff.mismatch(declared, detected)),
                datetime.datetime.now(datetime.timezone.utc))
    session.info.setdefault(_PENDING, []).append((resource["id"], file_key))


def after_resource_change(context: Any, resource: dict[str, Any]) -> None:
    """IResourceController's after create/update: the resource's own file.
    An edit kept as a pending revision is not one: ``review/revisions.py``
    calls ``on_file`` for the revision's files itself."""
    from ..review import store as review_store
    stored = model.Resource.get(resource.get("id") or "")
    if stored is None or stored.state != "active":
        return
    pending = review_store.revision(model.Session, stored.package_id)
    if pending and resource["id"] in (pending.get("uploads") or {}):
        return
    on_file(resource, stored.package_id)
    if not context.get("defer_commit"):
        model.repo.commit()


def promote(resource_id: str, file_key: str) -> None:
    """A revision's file moved into place: its check is the resource's."""
    store.promote(model.Session, resource_id, file_key)


@sa.event.listens_for(model.Session, "after_commit")
def _enqueue(session: Any) -> None:
    for resource_id, file_key in session.info.pop(_PENDING, []):
        try:
            tk.enqueue_job(run, [resource_id, file_key], title=f"satudata file check {resource_id}",
                           rq_kwargs={"timeout": JOB_TIMEOUT})
        except Exception:       # Redis away: the check stays pending, the upload stands
            log.exception("File check of resource %s not queued", resource_id)


@sa.event.listens_for(model.Session, "after_rollback")
def _drop(session: Any) -> None:
    session.info.pop(_PENDING, None)


def run(resource_id: str, file_key: str = "") -> Optional[dict[str, Any]]:
    """The job: check the file, store the report (and return it)."""
    session = model.Session
    found = store.get(session, resource_id, file_key)
    path = file_path(resource_id, file_key)
    if found is None or not path or not os.path.isfile(path):
        return None
    try:
        report = tabular.check(path, found["declared"])
    except Exception:
        log.exception("File check of resource %s failed", resource_id)
        session.rollback()
        store.fail(session, resource_id, file_key)
        session.commit()
        return None
    store.save(session, resource_id, file_key, report)
    session.commit()
    return report
