"""A bulk write leaves fresh planner statistics on the index tables (issue 21)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.lib.search as ckan_search
import ckan.model as model

from ckanext.satudata.search import bulk, index

pytestmark = pytest.mark.usefixtures("with_plugins")


def _analyzed() -> dict[str, object]:
    """When each index table was last analyzed by hand (not by autovacuum)."""
    model.Session.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
    rows = model.Session.execute(sa.text(
        "SELECT relname, last_analyze FROM pg_stat_user_tables "
        "WHERE relname LIKE 'satudata_search_%' ORDER BY relname")).all()
    model.Session.rollback()
    return {name: at for name, at in rows}


def _moved(before: dict, after: dict) -> set[str]:
    return {t for t in after if after[t] is not None and after[t] != before.get(t)}


TABLES = {"satudata_search_doc", "satudata_search_payload", "satudata_search_count",
          "satudata_search_word"}


def test_the_bulk_rebuild_analyzes_what_it_filled(corpus):
    before = _analyzed()
    bulk.rebuild()
    assert _moved(before, _analyzed()) >= TABLES


def test_ckan_search_index_rebuild_analyzes_after_many_writes(corpus, monkeypatch):
    monkeypatch.setattr(index, "_written", 0)
    monkeypatch.setattr(index, "ANALYZE_AFTER", 10_000)
    before = _analyzed()
    ckan_search.rebuild(defer_commit=True, quiet=True)     # as `ckan search-index rebuild`
    ckan_search.commit()
    assert not _moved(before, _analyzed()) & TABLES        # a few documents: autovacuum's job
    monkeypatch.setattr(index, "ANALYZE_AFTER", 5)         # the corpus has more than five
    ckan_search.rebuild(defer_commit=True, quiet=True)
    ckan_search.commit()
    assert _moved(before, _analyzed()) >= TABLES
