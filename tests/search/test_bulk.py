"""The bulk rebuild: per batch (the hooks' rows read and written once a
batch) and in parallel worker processes (issue 21, point 4; issue 17,
point 6), writing what indexing one dataset at a time writes."""
from __future__ import annotations

import json
import os

import pytest
import sqlalchemy as sa
from sqlalchemy import event

import ckan.model as model

from ckanext.satudata.search import bulk

pytestmark = pytest.mark.usefixtures("with_plugins")


def _rows(sql: str) -> list[tuple]:
    rows = [tuple(r) for r in model.Session.execute(sa.text(sql))]
    model.Session.rollback()
    return rows


def _snapshot() -> dict[str, list]:
    """Everything a rebuild writes but when it wrote it."""
    return {
        "docs": _rows("SELECT id, name, state, capacity, owner_org, permission_labels, "
                      "title_string, metadata_modified, terms, facet_terms, tsv::text, tsv_fields::text "
                      "FROM satudata_search_doc ORDER BY id"),
        "payload": [(i, k, t, json.loads(d), json.loads(v)) for i, k, t, d, v in _rows(
            "SELECT index_id, keywords, texts, data_dict, validated_data_dict "
            "FROM satudata_search_payload ORDER BY index_id")],
        # kept counts (a count kept at 0 and one never kept are the same count)
        "counts": _rows("SELECT site_id, state, capacity, dataset_type, labels, term, n "
                        "FROM satudata_search_count WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6"),
        "schedule": _rows("SELECT * FROM satudata_schedule ORDER BY package_id"),
        "scores": _rows("SELECT package_id, owner_org, published, points, rating, criteria, "
                        "met, standard FROM satudata_quality_score ORDER BY package_id"),
    }


def _forget_derived_rows() -> None:
    """The rows only the hooks write gone, and every document, payload,
    count and word spoiled (their stored dicts kept): the rebuild must write
    them all again."""
    for sql in ("DELETE FROM satudata_schedule", "DELETE FROM satudata_quality_score",
                "UPDATE satudata_search_doc SET title_string = '', terms = '{}'",
                "UPDATE satudata_search_payload SET keywords = '{}', texts = '{}'",
                "DELETE FROM satudata_search_count", "DELETE FROM satudata_search_word"):
        model.Session.execute(sa.text(sql))
    model.Session.commit()


def test_a_parallel_rebuild_writes_what_indexing_one_by_one_wrote(corpus, monkeypatch):
    one_by_one = _snapshot()          # the corpus, indexed by its actions, one dataset each
    assert one_by_one["schedule"] and one_by_one["scores"] and one_by_one["counts"]
    _forget_derived_rows()
    parallel = []
    original = bulk._parallel
    monkeypatch.setattr(bulk, "_parallel", lambda *a, **k: parallel.append(a[1]) or original(*a, **k))
    stats = bulk.rebuild(workers=2, batch_size=2)
    assert parallel == [2]
    assert stats.total == len(one_by_one["docs"]) and not stats.failed
    assert _snapshot() == one_by_one


def test_one_process_reads_the_hooks_rows_once_a_batch(corpus):
    before = _snapshot()
    _forget_derived_rows()
    reads: list[str] = []

    def count(conn, cursor, statement, *args):
        if "FROM satudata_schedule WHERE" in statement or "FROM satudata_link_check WHERE" in statement:
            reads.append(statement)

    engine = model.Session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        stats = bulk.rebuild(workers=1, batch_size=100)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert stats.total > 5
    assert len(reads) == 2           # one batch: the schedule rows and the link checks
    assert _snapshot() == before


def test_a_failing_dataset_in_a_worker_stops_the_rebuild_or_is_reported(corpus, monkeypatch):
    bad = corpus["datasets"]["imunisasi"]["id"]
    original = bulk._build

    def build(collector, pkg, validated):
        if pkg["id"] == bad:
            raise ValueError("rusak")
        original(collector, pkg, validated)

    monkeypatch.setattr(bulk, "_build", build)      # the forked workers inherit it
    with pytest.raises(RuntimeError, match="Rebuild failed: ValueError: rusak"):
        bulk.rebuild(workers=2, batch_size=2)
    stats = bulk.rebuild(workers=2, batch_size=2, force=True)
    assert [pkg_id for pkg_id, _ in stats.failed] == [bad]
    assert stats.total == len(_snapshot()["docs"]) - 1


def test_a_worker_that_dies_without_a_report_fails_the_rebuild(corpus, monkeypatch):
    bad = corpus["datasets"]["imunisasi"]["id"]
    original = bulk._build

    def build(collector, pkg, validated):
        if pkg["id"] == bad:
            os._exit(3)         # as the kernel's OOM killer would end it
        original(collector, pkg, validated)

    monkeypatch.setattr(bulk, "_build", build)
    with pytest.raises(RuntimeError, match="ended without a report \\(exit code 3\\)"):
        bulk.rebuild(workers=2, batch_size=2)


def test_the_terms_stay_in_the_documents_row(corpus):
    """Filters and counts read every hit's terms: stored in the row, not
    beside the tsvectors in the TOAST table (revision 0015)."""
    storage = dict(_rows(
        "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
        "'satudata_search_doc'::regclass AND attname IN ('terms', 'permission_labels', 'tsv')"))
    assert storage == {"terms": "m", "permission_labels": "m", "tsv": "x"}
