"""Fixtures shared by the whole suite (CKAN's own come from its pytest plugin)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from pytest_factoryboy import register

import ckan.model as model

from ckanext.satudata.search import cache
from ckanext.satudata.vocab import load as vocab_load

from . import factories

register(factories.OpdFactory, "opd")         # fixtures: opd, opd_factory
register(factories.OpdEditorFactory, "opd_editor")


_OUR_TABLES = ("satudata_search_doc, satudata_search_payload, satudata_search_word, "
               "satudata_search_count")


def _empty_our_index():
    model.Session.execute(sa.text(f"TRUNCATE {_OUR_TABLES}"))
    cache.mark_dirty(model.Session)     # cached counts of the old index are dropped
    model.Session.commit()


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's reset, then our migrations, then our index emptied (CKAN's
    reset only empties the tables its own metadata knows) and the code
    lists loaded (a no-op unless the reset dropped them)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")
    _empty_our_index()
    vocab_load.load(model.Session)
    model.Session.commit()


@pytest.fixture
def clean_index(reset_index):
    """CKAN's version reaches Solr; ours empties the PostgreSQL index."""
    reset_index()
    _empty_our_index()


@pytest.fixture
def in_request(app):
    """Action calls inside a request for the portal's default language, so
    their messages come out in Indonesian as a page or API client sees them."""
    with app.flask_app.test_request_context("/"):
        yield
