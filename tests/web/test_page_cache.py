"""Anonymous pages and API reads come from Redis, and never stale."""
from __future__ import annotations

import threading

import pytest

from ckan.tests.helpers import call_action

from ckan.tests import factories as ckan_factories

from ckanext.satudata.web import page_cache

from tests import factories

pytestmark = [pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis"),
              pytest.mark.ckan_config("ckanext.satudata.page_cache.enabled", True)]

READS = ["/dataset/", "/dataset/?q=penduduk", "/en/dataset/", "/api/3/action/package_search?q=penduduk",
         "/catalog.ttl"]


def _cache(response) -> str | None:
    return response.headers.get("X-Satudata-Cache")


@pytest.fixture
def published():
    org = factories.OpdFactory(name="disdukcapil", title="Dinas Kependudukan")
    return factories.Dataset(name="jumlah-penduduk", title="Jumlah Penduduk 2024",
                             owner_org=org["id"], tags=[{"name": "penduduk"}])


def test_a_second_anonymous_read_is_kept_and_the_same(app, published):
    for url in READS + [f"/dataset/{published['name']}", f"/api/3/action/package_show?id={published['name']}"]:
        first = app.get(url)
        assert first.status_code == 200 and _cache(first) == "miss", url
        assert "Set-Cookie" not in first.headers, url
        second = app.get(url)
        assert _cache(second) == "hit", url
        assert second.get_data() == first.get_data(), url
        assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_a_change_is_seen_by_the_very_next_request(app, published):
    for url in READS:
        app.get(url)
    sysadmin = ckan_factories.SysadminWithToken()
    app.post("/api/3/action/package_patch", json={"id": published["id"], "title": "Penduduk Baru 2025"},
             headers={"Authorization": sysadmin["token"]})
    for url in ("/dataset/?q=penduduk", "/api/3/action/package_search?q=penduduk", "/catalog.ttl",
                f"/dataset/{published['name']}"):
        page = app.get(url)
        assert _cache(page) == "miss", url
        assert "Penduduk Baru 2025" in page.get_data(as_text=True), url
    # an OPD's new name reaches its pages and the dataset's at once
    call_action("organization_patch", {"user": sysadmin["name"]}, id="disdukcapil",
                title="Dinas Dukcapil Serang")
    assert "Dinas Dukcapil Serang" in app.get(f"/dataset/{published['name']}").get_data(as_text=True)


def test_logged_in_users_neither_fill_nor_read_it(app, published):
    user = ckan_factories.UserWithToken()
    mine = app.get("/dataset/", headers={"Authorization": user["token"]})
    assert _cache(mine) is None and user["name"] in mine.get_data(as_text=True)
    visitor = app.test_client(use_cookies=False)    # a browser of its own
    anonymous = visitor.get("/dataset/")
    assert _cache(anonymous) == "miss"     # the logged-in page was not kept
    assert user["name"] not in anonymous.get_data(as_text=True)
    assert _cache(visitor.get("/dataset/")) == "hit"
    assert _cache(app.get("/dataset/", headers={"Authorization": user["token"]})) is None
    assert _cache(visitor.get("/dataset/", headers={"Cookie": "ckan=abc"})) is None


def test_only_reads_are_kept(app, published):
    for url in ("/user/login", f"/dataset/{published['name']}/resource/x/download",
                "/api/3/action/user_list", "/dataset/activity/jumlah-penduduk"):
        assert _cache(app.get(url)) is None, url
    visitor = app.test_client(use_cookies=False)    # the login form opened a session
    missing = visitor.get("/dataset/tidak-ada")
    assert missing.status_code == 404 and _cache(missing) == "miss"
    assert _cache(visitor.get("/dataset/tidak-ada")) == "miss"     # errors are not kept


@pytest.mark.ckan_config("ckan.redis.url", "redis://127.0.0.1:1/0")
def test_without_redis_pages_are_served(app, published):
    for _ in range(2):
        page = app.get("/dataset/")
        assert page.status_code == 200 and "Jumlah Penduduk 2024" in page.get_data(as_text=True)
        assert _cache(page) == "miss"


def test_after_a_change_one_request_renders_and_the_others_wait_for_it(app, published, monkeypatch):
    rendered = []
    original = page_cache.PageCache._fill

    def counted(self, *args, **kwargs):
        rendered.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(page_cache.PageCache, "_fill", counted)
    bodies = []

    def visit():
        bodies.append(app.test_client(use_cookies=False).get("/dataset/").get_data())

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(bodies) == 4 and len(set(bodies)) == 1
    assert len(rendered) == 1          # the others waited for its page


@pytest.mark.ckan_config("apitoken_header_name", "X-Token-Satudata")
def test_a_token_in_a_renamed_header_is_a_login_too(app, published):
    user = ckan_factories.UserWithToken()
    mine = app.get("/api/3/action/package_search", headers={"X-Token-Satudata": user["token"]})
    assert _cache(mine) is None
    assert _cache(app.test_client(use_cookies=False).get("/api/3/action/package_search")) == "miss"
