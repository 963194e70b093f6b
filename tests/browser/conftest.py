"""A live portal (``tests/live.py``) and one headless Chromium for the journeys.

The browser is Debian's Chromium (``scripts/ensure-browser.sh``) driven by
selenium through ``/usr/bin/chromedriver``, one for the whole package; each
test starts with no cookies and sets its width (360 or 1280 px). A failed
test keeps a screenshot and the page's source in ``.local/browser-failures/``.
"""
from __future__ import annotations

import pathlib
import re
import time
from typing import Any, Callable

import pytest

from ..live import WAIT, LiveServer, serving  # noqa: F401 (LiveServer: the fixture's type)
from .english import english_in

ROOT = pathlib.Path(__file__).resolve().parents[2]
FAILURES = ROOT / ".local" / "browser-failures"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WIDTHS = (360, 1280)
HEIGHT = {360: 740, 1280: 900}
PASSWORD = "Sandi-Uji-2024"    # every journey user's


@pytest.fixture(scope="package")
def live_server():
    """The portal on http://127.0.0.1:<free port>, for the package's tests."""
    with serving() as live:
        yield live


@pytest.fixture(scope="package")
def _chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=id", "--window-size=1280,900", "--disable-extensions"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "id"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


class Browser:
    """The browser at one width, with what a person checks on each page."""

    def __init__(self, driver: Any, server: LiveServer, width: int) -> None:
        self.driver, self.server, self.width = driver, server, width
        self.english: dict[str, list[str]] = {}    # page: the English phrases on it
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": HEIGHT[width], "deviceScaleFactor": 1,
            "mobile": width < 576})
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": width < 576})

    # -- moving about
    def open(self, path: str) -> None:
        self.driver.get(self.server.url + path)

    @property
    def path(self) -> str:
        url = self.driver.current_url
        return url[len(self.server.url):] if url.startswith(self.server.url) else url

    def wait(self, condition: Callable[[Any], Any], message: str = "") -> Any:
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, WAIT).until(condition, message)

    def css(self, selector: str) -> Any:
        from selenium.webdriver.common.by import By
        return self.wait(lambda d: d.find_element(By.CSS_SELECTOR, selector),
                         f"no {selector!r} on {self.path}")

    def form_button(self, field_name: str, text: str | None = None) -> Any:
        """The submit button of the form holding the field ``field_name``
        (one whose text has ``text``, when given)."""
        from selenium.webdriver.common.by import By
        xpath = (f"//form[.//*[@name='{field_name}']]//*[(self::button or self::input)"
                 " and @type='submit']")
        if text:
            xpath += f"[contains(normalize-space(.), '{text}') or contains(@value, '{text}')]"
        return self.wait(lambda d: next((e for e in d.find_elements(By.XPATH, xpath)
                                         if e.is_displayed()), None),
                         f"no submit button by {field_name!r} ({text!r}) on {self.path}")

    def all(self, selector: str) -> list[Any]:
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def shown(self, selector: str) -> list[Any]:
        return [e for e in self.all(selector) if e.is_displayed()]

    def click(self, element: Any) -> None:
        """Click as a person would: scrolled into view first, then clicked
        where it is (selenium's click fails when something covers it)."""
        from selenium.common.exceptions import ElementClickInterceptedException
        deadline = time.monotonic() + WAIT
        while True:
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
            try:
                element.click()
                return
            except ElementClickInterceptedException:
                # a block opened by the previous click may still be moving
                # the page (a collapse's transition): scroll again and retry
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def submit(self, button: Any) -> None:
        """Click a form's button and wait for the next page."""
        from selenium.webdriver.support import expected_conditions as ec
        self.click(button)
        self.wait(ec.staleness_of(button), f"the form on {self.path} did not leave")

    def fill(self, name: str, value: str) -> Any:
        element = self.css(f"[name='{name}']")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        element.clear()
        element.send_keys(value)
        return element

    def select(self, name: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select
        element = self.css(f"select[name='{name}']")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
        Select(element).select_by_value(value)

    def login(self, user: dict[str, Any]) -> None:
        """Through CKAN's /user/login form, as a person signs in."""
        self.open("/user/login")
        self.fill("login", user["name"])
        self.fill("password", PASSWORD)
        self.submit(self.form_button("login"))
        assert "/user/login" not in self.path, f"{user['name']} could not log in: {self.text()[:400]}"

    # -- what a person reads
    def text(self) -> str:
        return self.driver.execute_script("return document.body.innerText")

    def heading(self) -> str:
        heads = [h.text.strip() for h in self.shown("main h1, [role=main] h1, h1")]
        return heads[0] if heads else ""

    def what_is_shown(self) -> str:
        """The visible text, the title, and what inputs show (placeholders,
        button values, labels only a screen reader reads aloud)."""
        return self.driver.execute_script("""
            const parts = [document.title, document.body.innerText];
            for (const e of document.querySelectorAll('input, textarea, button, a, img, select')) {
              if (!e.offsetParent && e.getClientRects().length === 0) continue;   // not shown
              for (const a of ['placeholder', 'aria-label', 'title', 'alt']) {
                if (e.getAttribute(a)) parts.push(e.getAttribute(a));
              }
              if (e.tagName === 'INPUT' && ['submit', 'button'].includes(e.type)) parts.push(e.value);
            }
            return parts.join('\\n');""")

    def top(self, element: Any) -> float:
        """How far down the page an element starts, in CSS pixels."""
        return self.driver.execute_script(
            "return arguments[0].getBoundingClientRect().top + window.scrollY;", element)

    def check_page(self, heading: str | re.Pattern[str] | None = None) -> None:
        """What a person checks on every page: its heading, that nothing
        scrolls sideways, that it speaks Indonesian, that it is no error."""
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")
        if heading is not None:
            found = self.heading()
            ok = heading.search(found) if isinstance(heading, re.Pattern) else heading in found
            assert ok, f"heading {found!r} on {self.path}, expected {heading!r}"
        scroll = self.driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];")
        assert scroll[0] <= scroll[1] and scroll[0] <= self.width, (
            f"{self.path} scrolls sideways at {self.width} px: "
            f"scrollWidth {scroll[0]} > innerWidth {scroll[1]}{self._widest()}")
        if self.width < 576:
            small = self.small_targets()
            assert not small, f"touch targets under 44 px on {self.path} at {self.width} px: {small}"
        english = english_in(self.what_is_shown())
        if english:
            self.english.setdefault(self.path, english)
        assert not self.server.server_errors, f"the portal answered {self.server.server_errors}"

    def small_targets(self) -> list[str]:
        """What can be touched and is under 44 px high (WCAG 2.5.5), other
        than a link inside a sentence (its line's height: 2.5.8's inline
        exception), a checkbox or radio (its 44 px label is the target), and
        what is hidden until focused (the skip link)."""
        return self.driver.execute_script("""
            const out = [];
            for (const e of document.querySelectorAll(
                'a[href], button, input, select, textarea, summary, [role=button]')) {
              if (e.type === 'hidden' || e.type === 'checkbox' || e.type === 'radio') continue;
              if (e.closest('.visually-hidden-focusable, .visually-hidden, .select2-hidden-accessible')) continue;
              if (e.closest('.select2-selection')) continue;     // the 44 px box around it is the target
              const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
              if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.opacity === '0') continue;
              if (r.height >= 43.5) continue;
              if (cs.display === 'inline') {
                const block = e.parentElement.closest('p, li, dd, dt, td, th, div, label, h1, h2, h3, h4, h5, h6');
                const own = (e.innerText || '').trim().length;
                if (block && block.innerText.trim().length > own + 2) continue;   // in running text
              }
              out.push(e.tagName.toLowerCase() + ' "' + (e.innerText || e.value || e.name || e.getAttribute('aria-label') || '').trim().slice(0, 30)
                       + '" ' + (e.getAttribute('href') || '').slice(0, 40) + ' ' + Math.round(r.height) + ' px');
            }
            return out;""")

    def assert_indonesian(self) -> None:
        """No English on any page the journey checked (collected by
        ``check_page``, so that one untranslated footer does not hide what
        the rest of the journey would find)."""
        if self.english:
            pages: dict[str, list[str]] = {}
            for path, found in self.english.items():
                for phrase in found:
                    pages.setdefault(phrase, []).append(path)
            pytest.fail(f"English on the Indonesian pages at {self.width} px: " + "; ".join(
                f"{phrase!r} on {', '.join(paths)}" for phrase, paths in pages.items()), pytrace=False)

    def _widest(self) -> str:
        """The elements that stick out, to say which part of the page is wide."""
        wide = self.driver.execute_script("""
            const w = window.innerWidth, out = [];
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.right > w + 0.5 && r.width > 0 && getComputedStyle(e).position !== 'fixed') {
                out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                         (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                         ' (right ' + Math.round(r.right) + ')');
              }
            }
            return out.slice(0, 5);""")
        return f"; sticking out: {wide}" if wide else ""


