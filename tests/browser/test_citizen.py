"""A citizen on a phone and on a desktop: searches, narrows the results to
one OPD, opens a dataset and downloads its file."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from .. import factories

FILE_NAME = "puskesmas-per-kecamatan.csv"
FILE_BODY = b"kecamatan,jumlah_puskesmas\nCiomas,3\nPabuaran,2\n"


@pytest.fixture(scope="module")
def catalogue(live_server, reset_db, migrate_db_for) -> SimpleNamespace:
    """Two OPDs with a published dataset on puskesmas each (one with an
    uploaded CSV), and one on something else; nothing in English."""
    from ..conftest import reset_portal
    live_server.configure()
    reset_portal(reset_db, migrate_db_for)
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan",
                                  description="Urusan kesehatan Kabupaten Serang.")
    bappeda = factories.OpdFactory(name="bappeda", title="Badan Perencanaan Pembangunan Daerah",
                                   description="Perencanaan pembangunan daerah.")
    editor = ckan_factories.User(name="petugas-dinkes", fullname="Petugas Dinkes")
    call_action("organization_member_create", id=dinkes["id"], username=editor["name"], role="editor")
    wanted = factories.Dataset(
        name="jumlah-puskesmas", title="Jumlah Puskesmas per Kecamatan", owner_org=dinkes["id"],
        notes="Jumlah puskesmas di setiap kecamatan, dari pendataan Dinas Kesehatan.",
        urusan="1.02", private=True)
    call_action("resource_create", {"user": editor["name"]}, package_id=wanted["id"],
                name="Tabel puskesmas per kecamatan", format="CSV",
                description="Satu baris per kecamatan.",
                upload=FileStorage(io.BytesIO(FILE_BODY), FILE_NAME, content_type="text/csv"))
    # its rows in the DataStore (as xloader leaves them: tests/preview) with a table and a chart
    table = call_action("package_show", id=wanted["id"])["resources"][0]
    as_editor = {"user": editor["name"]}
    call_action("datastore_create", dict(as_editor), resource_id=table["id"], force=True,
                fields=[{"id": "kecamatan", "type": "text"}, {"id": "jumlah_puskesmas", "type": "int"}],
                records=[{"kecamatan": "Ciomas", "jumlah_puskesmas": 3},
                         {"kecamatan": "Pabuaran", "jumlah_puskesmas": 2}])
    call_action("resource_view_create", dict(as_editor), resource_id=table["id"], view_type="datatables_view",
                title="Tabel")
    call_action("resource_view_create", dict(as_editor), resource_id=table["id"], view_type="satudata_chart",
                title="Puskesmas per kecamatan", chart_type="bar", x_field="kecamatan",
                y_fields=["jumlah_puskesmas"])
    factories.set_review_state(wanted["id"], "published")
    other = factories.Dataset(
        name="rencana-puskesmas", title="Rencana Pembangunan Puskesmas Baru",
        owner_org=bappeda["id"], notes="Lokasi puskesmas yang direncanakan.", urusan="5.01",
        resources=[{"url": "https://data.example.test/rencana.csv", "name": "Rencana",
                    "format": "CSV"}])
    factories.Dataset(name="panjang-jalan", title="Panjang Jalan Kabupaten", owner_org=bappeda["id"],
                      notes="Panjang jalan menurut kondisi.", urusan="1.03")
    return SimpleNamespace(dinkes=dinkes, bappeda=bappeda, wanted=wanted, other=other)


def _results(browser) -> list[str]:
    """The titles the result list shows, in order."""
    return [a.text.strip() for a in browser.shown(".dataset-list .dataset-heading a, .dataset-list h3 a")]


def test_citizen_finds_filters_opens_and_downloads(browser, catalogue, live_server):
    browser.open("/dataset/")
    browser.check_page()
    search = browser.css("#dataset-search-form input[name=q]")
    assert search.is_displayed(), "the search field is not on the screen"
    search.send_keys("puskesmas")
    browser.click(browser.shown("#dataset-search-form [type=submit]")[0])
    browser.wait(lambda d: "q=puskesmas" in d.current_url, "the search did not run")
    browser.wait(lambda d: len(_results(browser)) == 2, "two datasets on puskesmas expected")
    browser.check_page(heading=re.compile(r"\b2\b.*puskesmas"))
    assert set(_results(browser)) == {"Jumlah Puskesmas per Kecamatan",
                                      "Rencana Pembangunan Puskesmas Baru"}

    # narrow to one OPD with its filter (on a phone, behind "Saring hasil" or below the list)
    facet = f"a[href*='organization={catalogue.dinkes['name']}']"
    if not browser.shown(facet):
        toggles = browser.shown(".show-filters")
        if toggles:
            browser.click(toggles[0])
    browser.wait(lambda d: browser.shown(facet), f"no filter for {catalogue.dinkes['title']}")
    link = browser.shown(facet)[0]
    assert catalogue.dinkes["title"] in link.text
    browser.click(link)
    browser.wait(lambda d: "organization=dinkes" in d.current_url, "the filter did not apply")
    browser.wait(lambda d: _results(browser) == ["Jumlah Puskesmas per Kecamatan"],
                 "the filter should leave the Dinkes dataset only")
    browser.check_page(heading=re.compile(r"\b1\b.*puskesmas"))
    for close in browser.shown(".hide-filters"):     # a phone's filter panel, closed when done
        browser.click(close)

    # open the dataset: it starts with its title, the OPD and the file's download
    browser.click(browser.shown(".dataset-list a[href='/dataset/jumlah-puskesmas']")[0])
    browser.wait(lambda d: browser.path.startswith("/dataset/jumlah-puskesmas"))
    browser.check_page(heading="Jumlah Puskesmas per Kecamatan")
    heading = browser.shown("h1")[0]
    assert browser.top(heading) < browser.driver.execute_script("return window.innerHeight"), (
        f"the dataset's title starts {browser.top(heading)} px down at {browser.width} px")
    assert catalogue.dinkes["title"] in browser.text()
    download = _download_button(browser)
    asides = browser.shown("aside, .secondary")
    if asides and browser.width < 576:
        assert browser.top(download) < min(browser.top(a) for a in asides), (
            "on a phone the download comes after the sidebar")
    _downloads(live_server, download.get_attribute("href"))
    # its chart, drawn from the Data API, as wide as the screen at most
    browser.wait(lambda d: browser.css(".satudata-dataset-chart figure").get_attribute("data-drawn") == "2",
                 "the dataset's chart was not drawn")
    canvas = browser.css(".satudata-dataset-chart canvas")
    assert 0 < canvas.size["width"] <= browser.width and canvas.size["height"] >= 200

    # the file's own page offers the same download
    resource = _resource_id(catalogue)
    pages = browser.shown(f"a[href$='/resource/{resource}']")
    assert pages, "no link to the file's own page"
    browser.click(pages[0])
    browser.wait(lambda d: browser.path.endswith(f"/resource/{resource}"))
    browser.check_page(heading="Tabel puskesmas per kecamatan")
    _downloads(live_server, _download_button(browser).get_attribute("href"))
    # and its rows in the table view (CKAN's DataTables, in its frame)
    frame = browser.css("iframe")
    browser.driver.switch_to.frame(frame)
    try:
        browser.wait(lambda d: "Pabuaran" in d.find_element("tag name", "body").text,
                     "the table view shows no rows")
    finally:
        browser.driver.switch_to.default_content()
    browser.assert_indonesian()


def _resource_id(catalogue) -> str:
    return call_action("package_show", id=catalogue.wanted["id"])["resources"][0]["id"]


def _download_button(browser):
    """The download of the uploaded file, on the screen and large enough
    for a finger."""
    buttons = browser.shown(f"a[href$='/download/{FILE_NAME}']")
    assert buttons, f"no download of {FILE_NAME} shown on {browser.path}"
    button = buttons[0]
    assert button.text.strip(), "the download button has no label"
    if browser.width < 576:
        assert button.size["height"] >= 44, (
            f"the download button is {button.size['height']} px high on a phone (44 wanted)")
    return button


def _downloads(live_server, href: str) -> None:
    assert href.startswith(live_server.url), f"the download leads elsewhere: {href}"
    status, body, headers = live_server.get(href)
    assert status == 200, f"{href} answered {status}"
    assert body == FILE_BODY


def test_citizen_reads_the_monev_dashboard_and_a_quality_badge(browser, catalogue):
    """The dashboard's four charts drawn by the portal's own Chart.js, its
    table inside the screen, and the quality badge leading to the score."""
    browser.open("/monev")
    browser.check_page(heading="Monitoring dan Evaluasi")
    browser.wait(lambda d: d.execute_script(
        "return document.querySelector('[data-module=satudata-monev]').dataset.drawn === 'true'"),
        "the monev charts were not drawn")
    sizes = browser.driver.execute_script(
        "return [...document.querySelectorAll('.satudata-monev-charts canvas')]"
        ".map(c => [c.width, c.height, Chart.getChart(c) ? 1 : 0]);")
    assert len(sizes) == 4 and all(w > 0 and h > 0 and drawn for w, h, drawn in sizes), sizes
    assert "Dinas Kesehatan" in browser.text()
    browser.open("/dataset/jumlah-puskesmas")
    browser.check_page(heading="Jumlah Puskesmas per Kecamatan")
    badge = browser.shown(".satudata-fact-kualitas .satudata-kualitas")[0]
    assert badge.text.startswith("Kualitas: ")
    browser.click(badge)
    browser.wait(lambda d: browser.shown("#kualitas"), "the quality section is not there")
    assert "Kemudahan ditemukan" in browser.text()
    browser.assert_indonesian()
