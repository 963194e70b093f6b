"""An OPD officer and the walidata, on a phone and on a desktop.

The officer creates a dataset through the form, forgetting its title the
first time, adds its file and submits it for review; the walidata returns
it with a note; the officer reads the note, completes the dataset and
submits it again; the walidata approves it and publishes it, and a visitor
finds it."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from .. import factories
from .conftest import PASSWORD

NOTE = "Satuan belum diisi: lengkapi kolom Satuan (mis. unit)."


@pytest.fixture(scope="module")
def people(live_server, reset_db, migrate_db_for) -> SimpleNamespace:
    """Dinas Kesehatan with its officer (an editor), and the walidata."""
    from ..conftest import reset_portal
    live_server.configure()
    reset_portal(reset_db, migrate_db_for)
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan",
                                  description="Urusan kesehatan Kabupaten Serang.")
    officer = ckan_factories.User(name="petugas-dinkes", fullname="Siti Petugas", password=PASSWORD)
    call_action("organization_member_create", id=dinkes["id"], username=officer["name"],
                role="editor")
    walidata = factories.WalidataFactory(name="walidata", fullname="Budi Walidata",
                                         password=PASSWORD)
    return SimpleNamespace(dinkes=dinkes, officer=officer, walidata=walidata)


@pytest.fixture
def upload(tmp_path):
    path = tmp_path / "posyandu-aktif.csv"
    # with a total row among the data: its file check has one finding
    path.write_text("kecamatan,posyandu_aktif\nCiomas,41\nPabuaran,37\nJumlah,78\n", encoding="utf-8")
    return path


def _field_error(browser, name: str) -> str:
    """The message shown beside the field ``name`` (in its form group)."""
    from selenium.webdriver.common.by import By
    field = browser.css(f"[name='{name}']")
    groups = field.find_elements(By.XPATH, "./ancestor::*[contains(concat(' ', @class, ' '), ' form-group ')"
                                           " or contains(concat(' ', @class, ' '), ' control-group ')][1]")
    assert groups, f"the field {name!r} sits in no form group"
    messages = [e.text.strip() for e in groups[0].find_elements(
        By.CSS_SELECTOR, ".error-block, .invalid-feedback, .error-message, [class*='error']")
        if e.is_displayed() and e.text.strip()]
    return " ".join(messages)


def _save_button(browser, *values: str):
    """The form's button among ``values`` (its ``value``), else its last submit button."""
    for value in values:
        found = browser.shown(f"form [type=submit][value='{value}']")
        if found:
            return found[0]
    buttons = [b for b in browser.shown("form#dataset-edit [type=submit], form#resource-edit [type=submit]")]
    assert buttons, f"no button to save the form on {browser.path}"
    return buttons[-1]


def _state(browser) -> str:
    return browser.css(".satudata-review-banner, .lead").text


def _step(browser, step: str, note: str | None = None) -> None:
    """Take a review step on the dataset's review tab, as the buttons offer it."""
    if note is not None:
        browser.fill("note", note)
    buttons = browser.shown(f"button[name=step][value={step}]")
    assert buttons, f"no {step!r} button on {browser.path}; the page says: {browser.text()[:300]}"
    assert buttons[0].text.strip()
    if browser.width < 576:
        assert buttons[0].size["height"] >= 44, (
            f"the {step!r} button is {buttons[0].size['height']} px high on a phone (44 wanted)")
    browser.submit(buttons[0])


def _flash(browser) -> str:
    return " ".join(e.text for e in browser.shown(".flash-messages .alert, .alert-success"))


