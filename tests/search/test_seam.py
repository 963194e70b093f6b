"""The seam replaces exactly what it documents, and nothing when backend = solr:
then CKAN's own pysolr code sends its own query to a (stub) Solr over HTTP."""
from __future__ import annotations

import http.server
import inspect
import json
import threading
import urllib.parse

import pysolr
import pytest

import ckan.lib.search as search
import ckan.lib.search.common as common
import ckan.lib.search.index as index_module
import ckan.lib.search.query as query_module

from ckan.tests import helpers

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


class _FakeSolr(http.server.BaseHTTPRequestHandler):
    """Answers /select like Solr and remembers what CKAN asked."""
    requests: list[dict[str, list[str]]] = []

    def _answer(self, params: dict[str, list[str]]) -> None:
        type(self).requests.append(params)
        body = json.dumps({
            "responseHeader": {"status": 0},
            "response": {"numFound": 1, "start": 0, "docs": [{
                "id": "abc", "validated_data_dict": json.dumps({"id": "abc", "name": "dari-solr"})}]},
            "facet_counts": {"facet_fields": {"organization": ["dinkes", 1]}},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self._answer(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self._answer(urllib.parse.parse_qs(self.rfile.read(length).decode()))

    def log_message(self, *args):
        pass


@pytest.mark.usefixtures("with_plugins")
def test_solr_backend_sends_ckans_own_query_to_solr(ckan_config, monkeypatch):
    server = http.server.HTTPServer(("127.0.0.1", 0), _FakeSolr)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setitem(ckan_config, "solr_url", f"http://127.0.0.1:{server.server_port}/solr/ckan")
    _FakeSolr.requests.clear()
    try:
        seam.install("solr")
        result = helpers.call_action("package_search", context={"user": "", "ignore_auth": False},
                                     q="penduduk", **{"facet.field": '["organization"]'})
    finally:
        seam.install("postgres")
        server.shutdown()
    (sent,) = _FakeSolr.requests
    assert sent["q"] == ["penduduk"] and sent["defType"] == ["dismax"]
    assert '+permission_labels:("public")' in sent["fq"]
    assert sent["facet.field"] == ["organization"]
    assert [d["name"] for d in result["results"]] == ["dari-solr"]
    assert result["facets"] == {"organization": {"dinkes": 1}}
