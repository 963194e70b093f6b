"""Bulk reindex: batches of documents, one write and one commit per batch.

Two sources for a dataset's document:

* **stored** — when the dataset has not changed since it was indexed (its
  ``metadata_modified`` equals the indexed one), its stored ``data_dict`` and
  ``validated_data_dict`` are fed again through CKAN's own document builder
  (current plugins, permission labels, field mapping). This is what a change
  of analyzer, weights or ``before_dataset_index`` needs, at bulk speed.
* **fresh** — otherwise (new, changed or never indexed, or ``full=True``)
  the dataset is read with ``package_show``, as ``ckan search-index rebuild``
  does, which costs about 5 ms a dataset.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
from queue import Empty
from typing import Any, Callable, Iterable, Optional

import sqlalchemy as sa

import ckan.logic as logic
import ckan.model as model
from ckan.common import config
from ckan.lib.search.index import PackageSearchIndex

from . import cache, counts, hooks, index, seam
from .connection import PostgresConnection

__all__ = ["rebuild", "Stats"]

log = logging.getLogger(__name__)


class Stats:
    def __init__(self) -> None:
        self.stored = 0
        self.fresh = 0
        self.failed: list[tuple[str, str]] = []

    @property
    def total(self) -> int:
        return self.stored + self.fresh


class _Collector:
    """A connection that keeps the documents CKAN builds, to write them at once."""

    def __init__(self) -> None:
        self.docs: list[dict[str, Any]] = []

    def add(self, docs: list[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        self.docs.extend(docs)

    def delete(self, **kwargs: Any) -> None:
        PostgresConnection().delete(**kwargs)


def _stored_payloads(ids: list[str]) -> dict[str, tuple[str, str]]:
    rows = model.Session.execute(sa.text("""
        SELECT d.id, p.data_dict, p.validated_data_dict
        FROM satudata_search_doc d
        JOIN satudata_search_payload p ON p.index_id = d.index_id
        JOIN package pk ON pk.id = d.id
        WHERE d.id = ANY(:ids) AND d.site_id = :site
          AND d.metadata_modified = pk.metadata_modified
          AND p.data_dict IS NOT NULL AND p.validated_data_dict IS NOT NULL
    """), {"ids": ids, "site": config.get("ckan.site_id")})
    return {r.id: (r.data_dict, r.validated_data_dict) for r in rows}


def _build(collector: _Collector, pkg: dict[str, Any], validated: dict[str, Any]) -> None:
    with seam.collecting(collector):
        PackageSearchIndex().index_package(dict(pkg, with_custom_schema=validated),
                                           defer_commit=True)


def _build_batch(collector: _Collector, batch: list[str], stored: dict[str, tuple[str, str]],
                 stats: Stats, context: dict[str, Any], force: bool) -> None:
    for pkg_id in batch:
        try:
            if pkg_id in stored:
                data, validated = stored[pkg_id]
                _build(collector, json.loads(data), json.loads(validated))
                stats.stored += 1
            else:
                pkg, validated = logic.package_show_default_and_custom_schemas(
                    dict(context), pkg_id)
                _build(collector, pkg, validated)
                stats.fresh += 1
        except Exception as e:  # noqa: BLE001 - reported per dataset, re-raised unless force
            if not force:
                raise
            log.error("Could not index dataset %s: %r", pkg_id, e)
            stats.failed.append((pkg_id, repr(e)))


def _run(all_ids: list[str], full: bool, batch_size: int, keep_counts: bool, force: bool,
         progress: Optional[Callable[[int], None]]) -> Stats:
    """Reindex ``all_ids`` in this process, batch by batch."""
    stats = Stats()
    context = {"ignore_auth": True}
    for start in range(0, len(all_ids), batch_size):
        batch = all_ids[start:start + batch_size]
        # one query fills the identity map that permission labels read (held
        # here: the map keeps only what is referenced)
        held = model.Session.query(model.Package).filter(model.Package.id.in_(batch)).all()
        stored = {} if full else _stored_payloads(batch)
        collector = _Collector()
        with hooks.batch(model.Session, batch):
            _build_batch(collector, batch, stored, stats, context, force)
            hooks.flush()
        index.upsert(model.Session, collector.docs, keep_counts=keep_counts)
        model.Session.commit()
        del held
        if progress:
            progress(len(batch))
    return stats


def _child(worker: int, share: list[str], full: bool, batch_size: int, force: bool,
           queue: Any) -> None:
    """A worker process of a parallel rebuild: its share, its progress and
    its result through ``queue`` as ``(worker, kind, value)``."""
    try:
        stats = _run(share, full, batch_size, False, force,
                     lambda n: queue.put((worker, "progress", n)))
        queue.put((worker, "done", (stats.stored, stats.fresh, stats.failed)))
    except BaseException as e:  # noqa: BLE001 - logged here, raised by the parent
        log.exception("Rebuild worker %s failed", worker)
        model.Session.rollback()
        queue.put((worker, "error", f"{type(e).__name__}: {e}"))


def _parallel(all_ids: list[str], workers: int, full: bool, batch_size: int, force: bool,
              progress: Optional[Callable[[int], None]]) -> Stats:
    """Reindex ``all_ids`` in ``workers`` forked processes, each taking
    every ``workers``-th batch, and wait for them. The first failure (an
    error reported, a worker gone without a report, an interrupt) stops
    the others: what they committed stays, as in one process."""
    # the children open connections of their own: none may be shared
    model.Session.commit()
    model.Session.remove()
    model.Session.get_bind().dispose()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    batches = [all_ids[i:i + batch_size] for i in range(0, len(all_ids), batch_size)]
    procs = [ctx.Process(target=_child, daemon=True,
                         args=(w, [i for b in batches[w::workers] for i in b], full, batch_size,
                               force, queue)) for w in range(workers)]
    for proc in procs:
        proc.start()
    stats, done = Stats(), set()
    try:
        while len(done) < len(procs):
            try:
                worker, kind, value = queue.get(timeout=1)
            except Empty:
                gone = [w for w, p in enumerate(procs) if w not in done and not p.is_alive()]
                if gone:
                    raise RuntimeError(f"Rebuild failed: worker {gone[0]} ended without a "
                                       f"report (exit code {procs[gone[0]].exitcode})") from None
                continue
            if kind == "progress":
                if progress:
                    progress(value)
            elif kind == "error":
                raise RuntimeError("Rebuild failed: " + value)
            else:
                done.add(worker)
                stats.stored += value[0]
                stats.fresh += value[1]
                stats.failed += value[2]
    finally:
        for proc in procs:
            if proc.is_alive() and len(done) < len(procs):
                proc.terminate()
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join()
    return stats


def rebuild(ids: Optional[Iterable[str]] = None, full: bool = False, batch_size: int = 500,
            progress: Optional[Callable[[int], None]] = None, force: bool = False,
            workers: int = 1) -> Stats:
    """Reindex ``ids`` (default: every dataset), committing batch by batch.

    :param full: read every dataset with ``package_show`` (no stored dicts)
    :param progress: called with the number of datasets done in each batch
    :param force: log and skip datasets that fail instead of stopping
    :param workers: processes of a whole rebuild (``ids`` None); each writes
        its batches in transactions of its own, and the counts are made
        exact once all are done
    """
    query = model.Session.query(model.Package.id)
    if config.get("ckan.search.remove_deleted_packages"):
        query = query.filter(model.Package.state != "deleted")
    all_ids = list(ids) if ids is not None else [r[0] for r in query.order_by(model.Package.id)]
    if ids is None and workers > 1 and len(all_ids) > batch_size:
        stats = _parallel(all_ids, workers, full, batch_size, force, progress)
    else:
        # a whole rebuild recounts once at the end instead of batch by batch
        stats = _run(all_ids, full, batch_size, ids is not None, force, progress)
    if ids is None:
        # whatever happened outside our writes, counts and word list are exact again
        model.Session.execute(sa.text(counts.RECOUNT))
        cache.mark_dirty(model.Session)
        model.Session.commit()
    # the first search after the rebuild plans with statistics of what it wrote
    if index.analyze(model.Session, force=ids is None):
        model.Session.commit()
    return stats
