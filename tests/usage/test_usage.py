"""Views and downloads counted with CKAN's tracking (``usage/``): reports
posted to ``/_tracking`` as ``tracking.js`` sends them, one count per
visitor and day, rolled up by ``ckan tracking update`` and shown on the
dataset page, the search cards, the files, the home page and the
"Populer" sort; bad reports get a 400, never a 500."""
from __future__ import annotations

import datetime
import html
import re

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.lib.redis import connect_to_redis
from ckan.tests.helpers import call_action

from tests import factories
from ckanext.satudata.usage import record, seam

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _report(app, url, kind="page", agent="Mozilla/5.0 (Linux; Android 14)", status=204):
    return app.post("/_tracking", data={"url": url, "type": kind},
                    headers={"User-Agent": agent}, status=status)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _rows() -> list[tuple[str, str, str]]:
    return model.Session.execute(sa.text(
        "SELECT user_key, url, tracking_type FROM tracking_raw ORDER BY url, user_key")).all()


def test_views_and_downloads_are_counted_once_per_visitor_and_shown(app, cli):
    from ckanext.tracking.cli.tracking import tracking
    org = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    file_url = "https://data.example.go.id/posyandu.csv"
    factories.Dataset(name="sering", title="Dataset Sering", owner_org=org["id"],
                      resources=[{"url": file_url, "format": "CSV", "name": "Tabel"}])
    factories.Dataset(name="sekali", title="Dataset Sekali", owner_org=org["id"])
    factories.Dataset(name="tidak-dilihat", title="Dataset Tidak Dilihat", owner_org=org["id"])
    # the page sends tracking.js (CKAN's tracking plugin) and the download button is tracked
    page = app.get("/dataset/sering").body
    assert "tracking.js" in page and 'class="btn btn-primary resource-url-analytics' in page
    for visitor in ("A", "B", "C"):
        _report(app, "/dataset/sering", agent=f"Browser {visitor}")
    _report(app, "/dataset/sering", agent="Browser A")          # the same visitor again today
    _report(app, "/dataset/sekali")
    _report(app, file_url, kind="resource", agent="Browser A")
    _report(app, file_url, kind="resource", agent="Browser B")
    _report(app, "https://elsewhere.example.org/x.csv", kind="resource")   # no file of ours
    rows = _rows()
    assert len(rows) == 7                                        # the repeat is not stored
    # the key is a salted hash: neither the address nor the browser is in it
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) and "Browser" not in key for key, _, _ in rows)
    result = cli.invoke(tracking, ["update", str(datetime.date.today() - datetime.timedelta(days=1))])
    assert result.exit_code == 0, result.output

    shown = call_action("package_show", id="sering")
    assert shown["tracking_summary"] == {"total": 3, "recent": 3}
    assert shown["resources"][0]["tracking_summary"] == {"total": 2, "recent": 2}
    facts = _text(app.get("/dataset/sering", extra_environ={"HTTP_ACCEPT_LANGUAGE": "id"}).body)
    assert "Dilihat 3 kali (3 dalam 14 hari terakhir)" in facts
    assert "Diunduh 2 kali" in facts and "Diunduh 2 kali" in facts
    # the most viewed first: the search's sort, the cards and the home page
    found = call_action("package_search", sort="views_recent desc", rows=3)
    assert [d["name"] for d in found["results"]][:2] == ["sering", "sekali"]
    assert found["results"][0]["tracking_summary"]["total"] == 3
    search = _text(app.get("/dataset/?sort=views_recent+desc,+views_total+desc,+metadata_modified+desc").body)
    assert search.index("Dataset Sering") < search.index("Dataset Sekali") \
        < search.index("Dataset Tidak Dilihat")
    assert "Dilihat 3 kali" in search and "Populer" in search
    home = app.get("/").body
    most_used = _text(re.search(r'<section id="home-most-used".*?</section>', home, re.S).group(0))
    assert most_used.index("Dataset Sering") < most_used.index("Dataset Sekali")
    assert "Dataset Tidak Dilihat" not in most_used
    figures = _text(re.search(r'<ul class="satudata-home-figures".*?</ul>', home, re.S).group(0))
    assert "2 Unduhan" in figures                       # the file's two, not the stranger's


