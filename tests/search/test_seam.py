"""The seam replaces exactly what it documents, and nothing when backend = solr:
then CKAN's own pysolr code sends its own query to a (stub) Solr over HTTP,
and what it indexes and asks fits our schema (config/solr/schema.xml)."""
from __future__ import annotations

import contextlib
import http.server
import inspect
import json
import re
import threading
import urllib.parse

import pysolr
import pytest

import ckan.lib.search as search
import ckan.lib.search.common as common
import ckan.lib.search.index as index_module
import ckan.lib.search.query as query_module

from ckan.tests import helpers

from ckanext.satudata.metadata import facets
from ckanext.satudata.search import seam
from ckanext.satudata.search.connection import PostgresConnection

from tests import factories
from tests.deploy.solr_schema import CONFIGSET, Schema
from tests.factories import REQUIRED
from tests.logic.test_validators import STATISTICAL


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


def _listed(value):
    return value if isinstance(value, list) else [value]


class _SolrCore(http.server.BaseHTTPRequestHandler):
    """A Solr core as far as CKAN uses one, in memory: /update keeps the
    documents pysolr sends (JSON), /select answers with all of them and
    counts the facets asked for (it is no search engine: what the test reads
    is what CKAN sent), /schema serves config/solr/schema.xml."""
    documents: dict[str, dict] = {}
    searches: list[dict[str, list[str]]] = []

    def _send(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _select(self, params: dict[str, list[str]]) -> None:
        type(self).searches.append(params)
        docs = list(type(self).documents.values())
        fl = (params.get("fl") or ["*"])[0].replace(",", " ").split()
        counts = {}
        for field in params.get("facet.field", []):
            values = [str(v) for d in docs for v in _listed(d.get(field)) if v is not None]
            counts[field] = [x for v in sorted(set(values)) for x in (v, values.count(v))]
        self._send(json.dumps({
            "responseHeader": {"status": 0},
            "response": {"numFound": len(docs), "start": 0,
                         "docs": [{k: v for k, v in d.items() if "*" in fl or k in fl} for d in docs]},
            "facet_counts": {"facet_fields": counts, "facet_queries": {
                q: len(docs) for q in params.get("facet.query", [])}},
        }).encode())

    def do_GET(self):  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path.endswith("/schema"):
            return self._send((CONFIGSET / "schema.xml").read_bytes(), "application/xml")
        self._select(urllib.parse.parse_qs(url.query))

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if urllib.parse.urlsplit(self.path).path.rstrip("/").endswith("/update"):
            if body.startswith(b"["):
                type(self).documents.update({d["index_id"]: d for d in json.loads(body)})
            return self._send(b'{"responseHeader": {"status": 0}}')
        self._select(urllib.parse.parse_qs(body.decode()))

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _solr_backend(ckan_config, monkeypatch):
    """``backend = solr`` with CKAN's own pysolr code talking to a _SolrCore."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _SolrCore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setitem(ckan_config, "solr_url", f"http://127.0.0.1:{server.server_port}/solr/ckan")
    _SolrCore.documents, _SolrCore.searches = {}, []
    try:
        seam.install("solr")
        yield _SolrCore
    finally:
        seam.install("postgres")
        server.shutdown()


def _boundary(points: int = 1500) -> str:
    """A detailed area as GeoJSON: more text than Lucene takes as one term."""
    ring = [[106.0 + 0.3 * (i / points), -6.2 + 0.1 * ((i * 7) % points) / points] for i in range(points)]
    ring += [[106.3, -5.9], [105.9, -5.9], ring[0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# every field name an fq, a sort or a facet of CKAN's names ("+state:active", "tahun:\"2023\"")
_FQ_FIELD = re.compile(r'(?:^|[\s(+-])([A-Za-z_][\w.]*):')


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_with_solr_what_ckan_indexes_and_asks_fits_our_schema(app, ckan_config, monkeypatch, opd, walidata):
    sysadmin = factories.Sysadmin()
    created = helpers.call_action(
        "package_create", context={"user": sysadmin["name"]}, name="jumlah-penduduk",
        title="Jumlah Penduduk Menurut Kecamatan", owner_org=opd["id"], tag_string="penduduk,demografi",
        tahun="2022, 2023", cakupan_wilayah="36.04.09", spatial=_boundary(),
        kontak=[{"nama": "Budi", "email": "budi@serangkab.go.id"}],
        resources=[{"url": "http://example.test/penduduk.csv", "name": "Tabel"}],
        **{**REQUIRED, **STATISTICAL})
    factories.set_review_state(created["id"], "published")
    schema = Schema()
    with _solr_backend(ckan_config, monkeypatch) as core:
        assert search.check_solr_schema_version()        # CKAN's start-up check, over HTTP, passes
        search.rebuild(quiet=True)                         # `ckan search-index rebuild`
        page = app.get("/dataset/", query_string={"q": "jumlah penduduk", "tahun": "2023",
                                                  "sort": "kelengkapan desc"})
        found = helpers.call_action("package_search", fq="kelengkapan_kurang:satuan", sort="kelengkapan desc",
                                    **{"facet.field": json.dumps(list(facets.dataset_facets()))})

    (doc,) = core.documents.values()
    assert [p for name, value in doc.items() if (p := schema.problem(name, value))] == []
    assert doc["tahun"] == [2022, 2023] and isinstance(doc["kelengkapan"], int)
    assert "satuan" in doc["kelengkapan_kurang"] and doc["walidata"] == "Dinas Komunikasi dan Informatika"
    for name in ("urusan", "frekuensi", "klasifikasi_akses", "jenis_data", "cakupan_wilayah",
                 "satudata_status", "extras_ms_keg__judul_kegiatan", "extras_kontak__nama", "res_format",
                 "permission_labels"):
        assert doc.get(name), name
    assert len(doc["spatial"]) > 32766 and not schema.field_for("spatial").indexed
    assert "jumlah-penduduk" in page.get_data(as_text=True)
    assert found["count"] == 1 and found["results"][0]["name"] == "jumlah-penduduk"

    # the schedule facet's count (schedule/facet.py) is one more search of
    # facet queries, with the page's own filters (CKAN's labels included)
    counting = [s for s in core.searches if "facet.query" in s]
    page_search, api_search = [s for s in core.searches if "facet.query" not in s][-2:]
    assert counting and counting[-1]["fq"] == page_search["fq"]
    assert counting[-1]["rows"] == ["0"] and "facet.field" not in counting[-1]
    for field in (q.split(":")[0] for q in counting[-1]["facet.query"]):
        assert schema.field_for(field).indexed, field
    assert set(facets.dataset_facets()) <= set(page_search["facet.field"])
    assert 'tahun:"2023"' in page_search["fq"][0] and "kelengkapan_kurang:satuan" in api_search["fq"][0]
    for sent in (page_search, api_search):
        assert sent["sort"] == ["kelengkapan desc"]
        for field in (f.split("^")[0] for f in sent["qf"][0].split()) if "qf" in sent else ():
            assert schema.field_for(field).indexed, field
        for field in sent["facet.field"]:
            assert schema.field_for(field).indexed, field
        for field in (part.split()[0] for part in sent["sort"][0].split(",")):
            assert not schema.field_for(field).multi_valued, field
        for field in _FQ_FIELD.findall(" ".join(sent["fq"])):
            assert schema.field_for(field).indexed, field
        for field in sent["fl"][0].split():
            assert schema.field_for(field).stored, field