def _fits_the_phone(browser) -> None:
    """Every field, label, help text and button of the form, optional blocks
    opened, lies within the phone's width and is at least 44 px high to touch."""
    from selenium.webdriver.common.by import By
    adds = "form#dataset-edit a[name=repeating-add]"
    for index in range(len(browser.shown(adds))):
        # found again after each click: the opened block moves the ones below
        browser.click(browser.shown(adds)[index])
    out = browser.driver.execute_script("""
        const w = window.innerWidth, out = [];
        const sel = 'form#dataset-edit input:not([type=hidden]), form#dataset-edit select, ' +
                    'form#dataset-edit textarea, form#dataset-edit button, form#dataset-edit label, ' +
                    'form#dataset-edit .form-text, form#dataset-edit .info-block, form#dataset-edit .select2-selection';
        for (const e of document.querySelectorAll(sel)) {
          const r = e.getBoundingClientRect(), st = getComputedStyle(e);
          if (!r.width || st.visibility === 'hidden' || st.display === 'none') continue;
          const name = e.tagName.toLowerCase() + (e.name ? '[' + e.name + ']' : '') + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          if (r.left < -0.5 || r.right > w + 0.5) out.push(name + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
          // a select2 box is touched as a whole, not its inner search field
          const touch = (['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA'].includes(e.tagName) ||
                         e.classList.contains('select2-selection')) &&
                        !['checkbox', 'radio', 'file'].includes(e.type) &&
                        !e.classList.contains('select2-search__field');
          if (touch && r.height < 43.5) out.push(name + ' is ' + Math.round(r.height) + ' px high');
        }
        return out;""")
    opened = browser.driver.find_elements(By.CSS_SELECTOR, "[name^='ms_keg-0-']")
    assert opened, "the MS-Keg block did not open with its add button"
    assert out == [], f"the form does not fit a {browser.width} px phone: {out[:10]}"


