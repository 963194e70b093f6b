"""The developers' and harvesters' page at ``/api`` over HTTP, and the DCAT
links of the footer and of a dataset's page.

Each example the page gives is run: its address answers, each public
``satudata_*`` action it lists answers a visitor, each feed address serves
its format. A script (curl's ``*/*``, ``application/json``) keeps CKAN's
``{"version": 1}`` at ``/api``."""
from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlsplit

import pytest

from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from tests import factories
from tests.browser.english import english_in_html

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
HTML = {"Accept": "text/html"}
_FILE = {"url": "https://data.example.go.id/penduduk.csv", "format": "CSV"}


@pytest.fixture
def catalogue():
    opd = factories.OpdFactory(name="dukcapil", title="Dinas Dukcapil")
    public = factories.Dataset(name="penduduk", title="Jumlah Penduduk", owner_org=opd["id"],
                               resources=[_FILE])
    draft = factories.DraftDataset(name="penduduk-draf", title="Penduduk Draf",
                                   owner_org=opd["id"], resources=[_FILE])
    return {"opd": opd, "public": public, "draft": draft}


def _local(url: str) -> str:
    """An absolute address of the portal (ckan.site_url) as the test app's path."""
    site = tk.config["ckan.site_url"].rstrip("/")
    assert url.startswith(site + "/"), f"{url} is not under ckan.site_url {site}"
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _hrefs(fragment: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', fragment)]


def _section(page: str, section_id: str) -> str:
    found = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert found, f"no section {section_id!r} on the page"
    return found.group(0)


def test_a_script_keeps_ckan_s_answer_and_a_browser_gets_the_page(app, catalogue):
    for accept in ("*/*", "application/json"):
        response = app.get("/api", headers={"Accept": accept}, status=200)
        assert response.json == {"version": 1}
        assert "Accept" in response.headers["Vary"]
    page = app.get("/api", headers=HTML, status=200)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<h1>API untuk pengembang</h1>" in page.body
    assert english_in_html(page.body) == []


def test_the_examples_name_real_data_and_each_one_answers(app, catalogue):
    page = app.get("/api", headers=HTML, status=200).body
    action = _section(page, "action")
    site = tk.config["ckan.site_url"].rstrip("/")
    commands = [html.unescape(c) for c in re.findall(r"<pre><code>(.*?)</code></pre>", action, re.S)]
    assert any(c.startswith(f"curl -G {site}/api/3/action/package_search") for c in commands), commands
    assert any("package_show?id=penduduk" in c for c in commands), commands
    assert "penduduk-draf" not in page
    answers = [u for u in _hrefs(action) if "/api/3/action/" in u]
    assert len(answers) >= 5, answers
    for url in answers:
        result = app.get(_local(url), status=200).json
        assert result["success"] is True, url
    shown = app.get(_local(next(u for u in answers if "package_show" in u)), status=200).json
    assert shown["result"]["name"] == "penduduk"


def test_every_listed_satudata_action_answers_a_visitor(app, catalogue):
    page = app.get("/api", headers=HTML, status=200).body
    listed = re.findall(r"<dt><code>(satudata_\w+)</code></dt>", _section(page, "satudata"))
    assert "satudata_vocabulary_list" in listed and "satudata_daftar_data_summary" in listed
    vocabulary = call_action("satudata_vocabulary_list")[0]["name"]
    params_of = {"satudata_vocabulary_show": {"id": vocabulary},
                 "satudata_schedule_show": {"id": "penduduk"},
                 "satudata_daftar_data_summary": {"tahun": datetime.date.today().year}}
    for name in listed:
        params = params_of.get(name, {})
        if name == "satudata_daftar_data_show":
            # no entry on this portal: a visitor is told it does not exist, not refused
            response = app.get(f"/api/3/action/{name}", params={"id": "tidak-ada"}, status=404)
            assert response.json["error"]["__type"] == "Not Found Error"
            continue
        response = app.get(f"/api/3/action/{name}", params=params, status=200)
        assert response.json["success"] is True, name


def test_the_feed_addresses_serve_their_formats(app, catalogue):
    page = app.get("/api", headers=HTML, status=200).body
    dcat = _section(page, "dcat")
    feeds = [u for u in _hrefs(dcat) if "/catalog." in u]
    assert [u.rsplit(".", 1)[1] for u in feeds] == ["ttl", "rdf", "xml", "jsonld"]
    for url in feeds:
        response = app.get(_local(url), status=200)
        assert "penduduk" in response.body and "penduduk-draf" not in response.body
    turtle = app.get(_local(feeds[0]), status=200)
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    commands = [html.unescape(c) for c in re.findall(r"<pre><code>(.*?)</code></pre>", dcat, re.S)]
    since = next(c for c in commands if "modified_since" in c)
    value = re.search(r"modified_since=([^' ]+)", since).group(1)
    assert "penduduk" in app.get("/catalog.ttl", params={"modified_since": value}, status=200).body


def test_the_code_lists_link_their_pages(app, catalogue):
    page = app.get("/api", headers=HTML, status=200).body
    vocab = _section(page, "vocab")
    names = [v["name"] for v in call_action("satudata_vocabulary_list")]
    assert re.findall(r"</a> <code>([\w-]+)</code>", vocab) == names
    first = [u for u in _hrefs(vocab) if u.startswith("/")][0]
    assert app.get(first, headers=HTML, status=200)


def test_the_page_in_english(app, catalogue):
    page = app.get("/en/api", headers=HTML, status=200).body
    assert "<h1>API for developers</h1>" in page and '<html lang="en"' in page


def test_the_footer_and_a_published_dataset_link_the_feed(app, catalogue):
    page = app.get("/dataset/penduduk", headers=HTML, status=200).body
    footer = re.search(r"<footer.*?</footer>", page, re.S).group(0)
    assert "/catalog.ttl" in footer and "/api" in footer
    links = re.search(r'<section class="satudata-dcat-links">.*?</section>', page, re.S).group(0)
    own = [u for u in _hrefs(links) if "/dataset/penduduk." in u]
    assert [u.rsplit(".", 1)[1] for u in own] == ["ttl", "rdf", "jsonld"]
    for url in own:
        assert "Jumlah Penduduk" in app.get(url, status=200).body


def test_a_draft_s_page_offers_no_feed_links(app, catalogue):
    from ckan.tests import factories as ckan_factories
    sysadmin = ckan_factories.SysadminWithToken()
    page = app.get("/dataset/penduduk-draf", status=200,
                   headers={**HTML, "Authorization": sysadmin["token"]}).body
    assert "Penduduk Draf" in page
    assert 'class="satudata-dcat-links"' not in page


def _table(dataset, rows):
    """A table in the DataStore for the dataset's first file, as xloader
    leaves it (written by the site user, as its job does)."""
    resource_id = dataset["resources"][0]["id"]
    site_user = call_action("get_site_user")["name"]
    call_action("datastore_create", {"user": site_user}, resource_id=resource_id, force=True,
                fields=[{"id": "kecamatan", "type": "text"}, {"id": "jumlah", "type": "int"}],
                records=rows)
    return resource_id


def test_the_data_api_examples_read_a_loaded_table(app, catalogue):
    opd = catalogue["opd"]
    terbatas = factories.Dataset(name="penduduk-nik", owner_org=opd["id"], resources=[_FILE],
                                 klasifikasi_akses="terbatas")
    _table(terbatas, [{"kecamatan": "Rahasia", "jumlah": 1}])
    public = _table(catalogue["public"], [{"kecamatan": "Ciomas Barat", "jumlah": 41},
                                          {"kecamatan": "Pabuaran", "jumlah": 37}])
    page = app.get("/api", headers=HTML, status=200).body
    section = _section(page, "datastore")
    commands = [html.unescape(c) for c in re.findall(r"<pre><code>(.*?)</code></pre>", section, re.S)]
    assert len(commands) == 5 and all(public in c for c in commands), commands
    answers = [u for u in _hrefs(section) if "/api/3/action/datastore_" in u]
    assert len(answers) == 5, answers
    for url in answers:
        result = app.get(_local(url), status=200).json["result"]
        if "records" in result:                          # datastore_search
            if "offset=10" not in url:                   # the next page of two rows is empty
                assert result["records"], url
            if "filters=" in url or "q=" in url:
                assert [r["kecamatan"] for r in result["records"]] == ["Ciomas Barat"], url
        else:                                            # datastore_info
            assert [f["id"] for f in result["fields"]] == ["kecamatan", "jumlah"]
    assert "datastore_search_sql" in section and "Rahasia" not in page


def test_the_datastore_s_table_list_is_no_one_s(app, catalogue):
    """``_table_metadata`` would name every table (Terbatas and drafts too):
    asked for, it answers as a resource id without a table, a sysadmin too."""
    from ckan.tests import factories as ckan_factories
    _table(catalogue["public"], [{"kecamatan": "Ciomas", "jumlah": 41}])
    sysadmin = ckan_factories.SysadminWithToken()

    def error(resource_id, user=None):
        headers = {"Authorization": user["token"]} if user else {}
        return app.get("/api/3/action/datastore_search", params={"resource_id": resource_id},
                       headers=headers, status=404).json["error"]
    missing = {k: v.replace("tidak-ada", "_table_metadata") for k, v in error("tidak-ada").items()}
    assert error("_table_metadata") == missing
    assert error("_table_metadata", sysadmin) == missing
    assert missing["__type"] == "Not Found Error"
