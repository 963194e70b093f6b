"""A statement that overruns the web timeout answers 503 and holds nothing.

The slow statement is a real one: another connection holds a lock on the
search index, so the search (or the index write) of the request waits for
it until PostgreSQL cancels it at ``ckanext.satudata.statement_timeout``.
"""
from __future__ import annotations

import contextlib
import threading
import time

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.satudata.web import timeouts

from tests import factories

TIMEOUT_MS = 200
pytestmark = [pytest.mark.usefixtures("with_plugins"),
              pytest.mark.ckan_config("ckanext.satudata.statement_timeout", f"{TIMEOUT_MS}ms")]

SEARCH = "/api/3/action/package_search"


@pytest.fixture(scope="module")
def portal(reset_db, migrate_db_for):
    """One OPD and one dataset, built once (the tests write nothing that stays)."""

    from tests.conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    org = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    dataset = factories.Dataset(name="imunisasi", title="Cakupan Imunisasi", owner_org=org["id"])
    return {"sysadmin": ckan_factories.SysadminWithToken(), "dataset": dataset}


@contextlib.contextmanager
def index_locked(at_most: float = 3.0):
    """Another connection holds the search index locked until the block
    ends, or ``at_most`` seconds: without a timeout a request waits that
    long and the test fails instead of hanging."""
    held, release = threading.Event(), threading.Event()

    def hold():
        with model.meta.engine.connect() as conn:
            conn.execute(sa.text("LOCK TABLE satudata_search_doc IN ACCESS EXCLUSIVE MODE"))
            held.set()
            release.wait(at_most)
            conn.rollback()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join(10)


@pytest.fixture
def fresh_session():
    """A request starts with no transaction open, as in production (CKAN
    removes the session after each request)."""
    model.Session.remove()
    yield
    model.Session.remove()


@pytest.mark.usefixtures("allow_503", "fresh_session")
class TestOverrun:
    def test_api_answers_503_in_indonesian_then_works_again(self, app, portal):
        started = time.perf_counter()
        with index_locked():
            resp = app.get(SEARCH, query_string={"q": "imunisasi"}, status=503)
        assert time.perf_counter() - started < 5
        assert resp.headers["Retry-After"] == str(timeouts.RETRY_AFTER)
        assert resp.json["success"] is False
        assert resp.json["error"]["__type"] == "Service Unavailable"
        assert "terlalu lama" in resp.json["error"]["message"]
        assert "Traceback" not in resp.get_data(as_text=True)
        after = app.get(SEARCH, query_string={"q": "imunisasi"}, status=200)
        assert after.json["result"]["count"] == 1

    def test_english_under_en(self, app, portal):
        with index_locked():
            resp = app.get("/en" + SEARCH, query_string={"q": "imunisasi"}, status=503)
        assert resp.json["error"]["message"].startswith("The database took too long to answer")

    def test_dataset_page_answers_503_with_the_error_page(self, app, portal):
        with index_locked():
            resp = app.get("/dataset/", query_string={"q": "imunisasi"}, status=503)
        assert "Basis data terlalu lama menjawab" in resp.get_data(as_text=True)
        assert resp.headers["Retry-After"] == str(timeouts.RETRY_AFTER)
        assert "Cakupan Imunisasi" in app.get("/dataset/", query_string={"q": "imunisasi"},
                                              status=200).get_data(as_text=True)

    def test_a_write_that_overruns_writes_nothing(self, app, portal):
        headers = {"Authorization": portal["sysadmin"]["token"]}
        with index_locked():       # package_patch waits to write its search document
            app.post("/api/3/action/package_patch", headers=headers, status=503,
                     json={"id": "imunisasi", "title": "Judul Setengah Jadi"})
        assert call_action("package_show", id="imunisasi")["title"] == "Cakupan Imunisasi"
        found = app.get(SEARCH, query_string={"q": "title:setengah"}, status=200)
        assert found.json["result"]["count"] == 0


@pytest.mark.usefixtures("fresh_session")
class TestOnlyWebRequests:
    def test_statements_outside_a_request_wait_as_long_as_needed(self, portal):
        """CLI commands and the background worker are not limited: a search
        that waits longer than the web timeout for the lock still answers."""
        result: dict = {}

        def search():
            try:
                result["count"] = call_action("package_search", q="imunisasi")["count"]
            finally:
                model.Session.remove()

        with index_locked(at_most=10):
            worker = threading.Thread(target=search)
            worker.start()
            time.sleep(TIMEOUT_MS * 3 / 1000)
            assert worker.is_alive()            # still waiting, not cancelled
        worker.join(10)
        assert result == {"count": 1}

    def test_zero_turns_it_off(self, app, portal, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.satudata.statement_timeout", "0")
        holder: dict = {}

        def request():
            holder["status"] = app.get(SEARCH, query_string={"q": "imunisasi"}).status_code

        with index_locked(at_most=10):
            worker = threading.Thread(target=request)
            worker.start()
            time.sleep(TIMEOUT_MS * 3 / 1000)
            assert worker.is_alive()
        worker.join(10)
        assert holder == {"status": 200}

    def test_a_bad_setting_stops_the_start(self, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.satudata.statement_timeout", "five seconds")
        with pytest.raises(ValueError, match="statement_timeout"):
            timeouts.install(object())      # the setting is checked before the app is touched
