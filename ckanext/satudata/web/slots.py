"""A bound on the searches running at once on this machine.

A search the page cache did not answer is the one request whose cost a
visitor chooses (many words, fuzzy terms, facets, 1,000 rows). However many
of them arrive, at most ``ckanext.satudata.search_slots`` run at the same
time across every gunicorn process and thread of the machine; the others
wait their turn for up to ``ckanext.satudata.search_slots.wait_ms`` and are
then answered 503 with ``Retry-After``. So a client flooding the portal
with the most expensive searches it is allowed gets its answers one slot at
a time, and the other visitors keep the rest of the machine: pages, dataset
reads, cached answers.

The slots are ``flock`` locks on small files in the system's temporary
directory: the kernel releases the lock of a process that dies, and no
Redis or database round trip is spent on them.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import time
from typing import Any, Optional

import flask

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

__all__ = ["install", "HEAVY_ENDPOINTS", "HEAVY_ACTIONS"]

# views whose work is a search of the catalogue
HEAVY_ENDPOINTS = {"dataset.search", "organization.read", "group.read", "dcat.read_catalog"}
HEAVY_ACTIONS = {"package_search", "dcat_catalog_search"}


class Slots:
    def __init__(self, directory: str, count: int, wait_ms: int) -> None:
        os.makedirs(directory, exist_ok=True)
        self.paths = [os.path.join(directory, f"slot-{i}") for i in range(count)]
        self.wait = wait_ms / 1000

    def acquire(self) -> Optional[int]:
        """An open, locked slot file, or None when none came free in time."""
        deadline = time.monotonic() + self.wait
        while True:
            for path in self.paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.01)

    @staticmethod
    def release(fd: int) -> None:
        os.close(fd)        # closing the file releases its lock


def _heavy() -> bool:
    endpoint = flask.request.endpoint or ""
    if endpoint in HEAVY_ENDPOINTS:
        return True
    return endpoint == "api.action" and \
        (flask.request.view_args or {}).get("logic_function") in HEAVY_ACTIONS


def _busy() -> Any:
    message = tk._("The portal is busy with many searches; please try again in a moment.")
    if flask.request.path.startswith(("/api/", "/en/api/", "/id/api/")):
        response = flask.jsonify({"success": False, "error": {
            "__type": "Service Unavailable", "message": message}})
    else:
        response = flask.make_response(flask.render_template(
            "error_document_template.html", code=503, content=message, name="Service Unavailable"))
    response.status_code = 503
    response.headers["Retry-After"] = "1"
    return response


def install(app: Any, config: Any) -> None:
    """A slot around every search request of ``app``."""
    count = config.get("ckanext.satudata.search_slots") or max(1, (os.cpu_count() or 2) // 2)
    site = hashlib.sha1((config.get("ckan.site_id") or "").encode()).hexdigest()[:8]
    slots = Slots(os.path.join(tempfile.gettempdir(), f"satudata-slots-{site}"), count,
                  config.get("ckanext.satudata.search_slots.wait_ms"))

    def take() -> Any:
        if not _heavy():
            return None
        fd = slots.acquire()
        if fd is None:
            log.warning("No search slot free within %.1f s: 503 for %s", slots.wait,
                        flask.request.path)
            return _busy()
        flask.g.satudata_slot = fd
        return None

    def give_back(exc: Any = None) -> None:
        fd = flask.g.pop("satudata_slot", None)
        if fd is not None:
            Slots.release(fd)

    app.before_request(take)
    app.teardown_request(give_back)
