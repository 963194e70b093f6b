"""Bad input gets a clear 4xx in the caller's language and changes nothing.

Every hostile input of issue 14 (NUL in ``q``, in a facet parameter, in a
path; a 100 KB ``q``; ``(a OR b)`` a few hundred times; ``start`` beyond a
64-bit integer; ``rows`` as a JSON object or list) and the other limits of
web/limits.py, through the action API (query string, JSON and form bodies)
and the pages. Answers in Indonesian, in English under ``/en/``.
"""
from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories as ckan_factories

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins")

API = "/api/3/action/"
SEARCH = API + "package_search"
# the longest q the limits allow: 20 words, 1,000 characters
WORST_Q = " ".join(f"kata{i:02d}" + "panjang" * 6 + "x" for i in range(20))


@pytest.fixture(scope="module")
def portal(reset_db, migrate_db_for):
    """A small catalogue for the module; only the upload test adds to it."""

    from tests.conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    org = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    dataset = factories.Dataset(name="imunisasi", title="Cakupan Imunisasi Dasar",
                                owner_org=org["id"], tags=[{"name": "kesehatan"}])
    return {"sysadmin": ckan_factories.SysadminWithToken(), "org": org, "dataset": dataset}


def _auth(portal) -> dict:
    return {"Authorization": portal["sysadmin"]["token"]}


def _packages() -> int:
    model.Session.remove()
    return model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar()


def _error(resp, field: str) -> str:
    body = resp.json
    assert body["success"] is False and body["error"]["__type"] == "Validation Error"
    assert "Traceback" not in resp.get_data(as_text=True)
    return body["error"][field][0]


def _page(resp) -> str:
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text and "SELECT" not in text
    return text


class TestControlCharacters:
    @pytest.mark.parametrize("params, field", [
        ({"q": "imunisasi\x00"}, "q"),
        ({"fq": "tags:kese\x00hatan"}, "fq"),
        ({"q": "a\tb"}, "q"),                      # none at all in a query string
        ({"q": "a\x7fb"}, "q"),
        ({"x\x00y": "1"}, "xy"),
    ])
    def test_query_string_of_the_api(self, app, portal, params, field):
        resp = app.get(SEARCH, query_string=params, status=400)
        assert "karakter kontrol" in _error(resp, field)

    @pytest.mark.parametrize("url, params", [
        ("/dataset/", {"q": "a\x00b"}),
        ("/dataset/", {"tags": "kese\x00hatan"}),  # a facet parameter
        ("/dataset/%00", {}),
        ("/dataset/imunisasi%1b", {}),
        ("/organization/dinkes", {"q": "\x00"}),
    ])
    def test_pages(self, app, portal, url, params):
        resp = app.get(url, query_string=params, status=400)
        assert "karakter kontrol" in _page(resp)

    def test_english_under_en(self, app, portal):
        resp = app.get("/en" + SEARCH, query_string={"q": "a\x00b"}, status=400)
        assert _error(resp, "q") == '"q" contains a control character (such as NUL), which is not allowed.'
        page = app.get("/en/dataset/%00", status=400)
        assert "The address contains a control character" in _page(page)

    def test_json_body_creates_nothing(self, app, portal):
        before = _packages()
        resp = app.post(API + "package_create", headers=_auth(portal), status=400, json={
            "name": "bernul", "title": "Judul\x00Rusak", "owner_org": portal["org"]["id"],
            "notes": "Data uji.", "urusan": "2.12", "frekuensi": "tahunan",
            "klasifikasi_akses": "terbuka"})
        assert "karakter kontrol" in _error(resp, "title")
        assert _packages() == before

    def test_nested_json_names_the_top_level_field(self, app, portal):
        resp = app.post(API + "package_patch", headers=_auth(portal), status=400,
                        json={"id": "imunisasi", "resources": [{"name": "Tabel\x1b"}]})
        assert "karakter kontrol" in _error(resp, "resources")
        assert app.get(API + "package_show", query_string={"id": "imunisasi"}
                       ).json["result"]["num_resources"] == 0

    def test_tab_and_newlines_pass_in_bodies(self, app, portal):
        resp = app.post(SEARCH, json={"q": "imunisasi\r\n\tdasar"}, status=200)
        assert resp.json["result"]["count"] == 1

    def test_form_body(self, app, portal):
        before = _packages()
        resp = app.post(API + "package_create", headers=_auth(portal), status=400,
                        data={"name": "formnul", "title": "a\x00b"})
        assert "karakter kontrol" in _error(resp, "title")
        # the API's old way: a JSON text as the form's only key
        resp = app.post(API + "package_create", headers=_auth(portal), status=400,
                        data={json.dumps({"name": "formnul", "notes": "a\x00b"}): ""})
        assert "karakter kontrol" in _error(resp, "notes")
        assert _packages() == before

    def test_multipart_fields_and_file_names_not_file_contents(self, app, portal):
        resp = app.post(API + "resource_create", headers=_auth(portal), status=400, data={
            "package_id": "imunisasi", "name": "Tabel\x00",
            "upload": (io.BytesIO(b"a,b\n1,2\n"), "tabel.csv")})
        assert "karakter kontrol" in _error(resp, "name")
        resp = app.post(API + "resource_create", headers=_auth(portal), status=400, data={
            "package_id": "imunisasi", "upload": (io.BytesIO(b"a,b\n"), "tab\x00el.csv")})
        assert "karakter kontrol" in _error(resp, "upload")


