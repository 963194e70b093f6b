"""Smoke test of the portal's own pages over HTTP (portal/, views/portal.py)."""
import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
HTML = {"Accept": "text/html"}


def test_pages_render_and_api_keeps_json(app):
    assert "Tentang Satu Data Indonesia" in app.get("/tentang-satu-data", status=200).body
    about = app.get("/about", status=200).body
    assert 'id="pemda"' in about and "Powered by" not in about and "CKAN Association" not in about
    assert "catalog.ttl" in about and "favicon.svg" in about
    page = app.get("/api", headers=HTML, status=200).body
    assert "curl -G" in page and "http://test.ckan.net/api/3/action/package_search" in page
    assert "curl -G" in app.get("/api/", headers=HTML, status=200).body
    assert app.get("/api", headers={"Accept": "application/json"}, status=200).json == {"version": 1}
    assert app.get("/api/3", status=200).json == {"version": 3}
    assert app.get("/api/3/action/status_show", status=200).json["success"]
    assert app.get("/favicon.ico", status=200).content_type == "image/x-icon"
