"""The seam replaces exactly what it documents, and nothing when backend = solr."""
from __future__ import annotations

import inspect

import pysolr
import pytest

import ckan.lib.search as search
import ckan.lib.search.common as common
import ckan.lib.search.index as index_module
import ckan.lib.search.query as query_module

from ckanext.satudata.search import seam
from ckanext.satudata.search.connection import PostgresConnection


def test_core_still_has_what_the_seam_replaces():
    # if CKAN renames or stops using these, the seam must be revisited
    for module, name in seam.PATCHED:
        assert hasattr(module, name), f"{module.__name__}.{name} is gone"
    assert "make_connection(" in inspect.getsource(query_module.PackageSearchQuery.run)
    assert "make_connection(" in inspect.getsource(index_module.PackageSearchIndex.index_package)
    assert "make_connection(" in inspect.getsource(index_module.clear_index)
    assert "PackageSearchQuery()" in inspect.getsource(
        __import__("ckan.lib.dictization.model_dictize", fromlist=["x"]).get_group_dataset_counts)
    assert "search.check_solr_schema_version()" in inspect.getsource(
        __import__("ckan.config.environment", fromlist=["x"]).update_config)


@pytest.mark.usefixtures("with_plugins")
def test_postgres_backend_is_installed():
    assert seam.installed()
    assert isinstance(common.make_connection(), PostgresConnection)
    assert isinstance(query_module.make_connection(decode_dates=False), PostgresConnection)
    assert search.check_solr_schema_version() is False


@pytest.mark.usefixtures("with_plugins")
def test_solr_backend_leaves_ckan_untouched():
    try:
        seam.install("solr")
        assert not seam.installed()
        for module in (common, index_module, query_module):
            assert module.make_connection.__module__ == "ckan.lib.search.common"
        conn = common.make_connection()
        assert isinstance(conn, pysolr.Solr)
        assert conn.url == "http://127.0.0.1:8983/solr/ckan"
    finally:
        seam.install("postgres")
    assert seam.installed()