class TestBodySize:
    def test_api_body_over_the_limit_is_413(self, app, portal):
        resp = app.post(SEARCH, data=b'{"q": "' + b"x" * (1024 * 1024) + b'"}',
                        content_type="application/json", status=413)
        assert _error(resp, "body") == "Permintaan terlalu besar: paling banyak 1024 KB."

    def test_chunked_body_is_cut_at_the_limit(self, app, portal):
        # no Content-Length: a server such as gunicorn passes a chunked body as a
        # terminated stream, and werkzeug stops reading at the limit
        resp = app.post(SEARCH, input_stream=io.BytesIO(b'{"q": "' + b"x" * (2 * 1024 * 1024) + b'"}'),
                        content_type="application/json", status=413,
                        environ_overrides={"wsgi.input_terminated": True})
        assert "terlalu besar" in _error(resp, "body")

    def test_page_body_over_the_limit_is_413(self, app, portal):
        resp = app.post("/en/dataset/new", data={"title": "x" * (1100 * 1024)}, status=413)
        assert "The request is too large: at most 1024 KB." in _page(resp)

    @pytest.mark.ckan_config("ckanext.satudata.limits.max_body_kb", 64)
    @pytest.mark.ckan_config("ckan.max_resource_size", 1)
    def test_uploads_keep_ckans_max_resource_size(self, app, portal):
        small = app.post(API + "resource_create", headers=_auth(portal), status=200, data={
            "package_id": "imunisasi", "name": "Tabel Besar",
            "upload": (io.BytesIO(b"a,b\n" + b"1,2\n" * 50_000), "tabel.csv")})  # 200 KB > 64 KB
        assert small.json["result"]["url_type"] == "upload"
        big = app.post(API + "resource_create", headers=_auth(portal), status=413, data={
            "package_id": "imunisasi", "name": "Tabel Raksasa",
            "upload": (io.BytesIO(b"x" * (1200 * 1024)), "raksasa.csv")})
        assert _error(big, "body") == "Unggahan terlalu besar: ukuran berkas paling banyak 1 MB."
        # a body that is not an upload keeps the general limit
        other = app.post(SEARCH, json={"q": "x" * (70 * 1024)}, status=413)
        assert "64 KB" in _error(other, "body")


