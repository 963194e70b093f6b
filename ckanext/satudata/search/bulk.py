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
from typing import Any, Callable, Iterable, Optional

import sqlalchemy as sa

import ckan.logic as logic
import ckan.model as model
from ckan.common import config
from ckan.lib.search.index import PackageSearchIndex

from . import cache, counts, index, seam
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


def rebuild(ids: Optional[Iterable[str]] = None, full: bool = False, batch_size: int = 500,
            progress: Optional[Callable[[int], None]] = None, force: bool = False) -> Stats:
    """Reindex ``ids`` (default: every dataset), committing batch by batch.

    :param full: read every dataset with ``package_show`` (no stored dicts)
    :param progress: called with the number of datasets done in each batch
    :param force: log and skip datasets that fail instead of stopping
    """
    query = model.Session.query(model.Package.id)
    if config.get("ckan.search.remove_deleted_packages"):
        query = query.filter(model.Package.state != "deleted")
    all_ids = list(ids) if ids is not None else [r[0] for r in query.order_by(model.Package.id)]
    stats = Stats()
    context = {"ignore_auth": True}
    for start in range(0, len(all_ids), batch_size):
        batch = all_ids[start:start + batch_size]
        # one query fills the identity map that permission labels read
        model.Session.query(model.Package).filter(model.Package.id.in_(batch)).all()
        stored = {} if full else _stored_payloads(batch)
        collector = _Collector()
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
        # a whole rebuild recounts once at the end instead of batch by batch
        index.upsert(model.Session, collector.docs, keep_counts=ids is not None)
        model.Session.commit()
        if progress:
            progress(len(batch))
    if ids is None:
        # whatever happened outside our writes, counts and word list are exact again
        model.Session.execute(sa.text(counts.RECOUNT))
        cache.mark_dirty(model.Session)
        model.Session.commit()
    # the first search after the rebuild plans with statistics of what it wrote
    if index.analyze(model.Session, force=ids is None):
        model.Session.commit()
    return stats