@pytest.mark.parametrize("data, field", [
    ({"url": "/dataset/x", "type": "klik"}, "type"),
    ({"url": "", "type": "page"}, "url"),
    ({"type": "page"}, "url"),
    ({"url": "/dataset/" + "x" * 2000, "type": "page"}, "url"),
])
def test_a_bad_report_gets_a_400_naming_the_field_and_stores_nothing(app, data, field):
    response = app.post("/_tracking", data=data, status=400)
    assert field in response.json["error"]
    assert _rows() == []


def test_bodies_the_upstream_parser_failed_on_get_a_4xx_not_a_500(app):
    # a pair without "=", no User-Agent: ckanext-tracking's after_request raised on both
    app.post("/_tracking", data="url=/dataset/x&type", headers={
        "Content-Type": "application/x-www-form-urlencoded"}, status=400)
    app.post("/_tracking", data={"url": "/dataset/x", "type": "page"},
             extra_environ={"HTTP_USER_AGENT": ""}, status=204)
    assert len(_rows()) == 1
    app.post("/_tracking", data={"url": "/dataset/\x00", "type": "page"}, status=400)


def test_the_salt_is_drawn_per_day_and_expires_so_keys_cannot_be_recomputed():
    visitor = {"address": "10.1.2.3", "agent": "Browser A"}
    today = datetime.date(2026, 12, 6)
    assert record.visitor_key(visitor, today) == record.visitor_key(visitor, today)
    assert record.visitor_key(visitor, today) != record.visitor_key(visitor, today + datetime.timedelta(1))
    ttl = connect_to_redis().ttl("satudata:usage:salt:2026-12-06")
    assert 0 < ttl <= record.SALT_SECONDS


def test_the_seam_replaces_what_upstream_still_uses():
    from ckanext.tracking import middleware, plugin as upstream
    seam.install()
    # upstream's make_middleware reads the module global the seam replaced
    assert "track_request" in upstream.TrackingPlugin.make_middleware.__code__.co_names
    assert upstream.track_request is not middleware.track_request
    assert upstream.TrackingPlugin.after_dataset_show.__module__ == seam.__name__
    assert upstream.TrackingPlugin.after_dataset_search.__module__ == seam.__name__
    # and the figures upstream reads one by one are the same
    assert "get_for_package" in dir(upstream.TrackingSummary)


def test_the_index_fields_are_upstreams_read_once_a_batch():
    """The views a search document carries (the "Populer" sort) are what
    upstream's ``before_dataset_index`` puts there, one by one or in a
    bulk batch."""
    from ckanext.tracking import plugin as upstream
    from ckanext.satudata.search import hooks
    seam.install()
    org = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    viewed = factories.Dataset(name="dilihat", owner_org=org["id"])
    unseen = factories.Dataset(name="belum-dilihat", owner_org=org["id"])
    for day, total, recent in ((datetime.date(2026, 12, 1), 5, 5), (datetime.date(2026, 12, 2), 9, 7)):
        model.Session.execute(sa.text(
            "INSERT INTO tracking_summary (url, package_id, tracking_type, count, running_total, "
            "recent_views, tracking_date) VALUES ('/dataset/dilihat', :pid, 'page', 1, :total, "
            ":recent, :day)"), {"pid": viewed["id"], "total": total, "recent": recent, "day": day})
    model.Session.commit()
    plugin = upstream.TrackingPlugin()

    def doc(pkg):
        return {"id": pkg["id"], "tracking_summary": {}, "resources": [{"tracking_summary": {}}]}

    expected = {p["id"]: seam.UPSTREAM["before_dataset_index"](plugin, doc(p)) for p in (viewed, unseen)}
    assert expected[viewed["id"]]["views_total"] == 9 and expected[viewed["id"]]["views_recent"] == 7
    assert upstream.TrackingPlugin.before_dataset_index is not seam.UPSTREAM["before_dataset_index"]
    one_by_one = {p["id"]: plugin.before_dataset_index(doc(p)) for p in (viewed, unseen)}
    with hooks.batch(model.Session, [viewed["id"], unseen["id"]]):
        batched = {p["id"]: plugin.before_dataset_index(doc(p)) for p in (viewed, unseen)}
    assert one_by_one == batched == expected