class TestSearchApi:
    @pytest.mark.parametrize("params, field, words", [
        ({"q": "x" * 100_000}, "q", "terlalu panjang"),
        ({"q": "x" * 1001}, "q", "paling banyak 1000 karakter"),
        ({"fq": "tags:" + "x" * 1000}, "fq", "terlalu panjang"),
        ({"q": "(a OR b) " * 100}, "q", "terlalu banyak kata"),     # 200 terms in 900 characters
        ({"q": "(a OR b) " * 10 + "c"}, "q", "paling banyak 20"),
        ({"q": "imunisasi", "fq": " ".join(["tags:x"] * 51)}, "fq", "terlalu banyak filter"),
        ({"start": str(2 ** 70)}, "start", "dari 0 sampai 100000"),
        ({"start": "100001"}, "start", "bilangan bulat"),
        ({"start": "-1"}, "start", "bilangan bulat"),
        ({"rows": "1001"}, "rows", "dari 0 sampai 1000"),
        ({"rows": "sepuluh"}, "rows", "bilangan bulat"),
        ({"facet.limit": "1e9"}, "facet.limit", "bilangan bulat"),
        ({"sort": "name asc, " * 3 + "title asc"}, "sort", "paling banyak 3"),
        ({"fq_list": "tags:kesehatan"}, "fq_list", "daftar teks"),
    ])
    def test_query_string(self, app, portal, params, field, words):
        resp = app.get(SEARCH, query_string=params, status=409)
        assert words in _error(resp, field)

    @pytest.mark.parametrize("body, field, words", [
        ({"rows": {"a": 1}}, "rows", "bilangan bulat"),
        ({"rows": [1, 2]}, "rows", "bilangan bulat"),
        ({"rows": True}, "rows", "bilangan bulat"),
        ({"rows": 2.5}, "rows", "bilangan bulat"),
        ({"start": 2 ** 70}, "start", "bilangan bulat"),
        ({"q": {"a": 1}}, "q", "harus berupa teks"),
        ({"q": ["a", "b"]}, "q", "harus berupa teks"),
        ({"fq": ["tags:a"]}, "fq", "harus berupa teks"),
        ({"sort": ["name asc"]}, "sort", "harus berupa teks"),
        ({"fq_list": [{"a": 1}]}, "fq_list", "daftar teks"),
        ({"fq_list": ["tags:x"] * 51}, "fq_list", "terlalu banyak filter"),
        ({"fq": "tags:x " * 30, "fq_list": ["tags:y"] * 21}, "fq_list", "paling banyak 50"),
        ({"facet.field": {"a": 1}}, "facet.field", "daftar teks"),
        ({"facet.field": [f"f{i}" for i in range(21)]}, "facet.field", "20"),
        ({"facet.mincount": [1]}, "facet.mincount", "bilangan bulat"),
        ({"include_private": {"a": 1}}, "include_private", "true atau false"),
        ({"fl": {"a": 1}}, "fl", "daftar teks"),
    ])
    def test_json_body(self, app, portal, body, field, words):
        resp = app.post(SEARCH, json=body, status=409)
        assert words in _error(resp, field)

    def test_english_under_en(self, app, portal):
        resp = app.get("/en" + SEARCH, query_string={"rows": "ten"}, status=409)
        assert _error(resp, "rows") == '"rows" must be a whole number from 0 to 1000.'

    @pytest.mark.parametrize("params", [
        {"q": WORST_Q},
        {"q": "imunisasi", "rows": "1000", "start": "100000"},
        {"q": "imunisasi", "rows": 0, "start": 0, "facet.limit": -1, "facet.mincount": 0},
        {"q": 2024, "fq_list": ["tags:kesehatan"], "facet.field": ["tags", "organization"]},
        {"q": "imunisasi", "facet.field": '["tags"]', "include_private": True, "sort": "name asc"},
    ])
    def test_what_the_limits_allow_still_answers(self, app, portal, params):
        assert app.post(SEARCH, json=params, status=200).json["success"]

    def test_the_worst_allowed_query_over_get(self, app, portal):
        assert len(WORST_Q) <= 1000 and len(WORST_Q.split()) == 20
        resp = app.get(SEARCH, query_string={"q": WORST_Q, "rows": 1000}, status=200)
        assert resp.json["result"]["count"] == 0

    def test_other_actions_keep_the_length_limit(self, app, portal):
        resp = app.get(API + "organization_list", query_string={"q": "d" * 1001}, status=409)
        assert "terlalu panjang" in _error(resp, "q")
        assert app.get(API + "organization_list", query_string={"q": "din"}).json["result"] == ["dinkes"]


