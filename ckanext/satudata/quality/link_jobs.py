"""The link checks run: on CKAN's background worker after a resource got a
new link or file, and in bulk by ``ckan satudata links check`` (what is
due, every ``interval_days``; a broken link again the next day), the HTTP
requests in a bounded thread pool and never in a web request. Each check
finished reindexes its dataset, which rescores it (``scores.py``).
"""
from __future__ import annotations

import concurrent.futures
import datetime
import logging
from typing import Any, Callable, Iterable, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import jobs as file_checks, link_store, links, scores, store as file_store

__all__ = ["settings", "check_resources", "due", "run", "after_dataset_change", "JOB_TIMEOUT"]

log = logging.getLogger(__name__)
JOB_TIMEOUT = 600
_PENDING = "satudata_link_checks"
_BROKEN_AGAIN = datetime.timedelta(days=1)
_COMMIT_EVERY = 50      # results kept per transaction


def settings() -> links.Settings:
    allow = tk.config.get("ckanext.satudata.link_check.allow") or []
    if isinstance(allow, str):
        allow = allow.split()
    return links.Settings(timeout=float(tk.config.get("ckanext.satudata.link_check.timeout")),
                          max_redirects=int(tk.config.get("ckanext.satudata.link_check.max_redirects")),
                          allow=tuple(allow))


def _interval() -> datetime.timedelta:
    return datetime.timedelta(days=int(tk.config.get("ckanext.satudata.link_check.interval_days")))


def _target(resource: model.Resource) -> tuple[str, bool, Any]:
    """(url, uploaded, what to check: a local path or a URL)."""
    if resource.url_type == "upload":
        return resource.url or "", True, file_checks.file_path(resource.id)
    return resource.url or "", False, resource.url or ""


def _probe(url_or_path: Any, upload: bool, fmt: str, flagged: bool,
           cfg: links.Settings) -> dict[str, Any]:
    """In a pool thread: no database, no CKAN state."""
    if upload:
        return links.check_file(url_or_path, fmt, flagged)
    return links.check_url(url_or_path, fmt, cfg)


def check_resources(resource_ids: Iterable[str], workers: int = 4,
                    progress: Optional[Callable[[int], None]] = None) -> dict[str, int]:
    """Check these resources (``workers`` at a time), keep the results,
    reindex their datasets; counts by state."""
    session = model.Session
    cfg, interval = settings(), _interval()
    ids = list(resource_ids)
    flagged = file_store.flagged_among(session, ids)
    jobs = []
    for start in range(0, len(ids), 1000):      # the resources read a thousand at a time
        for resource in session.query(model.Resource).filter(
                model.Resource.id.in_(ids[start:start + 1000]), model.Resource.state == "active"):
            url, upload, target = _target(resource)
            jobs.append((resource.id, resource.package_id, url, upload, target,
                         resource.format or "", upload and resource.id in flagged))
    session.commit()        # no transaction held open while the requests run
    counts = {"ok": 0, "broken": 0, "error": 0}
    packages: set[str] = set()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(_probe, target, upload, fmt, flagged, cfg): (rid, pid, url, upload)
                   for rid, pid, url, upload, target, fmt, flagged in jobs}
        for future in concurrent.futures.as_completed(futures):
            rid, pid, url, upload = futures[future]
            try:
                result = future.result()
            except Exception:       # a bug here must not stop the round
                log.exception("Link check of resource %s failed", rid)
                result = links._broken("check-failed")
            now = datetime.datetime.now(datetime.timezone.utc)
            again = now + (interval if result["state"] == "ok" else _BROKEN_AGAIN)
            link_store.save(session, rid, pid, url, upload, result, again)
            counts[result["state"]] += 1
            if sum(counts.values()) % _COMMIT_EVERY == 0:
                session.commit()
            packages.add(pid)
            if progress:
                progress(1)
    session.commit()
    scores.rescore(sorted(packages))
    return counts


def due(limit: Optional[int] = None, everything: bool = False) -> list[str]:
    """The resources due (never checked first), or every one."""
    now = datetime.datetime.now(datetime.timezone.utc)
    if everything:
        now = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
    return [rid for rid, _ in link_store.due(model.Session, now, limit)]


def run(resource_ids: list[str]) -> dict[str, int]:
    """The background job."""
    return check_resources(resource_ids, workers=int(tk.config.get(
        "ckanext.satudata.link_check.workers")))


def _changed(stored: model.Resource, kept: Optional[dict[str, Any]]) -> bool:
    if kept is None or kept["url"] != (stored.url or ""):
        return True
    # the same address: an upload counts again when its file is newer than the check
    return stored.url_type == "upload" and stored.last_modified is not None \
        and stored.last_modified.replace(tzinfo=datetime.timezone.utc) > kept["checked_at"]


def after_dataset_change(context: Any, pkg_dict: dict[str, Any]) -> None:
    """IPackageController's after create/update (``resource_create``,
    ``_update`` and ``_delete`` go through ``package_update`` too): a new or
    changed link or file is checked on the worker once the transaction commits."""
    package = model.Package.get(pkg_dict.get("id") or "")
    if package is None or package.state != "active":
        return
    kept = link_store.for_package(model.Session, package.id)      # one query, not one a file
    for stored in package.resources:
        if _changed(stored, kept.get(stored.id)):
            model.Session.info.setdefault(_PENDING, []).append(stored.id)


@sa.event.listens_for(model.Session, "after_commit")
def _enqueue(session: Any) -> None:
    pending = session.info.pop(_PENDING, [])
    if not pending or not tk.asbool(tk.config.get("ckanext.satudata.link_check.on_change")):
        return
    try:
        tk.enqueue_job(run, [sorted(set(pending))], title="satudata link check",
                       rq_kwargs={"timeout": JOB_TIMEOUT})
    except Exception:       # Redis away: the next round checks it
        log.exception("Link check of %s not queued", pending)


@sa.event.listens_for(model.Session, "after_rollback")
def _drop(session: Any) -> None:
    session.info.pop(_PENDING, None)