def test_officer_creates_and_submits_walidata_returns_then_publishes(browser, people, upload,
                                                                     live_server):
    title = f"Jumlah Posyandu Aktif per Kecamatan {browser.width}"
    slug = f"jumlah-posyandu-aktif-{browser.width}"

    # -- the officer: a new dataset, its title forgotten at first
    browser.login(people.officer)
    browser.check_page()
    browser.open("/dataset/new")
    browser.check_page()
    if browser.width < 576:
        _fits_the_phone(browser)
        browser.open("/dataset/new")   # the opened blocks are not part of the journey
    # the form has no h1 of its own (CKAN's has none either): its title and first step say what it is
    assert re.search(r"(?i)\bdataset\b", browser.driver.title), browser.driver.title
    browser.fill("notes", "Jumlah posyandu yang aktif di setiap kecamatan, dari laporan puskesmas.")
    browser.select("urusan", "1.02")
    browser.select("frekuensi", "tahunan")
    browser.select("klasifikasi_akses", "terbuka")
    browser.submit(_save_button(browser, "continue"))
    browser.check_page()
    beside = _field_error(browser, "title")
    assert beside, f"no message beside the title field; the page says: {browser.text()[:500]}"
    summary = " ".join(e.text for e in browser.shown(".error-explanation, .alert-error, .alert-danger"))
    assert "Judul" in summary + beside, (
        f"the message does not name the title (Judul): beside {beside!r}, summary {summary!r}")
    assert "URL" not in beside, f"the title's message speaks of the URL: {beside!r}"

    browser.fill("title", title)
    name = browser.css("[name='name']")
    if name.is_displayed() and not name.get_attribute("value"):
        browser.fill("name", slug)
    browser.wait(lambda d: browser.css("[name='name']").get_attribute("value"),
                 "the URL was not filled from the title")
    if browser.css("[name='name']").get_attribute("value") != slug:
        browser.fill("name", slug) if browser.css("[name='name']").is_displayed() else None
    browser.submit(_save_button(browser, "continue"))
    assert "/resource/new" in browser.path, f"no step for the file after the form: {browser.path}"
    # the URL the form made from the title (its slug field is hidden until edited)
    slug = re.search(r"/dataset/([^/]+)/resource/new", browser.path).group(1)
    assert slug.startswith("jumlah-posyandu-aktif"), slug
    browser.check_page()

    # -- its file
    file_input = browser.css("input[type=file][name=upload]")
    file_input.send_keys(str(upload))
    browser.fill("name", "Tabel posyandu aktif")
    # the format is a select, left empty: it is recognised from the file name
    browser.submit(_save_button(browser, "go-metadata"))
    dataset = call_action("package_show", id=slug)
    assert browser.path.rstrip("/") == f"/dataset/{slug}", f"after saving: {browser.path}"
    assert [r["name"] for r in dataset["resources"]] == ["Tabel posyandu aktif"]
    assert dataset["resources"][0]["url_type"] == "upload"
    # the file check the upload queued, run as the background worker runs it (tests/quality)
    from ckanext.satudata.quality import jobs
    assert jobs.run(dataset["resources"][0]["id"], "")["error_count"] == 1
    browser.check_page(heading=title)
    assert "Draf" in _state(browser)

    # -- submitted for review, from the review tab
    browser.click(browser.css(f"a[href='/dataset/review/{slug}']"))
    browser.wait(lambda d: browser.path == f"/dataset/review/{slug}")
    browser.check_page()
    _step(browser, "submit")
    browser.check_page()
    assert "Diajukan" in _flash(browser) and "Diajukan" in _state(browser)
    assert call_action("satudata_review_history", id=slug)["state"] == "submitted"

    # -- the walidata returns it with a note
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.login(people.walidata)
    browser.open("/review")
    browser.check_page(heading="Antrean Tinjauan")
    browser.click(browser.shown(f"a[href='/dataset/review/{slug}']")[0])
    browser.wait(lambda d: browser.path == f"/dataset/review/{slug}")
    browser.check_page()
    assert "Diajukan" in _state(browser)
    # the file check is beside the review; its finding is quoted into the note
    browser.click(browser.shown("button.satudata-quote")[0])
    quoted = browser.css("[name='note']").get_attribute("value")
    assert quoted == "Tabel posyandu aktif: Baris 4 adalah total (\"Jumlah\"): total tidak termasuk data", quoted
    _step(browser, "return", note=NOTE)
    browser.check_page()
    assert "Dikembalikan" in _flash(browser)
    assert call_action("satudata_review_history", id=slug)["state"] == "returned"

    # -- the officer reads the note, completes the dataset and submits it again
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.login(people.officer)
    browser.open("/my-datasets")
    browser.check_page(heading="Dataset Saya")
    assert NOTE in browser.text() and "Dikembalikan" in browser.text()
    browser.click(browser.shown(f"a[href='/dataset/{slug}'], a[href='/dataset/review/{slug}']")[0])
    browser.wait(lambda d: slug in browser.path)
    browser.check_page()
    assert NOTE in browser.text()
    browser.open(f"/dataset/edit/{slug}")
    browser.check_page()
    browser.fill("satuan", "unit")
    browser.submit(_save_button(browser, "continue", "save"))
    assert call_action("package_show", id=slug)["satuan"] == "unit"
    browser.open(f"/dataset/review/{slug}")
    browser.check_page()
    _step(browser, "submit", note="Satuan sudah dilengkapi.")
    assert "Diajukan" in _flash(browser)

    # -- the walidata approves, then publishes
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.login(people.walidata)
    browser.open(f"/dataset/review/{slug}")
    browser.check_page()
    assert "Satuan sudah dilengkapi." in browser.text()
    _step(browser, "approve")
    browser.check_page()
    assert "Disetujui" in _flash(browser)
    _step(browser, "publish")
    browser.check_page()
    assert "Ditayangkan" in _flash(browser)
    assert call_action("satudata_review_history", id=slug)["state"] == "published"

    # -- and a visitor finds it
    browser.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.open(f"/dataset/{slug}")
    browser.check_page(heading=title)
    assert people.dinkes["title"] in browser.text()
    browser.assert_indonesian()