class TestSearchPage:
    @pytest.mark.parametrize("url, params, words", [
        ("/dataset/", {"q": "x" * 100_000}, "terlalu panjang"),
        ("/dataset/", {"q": "(a OR b) " * 100}, "terlalu banyak kata"),
        ("/dataset/", {"tags": "x" * 1001}, "terlalu panjang"),
        ("/dataset/", [("tags", f"t{i}") for i in range(51)], "terlalu banyak filter"),
        ("/dataset/", {"q": " ".join(["kata"] * 21)}, "terlalu banyak kata"),
        ("/dataset/", {"page": str(2 ** 70)}, "dari 1 sampai 5001"),
        ("/dataset/", {"page": "0"}, "bilangan bulat"),
        ("/dataset/", {"page": "dua"}, "bilangan bulat"),
        ("/dataset/", {"sort": "name asc," * 4}, "Urutan terlalu panjang"),
        ("/organization/dinkes", {"q": "x" * 1001}, "terlalu panjang"),
        ("/organization/dinkes", {"page": "-3"}, "bilangan bulat"),
        ("/group/", {"q": "x" * 1001}, "terlalu panjang"),
    ])
    def test_answers_400_with_the_message(self, app, portal, url, params, words):
        resp = app.get(url, query_string=params, status=400)
        assert words in _page(resp)

    def test_english_under_en(self, app, portal):
        resp = app.get("/en/dataset/", query_string={"page": "two"}, status=400)
        assert '"page" must be a whole number from 1 to 5001.' in _page(resp).replace("&#34;", '"')

    @pytest.mark.parametrize("params", [
        {"q": "imunisasi"}, {"tags": "kesehatan"}, {"q": "imunisasi", "page": "1", "sort": "name asc"},
        {"q": WORST_Q}, {"page": "5001"}, [("q", "a b c d e f g h i j k l m n o p q r s t")]
        + [("tags", f"t{i}") for i in range(50)],
    ])
    def test_what_the_limits_allow_still_answers(self, app, portal, params):
        app.get("/dataset/", query_string=params, status=200)


class TestFuzzyBounds:
    @pytest.mark.parametrize("q", ["x" * 1000, "imunisasi" * 5, "kesehatan " * 20])
    def test_long_words_are_matched_as_written(self, app, portal, q):
        # the longest the limits allow: matched as written, not through the
        # word list (100,000 letters made PostgreSQL refuse the affix pattern)
        assert app.get(SEARCH, query_string={"q": q}, status=200).json["success"]

    def test_typos_are_still_expanded_among_many_words(self, app, portal):
        q = "imunsasi " + " ".join(f"zzkata{i:02d}" for i in range(19))   # 20 words to expand
        resp = app.get(SEARCH, query_string={"q": q, "defType": "edismax", "mm": "1"}, status=200)
        assert resp.json["result"]["count"] == 1
        assert app.get(SEARCH, query_string={"q": "imunsasi"}).json["result"]["count"] == 1

    def test_at_most_ten_wildcard_words(self, app, portal):
        ten = " OR ".join(["im?nisasi"] + [f"k?ta{i}" for i in range(9)])
        assert app.get(SEARCH, query_string={"q": ten}, status=200).json["result"]["count"] == 1
        resp = app.get(SEARCH, query_string={"q": ten + " OR d?sar"}, status=409)
        assert _error(resp, "q") == ("Pencarian boleh memuat paling banyak 10 kata dengan "
                                     "karakter pengganti (* atau ?).")


class TestManyWords:
    """Free-text words that must match "at least k of n" (dismax ``mm``) run as
    one tsquery that the index answers (search/compile.py); same answers."""

    @pytest.mark.parametrize("q, found", [
        ("cakupan imunisasi dasar zzqwerty", 1),          # 3 of 4 words: enough
        ("cakupan zzqwerty zzasdfgh dasar", 0),           # 2 of 4: not
        ("cakupan imunisasi dasar kesehatan zza zzb", 1),  # 4 of 6: enough (80%)
        ("cakupan imunisasi dasar zza zzb zzc", 0),         # 3 of 6: not
        ("cakupan imunisasi dasar kesehatan dinas zza zzb zzc zzd zze zzf", 0),  # 11: per-row count
        ("cakupan imunisasi dasar kesehatan dinas " + "imunisasi " * 6, 1),
    ])
    def test_minimum_match(self, app, portal, q, found):
        resp = app.get(SEARCH, query_string={"q": q}, status=200)
        assert resp.json["result"]["count"] == found

    def test_or_and_fields(self, app, portal):
        def count(**params):
            return app.get(SEARCH, query_string=params, status=200).json["result"]["count"]
        assert count(q="zzqwerty OR imunisasi OR zzasdf") == 1
        assert count(q="zzqwerty OR zzasdf") == 0
        assert count(q="title:zzq OR title:dasar") == 1              # weight A in the tsquery
        assert count(q="title:zzq OR notes:zzr OR tags:kesehatan") == 1
        assert count(q="title:uji OR notes:zzr") == 0                # "uji" is in notes only
        assert count(q="title:zzq OR author:zzr") == 0               # author: per-row check
        assert count(q="cakupan imunisasi zzq -dasar") == 0
