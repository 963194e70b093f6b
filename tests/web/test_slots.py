"""However many searches arrive, a few run at once; the rest of the portal
stays free."""
from __future__ import annotations

import hashlib
import os
import tempfile
import time

import pytest

import ckan.plugins.toolkit as tk

from ckanext.satudata.web.slots import Slots

from tests import factories


def test_slots_are_shared_and_given_back(tmp_path):
    slots = Slots(str(tmp_path), 2, wait_ms=50)
    first, second = slots.acquire(), slots.acquire()
    assert first is not None and second is not None
    started = time.monotonic()
    assert slots.acquire() is None                 # all taken: refused after the wait
    assert time.monotonic() - started >= 0.05
    Slots.release(first)
    third = slots.acquire()
    assert third is not None
    Slots.release(second)
    Slots.release(third)


@pytest.fixture(scope="module")
def dataset(reset_db, migrate_db_for):
    from tests.conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    org = factories.OpdFactory()
    return factories.Dataset(name="data-penduduk", title="Data Penduduk", owner_org=org["id"])


@pytest.fixture
def private_slots(monkeypatch, tmp_path):
    """The slot files of this test's app alone: the other pytest worker and
    the browser tests' server, with the same site id, search meanwhile and
    would take the single slot now and then. Before ``app`` builds the app."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.mark.usefixtures("with_plugins", "allow_503")
@pytest.mark.ckan_config("ckanext.satudata.search_slots", 1)
@pytest.mark.ckan_config("ckanext.satudata.search_slots.wait_ms", 30)
def test_a_search_without_a_free_slot_is_told_to_come_back(private_slots, app, dataset):
    site = hashlib.sha1(tk.config["ckan.site_id"].encode()).hexdigest()[:8]
    held = Slots(os.path.join(tempfile.gettempdir(), f"satudata-slots-{site}"), 1, 0).acquire()
    assert held is not None
    try:
        page = app.get("/dataset/?q=penduduk")
        assert page.status_code == 503 and page.headers["Retry-After"] == "1"
        assert "Portal sedang sibuk" in page.get_data(as_text=True)
        api = app.get("/api/3/action/package_search?q=penduduk")
        assert api.status_code == 503 and api.json["success"] is False
        english = app.get("/en/api/3/action/package_search?q=penduduk")
        assert "busy" in english.json["error"]["message"]
        # what is not a search is served as ever
        assert app.get("/dataset/data-penduduk").status_code == 200
        assert app.get("/api/3/action/package_show?id=data-penduduk").status_code == 200
    finally:
        Slots.release(held)
    assert app.get("/dataset/?q=penduduk").status_code == 200
    assert app.get("/api/3/action/package_search?q=penduduk").json["result"]["count"] == 1
