"""A grantee's use of a Terbatas file, on record: each download through the
portal and each reveal of a linked file's address (``package_show`` or
``resource_show`` answering it with the address).

The log is written in a connection of its own and committed at once: a read
(which never commits) still leaves its trace, and a failed request cannot
take a download's entry back with it. The commit does not wait for the disk
(``synchronous_commit = off``, only for these entries): a crash of the
database server may lose the last fraction of a second of them, never
leave one half-written. Reveals of the same file to the same
user are written once an hour (a page reads a dataset several times: each
process remembers what it wrote, and the log is asked on a miss); every
download is written. A reveal that cannot be written is logged at ERROR and
the read goes on; a download that cannot be written is refused (503).
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Mapping

import ckan.model as model
import sqlalchemy as sa

from . import store

__all__ = ["reveals", "download", "REVEAL_EVERY"]

log = logging.getLogger(__name__)
REVEAL_EVERY = datetime.timedelta(hours=1)


# (user id, resource id) -> when this process last wrote its reveal
_revealed: dict[tuple[str, str], datetime.datetime] = {}


def _write(entries: list[dict[str, Any]]) -> None:
    """Reveals not yet written this hour (by this process, then the log)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    entries = [e for e in entries if now - _revealed.get(
        (e["actor_id"], e["resource_id"]), now - 2 * REVEAL_EVERY) >= REVEAL_EVERY]
    if not entries:
        return
    try:
        with model.meta.engine.begin() as connection:
            # no wait for the disk flush (a few ms on every download): a
            # database crash may lose the last fraction of a second of entries
            connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
            for entry in entries:
                _revealed[(entry["actor_id"], entry["resource_id"])] = now
                if store.recent_reveal(connection, actor_id=entry["actor_id"],
                                       resource_id=entry["resource_id"],
                                       since=now - REVEAL_EVERY):
                    continue
                store.add_event(connection, **entry)
    except Exception:   # noqa: BLE001 (said in the log; the read goes on)
        log.exception("Access log entry not written: %r", entries)
    if len(_revealed) > 100_000:        # a long-lived process keeps a bounded memory
        _revealed.clear()


def reveals(found: Any, user_name: str, dataset: Mapping[str, Any]) -> None:
    """The linked files of ``dataset`` shown with their address to a
    grantee (``found``: their ``files.Reach``; the OPD's reads are not logged)."""
    entries = []
    for resource in dataset.get("resources") or []:
        if resource.get("akses_terbatas") or not resource.get("url"):
            continue
        if resource.get("url_type") == "upload":     # its download is logged instead
            continue
        request_id = found.grant_for(resource["id"])
        if request_id:
            entries.append({"kind": "reveal", "request_id": request_id,
                            "package_id": dataset["id"], "resource_id": resource["id"],
                            "actor_id": found.user_id, "actor_name": user_name})
    if entries:
        _write(entries)


def download(user_id: str, user_name: str, package_id: str, resource_id: str,
             request_id: str) -> None:
    """A grantee's download, on record before the file is sent: one
    statement in autocommit, one round trip (raises when not written)."""
    try:
        with model.meta.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            store.add_unflushed(connection, kind="download", request_id=request_id,
                                package_id=package_id, resource_id=resource_id,
                                actor_id=user_id, actor_name=user_name)
    except Exception:   # noqa: BLE001 (said in the log; the download is refused)
        log.exception("Download not recorded: %s of %s by %s", resource_id, package_id,
                      user_name)
        raise
