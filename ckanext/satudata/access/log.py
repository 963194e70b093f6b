"""A grantee's use of a Terbatas file, on record: each download through the
portal and each reveal of a linked file's address (``package_show`` or
``resource_show`` answering it with the address).

The log is written in a connection of its own and committed at once: a read
(which never commits) still leaves its trace, and a failed request cannot
take a download's entry back with it. Reveals of the same file to the same
user are written once an hour (a page reads a dataset several times); every
download is written.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Mapping

import ckan.model as model

from . import store

__all__ = ["reveals", "download", "REVEAL_EVERY"]

log = logging.getLogger(__name__)
REVEAL_EVERY = datetime.timedelta(hours=1)


def _write(entries: list[dict[str, Any]], dedupe: bool) -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        with model.meta.engine.begin() as connection:
            for entry in entries:
                if dedupe and store.recent_reveal(connection, actor_id=entry["actor_id"],
                                                  resource_id=entry["resource_id"],
                                                  since=now - REVEAL_EVERY):
                    continue
                store.add_event(connection, **entry)
    except Exception:   # noqa: BLE001 (the log must not break the read; it says so)
        log.exception("Access log entry not written: %r", entries)
        raise


def reveals(user_name: str, dataset: Mapping[str, Any]) -> None:
    """The linked files of ``dataset`` shown with their address to a
    grantee (not the OPD: called only for a partial or granted reach)."""
    from . import files
    user = model.User.get(user_name)
    if user is None:
        return
    entries = []
    for resource in dataset.get("resources") or []:
        if resource.get("akses_terbatas") or not resource.get("url"):
            continue
        if resource.get("url_type") == "upload":     # its download is logged instead
            continue
        request_id = files.grant_for(user_name, dataset["id"], resource["id"])
        if request_id:
            entries.append({"kind": "reveal", "request_id": request_id,
                            "package_id": dataset["id"], "resource_id": resource["id"],
                            "actor_id": user.id, "actor_name": user.name})
    if entries:
        _write(entries, dedupe=True)


def download(user: model.User, package_id: str, resource_id: str, request_id: str) -> None:
    _write([{"kind": "download", "request_id": request_id, "package_id": package_id,
             "resource_id": resource_id, "actor_id": user.id, "actor_name": user.name}],
           dedupe=False)