@pytest.fixture(autouse=True)
def _live_configuration(live_server):
    live_server.configure()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def browser(request, _chromium, live_server):
    """The shared Chromium at 360 and 1280 px, with no cookies left from
    the previous test; a failure keeps what the browser showed."""
    _chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})   # every site's, not the page's
    live_server.server_errors.clear()
    page = Browser(_chromium, live_server, request.param)
    request.node._browser = page
    yield page
    # leave the browser on a blank page, so the next test starts from nothing
    try:
        _chromium.get("about:blank")
    except Exception:  # noqa: BLE001 (a dead browser fails the next test anyway)
        pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure keep the screenshot and the page's source (and its
    address) in .local/browser-failures/, named after the test."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "_browser", None)
    if page is None or report.passed or report.when == "teardown" or getattr(report, "wasxfail", None):
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid.split("tests/browser/")[-1]).strip("_")
    try:
        page.driver.save_screenshot(str(FAILURES / f"{stem}.png"))
        (FAILURES / f"{stem}.html").write_text(
            f"<!-- {page.driver.current_url} -->\n{page.driver.page_source}", encoding="utf-8")
    except Exception as error:  # noqa: BLE001 (the failure itself matters more)
        report.sections.append(("browser", f"could not keep the page: {error!r}"))
        return
    report.sections.append(("browser", f"kept {FAILURES / stem}.png and .html ({page.driver.current_url})"))
