"""Bad input gets a clear error and changes nothing; the index is transactional."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.lib.search as search_lib
import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests.factories import REQUIRED, set_review_state

from .conftest import names, search

pytestmark = pytest.mark.usefixtures("with_plugins")


def _index_rows() -> int:
    return model.Session.execute(sa.text("SELECT count(*) FROM satudata_search_doc")).scalar()


def _api(app, params, status):
    url = tk.url_for("api.action", ver=3, logic_function="package_search")
    return app.get(url, query_string=params, status=status)


MALFORMED = [
    ("q", "title:(kesehatan"),
    ("q", 'title:"tanpa penutup'),
    ("q", "version:[2020 TO]"),
    ("q", "title: AND"),
    ("q", "metadata_modified:[kemarin TO *]"),
    ("fq", "organization:(dinkes"),
    ("fq", "+"),
    ("sort", "metadata_modified; DROP TABLE package"),
    ("sort", "title_string sideways"),
]


class TestMalformed:
    @pytest.mark.parametrize("param, value", MALFORMED)
    def test_api_answers_409_naming_the_parameter_in_indonesian(self, app, read_corpus, param, value):
        before = _index_rows()
        resp = _api(app, {param: value}, status=409)
        error = resp.json["error"]
        assert error["__type"] == "Validation Error"
        assert param in error
        message = error[param][0]
        assert "Traceback" not in message and "SELECT" not in message
        # Indonesian by default: not the English msgid
        assert any(w in message.lower() for w in ("kueri", "tanggal", "urutan", "rentang", "kolom", "kurung", "tanda", "operator"))
        assert _index_rows() == before

    def test_english_when_asked(self, app, read_corpus):
        url = "/en" + tk.url_for("api.action", ver=3, logic_function="package_search")
        resp = app.get(url, query_string={"q": "title:(kesehatan"}, status=409)
        assert resp.json["error"]["q"] == ["The parentheses in the search query are not balanced."]

    def test_dataset_page_answers_400_with_the_message(self, app, read_corpus):
        resp = app.get("/dataset/", query_string={"q": "title:(kesehatan"}, status=400)
        assert "kurung" in resp.body.lower()

    def test_free_text_box_is_lenient_like_dismax(self, app, read_corpus):
        # No field in the query: unbalanced syntax is read as plain words
        resp = app.get("/dataset/", query_string={"q": '(imunisasi "bayi'}, status=200)
        assert "Cakupan Imunisasi Dasar Lengkap" in resp.body
        assert names(search(q='imunisasi) "')) == ["imunisasi"]


INJECTIONS = [
    "'; DROP TABLE package; --",
    "title:\"x' OR '1'='1\"",
    "name:x') OR 1=1 --",
    "tags:\\'penduduk",
    "res_format:CSV' UNION SELECT password FROM \"user\" --",
    "x:*'",
    "$$; DELETE FROM package; $$",
]


class TestInjection:
    @pytest.mark.parametrize("q", INJECTIONS)
    def test_input_is_only_ever_a_bound_value(self, app, read_corpus, q):
        packages = model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar()
        resp = app.get(tk.url_for("api.action", ver=3, logic_function="package_search"),
                       query_string={"q": q, "fq": q}, expect_errors=True)
        assert resp.status_code in (200, 409)
        if resp.status_code == 200:
            assert resp.json["result"]["count"] == 0
        model.Session.remove()
        assert model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar() == packages
        assert search(q="*:*")["count"] == 6

    def test_sort_field_names_cannot_carry_sql(self, read_corpus):
        with pytest.raises(tk.ValidationError) as e:
            search(sort="name asc, (SELECT 1) desc")
        assert "sort" in e.value.error_dict


class TestTransactional:
    def test_search_sees_a_dataset_as_soon_as_it_is_committed(self, corpus):
        sysadmin = corpus["sysadmin"]["name"]
        helpers.call_action("package_create", **REQUIRED, context={"user": sysadmin}, name="baru",
                            title="Data Gizi Buruk", owner_org=corpus["orgs"]["dinkes"]["id"])
        set_review_state("baru", "published")
        assert names(search(q="gizi")) == ["baru"]

    def test_cached_counts_follow_every_commit(self, corpus):
        from ckan.lib.redis import connect_to_redis
        facets = {"facet.field": '["organization"]', "rows": 0}
        assert search(**facets)["facets"]["organization"]["dinkes"] == 3
        assert connect_to_redis().keys("satudata:search:*")      # counted once, then cached
        assert search(**facets)["facets"]["organization"]["dinkes"] == 3
        helpers.call_action("package_create", **REQUIRED, context={"user": corpus["sysadmin"]["name"]},
                            name="gizi", title="Data Gizi", owner_org=corpus["orgs"]["dinkes"]["id"])
        set_review_state("gizi", "published")
        assert search(**facets)["facets"]["organization"]["dinkes"] == 4
        helpers.call_action("package_delete", context={"user": corpus["sysadmin"]["name"]}, id="gizi")
        assert search(**facets)["facets"]["organization"]["dinkes"] == 3

    def test_search_still_answers_when_redis_is_down(self, corpus, monkeypatch):
        import ckan.lib.redis as ckan_redis
        from redis import ConnectionPool
        # a real client against a port where nothing listens
        monkeypatch.setattr(ckan_redis, "_connection_pool",
                            ConnectionPool.from_url("redis://127.0.0.1:1/0"))
        result = search(fq="tags:kesehatan", **{"facet.field": '["organization"]'})
        assert result["count"] == 2 and result["facets"]["organization"] == {"dinkes": 2}

    def test_rollback_leaves_no_index_row(self, corpus):
        dataset = corpus["datasets"]["imunisasi"]
        pkg = model.Package.get(dataset["id"])
        pkg.title = "Judul Sementara Vaksinasi"
        model.Session.flush()
        logic.index_update_package({"ignore_auth": True}, dataset["id"])
        # read-your-writes inside the transaction, counts included …
        assert names(search(None, q="vaksinasi")) == ["imunisasi"]
        assert search(None, q="title:vaksinasi", rows=0)["count"] == 1
        model.Session.rollback()
        # … and nothing after a rollback: neither the dataset change nor its index row
        assert search(q="vaksinasi")["count"] == 0
        assert search(None, q="title:vaksinasi", rows=0)["count"] == 0   # nothing uncommitted cached
        assert names(search(q="title:imunisasi")) == ["imunisasi"]

    def test_failed_create_indexes_nothing(self, app, corpus):
        before = _index_rows()
        token = helpers.call_action("api_token_create", context={"user": corpus["sysadmin"]["name"]},
                                    user=corpus["sysadmin"]["name"], name="t")["token"]
        url = tk.url_for("api.action", ver=3, logic_function="package_create")
        resp = app.post(url, json={"name": "Bad Name!", "title": "Tidak Sah"},
                        headers={"Authorization": token}, status=409)
        assert "name" in resp.json["error"]
        assert _index_rows() == before
        assert search(q="sah", include_private=True)["count"] == 0

    def test_deleted_datasets_leave_the_index(self, corpus):
        sysadmin = corpus["sysadmin"]["name"]
        helpers.call_action("package_delete", context={"user": sysadmin}, id="kafe")
        assert search(q="cafe")["count"] == 0
        helpers.call_action("dataset_purge", context={"user": sysadmin}, id="putus-sekolah")
        assert search(q="sekolah")["count"] == 0
        with pytest.raises(search_lib.SearchError):
            search_lib.show("putus-sekolah")


class TestPages:
    @pytest.mark.parametrize("path, text", [
        ("/", "Satu katalog untuk data setiap Organisasi Perangkat Daerah"),
        ("/en/", "One catalogue for the data of every regional agency"),
        ("/dataset/", "Cakupan Imunisasi Dasar Lengkap"),
        ("/dataset/?q=penduduk", "Jumlah Penduduk Menurut Kecamatan 2023"),
        ("/dataset/?tags=kesehatan&res_format=XLSX", "Cakupan Imunisasi Dasar Lengkap"),
        ("/organization/", "Dinas Kesehatan"),
        ("/organization/dinkes", "Jumlah Fasilitas Kesehatan"),
        ("/group/sosial", "Cakupan Imunisasi Dasar Lengkap"),
        ("/dataset/imunisasi", "Persentase bayi"),
    ])
    def test_pages_answer(self, app, read_corpus, path, text):
        resp = app.get(path, status=200)
        assert text in resp.body

    def test_private_dataset_not_on_public_pages(self, app, read_corpus):
        assert "Penduduk Miskin" not in app.get("/dataset/?q=penduduk", status=200).body
        assert "Penduduk Miskin" not in app.get("/organization/dinkes", status=200).body
