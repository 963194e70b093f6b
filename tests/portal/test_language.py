"""The portal in Indonesian, and in English when asked for, over HTTP:

- the API's error messages (not found, validation, authorization) come in
  the request's language: Indonesian by default, English under ``/en/``
  (CKAN picks the language from the URL only, not from Accept-Language);
- the footer's language links lead to the same page in the other language
  and back;
- the Indonesian pages of the journeys (home, search, a dataset, login and
  its flash message, an officer's dashboard, the 404 and 403 pages) show
  none of the English of tests/browser/english.py."""
from __future__ import annotations

import html
import re

import pytest

from tests import factories
from tests.browser.english import english_in, english_in_html

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
HTML = {"Accept": "text/html"}
_FILE = {"url": "https://data.example.go.id/penduduk.csv", "format": "CSV"}


@pytest.fixture
def officer():
    """A produsen data (editor of an OPD) with a published dataset."""
    user = factories.OpdEditorFactory(fullname="Rina Marlina")
    dataset = factories.Dataset(name="penduduk", title="Jumlah Penduduk", user=user,
                                owner_org=user["opd_id"], resources=[_FILE])
    return {**user, "headers": {"Authorization": user["token"], **HTML}, "dataset": dataset}


def _error(response) -> dict:
    assert response.json["success"] is False
    return response.json["error"]


# -- the API -----------------------------------------------------------------

@pytest.mark.parametrize("prefix, message", [
    ("", "Tidak ditemukan"), ("/en", "Not found")])
def test_a_missing_dataset_is_not_found_in_the_request_language(app, prefix, message):
    response = app.get(prefix + "/api/3/action/package_show?id=does-not-exist", status=404)
    assert _error(response) == {"__type": "Not Found Error", "message": message}


def test_the_api_language_is_the_url_s_not_accept_language(app):
    response = app.get("/api/3/action/package_show?id=does-not-exist",
                       headers={"Accept-Language": "en"}, status=404)
    assert _error(response)["message"] == "Tidak ditemukan"


@pytest.mark.parametrize("prefix, expected", [
    ("", {"name": ["Hanya boleh huruf kecil, angka (ASCII), dan simbol -_"],
          "notes": ["Wajib diisi"],
          "frekuensi": ["setiap-detik tidak ada dalam daftar Frekuensi Pemutakhiran"]}),
    ("/en", {"name": ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"],
             "notes": ["Required"],
             "frekuensi": ["setiap-detik is not in the list of Update frequency"]}),
])
def test_validation_errors_are_in_the_request_language(app, officer, prefix, expected):
    response = app.post(prefix + "/api/3/action/package_create", status=409,
                        headers={"Authorization": officer["token"]},
                        json={"name": "Data Penduduk!", "title": "Data Penduduk",
                              "owner_org": officer["opd_id"], "frekuensi": "setiap-detik",
                              "urusan": "2.12", "klasifikasi_akses": "terbuka"})
    error = _error(response)
    assert error.pop("__type") == "Validation Error"
    assert error == expected


@pytest.mark.parametrize("prefix, message", [("", "Wajib diisi"), ("/en", "Missing value")])
def test_core_validation_messages_are_in_the_request_language(app, prefix, message):
    response = app.get(prefix + "/api/3/action/package_show", status=409)
    assert _error(response)["name_or_id"] == [message]


@pytest.mark.parametrize("prefix, message", [
    ("", "Akses ditolak: Masuk untuk melihat antrean tinjauan"),
    ("/en", "Access denied: Sign in to see the review queue")])
def test_an_action_needing_a_login_refuses_a_visitor_in_the_request_language(app, prefix, message):
    response = app.get(prefix + "/api/3/action/satudata_review_list", status=403)
    assert _error(response) == {"__type": "Authorization Error", "message": message}


@pytest.mark.parametrize("lang, message", [("id", "Silakan masuk terlebih dahulu"),
                                           ("en", "Log in first")])
def test_core_s_untranslatable_login_message_is_translated(app, lang, message):
    """CKAN's literal "Action … requires an authenticated user" (no ``_()``),
    which ``ckan.authz.is_authorized`` answers a call without a user object
    (a view's own context), comes translated (lang/auth_messages.py); CKAN's
    decision is unchanged."""
    import ckan.authz as authz
    # the language CKAN's I18nMiddleware gives a request under /en/ or /
    with app.flask_app.test_request_context("/", environ_overrides={"CKAN_LANG": lang}):
        answer = authz.is_authorized("follow_dataset", {"user": "", "auth_user_obj": None},
                                     {"id": "x"})
    assert answer == {"success": False, "msg": message}


def test_a_visitor_s_dataset_creation_is_refused_in_indonesian(app):
    response = app.post("/api/3/action/package_create", json={"name": "x"}, status=403)
    message = _error(response)["message"]
    assert message.startswith("Akses ditolak") and "not authorized" not in message
    assert "Pengguna" in message or "tidak" in message.lower(), message


@pytest.mark.parametrize("prefix, unknown, not_json", [
    ("", "Permintaan tidak sah: tidak ada aksi bernama no_such_action",
     "Permintaan tidak sah: badan permintaan harus berupa objek JSON"),
    ("/en", "Bad request: no action is called no_such_action",
     "Bad request: the request body must be a JSON object")])
def test_a_bad_request_is_explained_in_the_request_language(app, prefix, unknown, not_json):
    """CKAN's api view builds these from English literals (ckan/views/api.py,
    no ``_()``): web/limits.py answers them first, in CKAN's shape."""
    answer = app.get(prefix + "/api/3/action/no_such_action", status=400).json
    assert answer == {"success": False, "error": {"__type": "Bad request", "message": unknown}}
    for body in ("{not json", "[1, 2]", '"text"'):
        answer = app.post(prefix + "/api/3/action/package_search", data=body,
                          headers={"Content-Type": "application/json"}, status=400).json
        assert answer["error"] == {"__type": "Bad request", "message": not_json}, body


# -- the language switch -------------------------------------------------------

def _language_links(page: str) -> dict[str, str]:
    """The footer's language links: {language: href}; the current one is not a link."""
    nav = re.search(r'<nav class="satudata-lang".*?</nav>', page, re.S)
    assert nav, "no language switch on the page"
    return {lang: html.unescape(href) for href, lang in
            re.findall(r'<a href="([^"]+)"[^>]*\bhreflang="([\w-]+)"', nav.group(0))}


def _current_language(page: str) -> str:
    return re.search(r'<nav class="satudata-lang".*?<strong lang="([\w-]+)"', page, re.S).group(1)


@pytest.mark.parametrize("path", ["/dataset/penduduk", "/dataset/?q=penduduk&frekuensi=tahunan"])
def test_the_language_switch_keeps_the_page(app, officer, path):
    indonesian = app.get(path, headers=HTML, status=200).body
    assert _current_language(indonesian) == "id" and '<html lang="id"' in indonesian
    to_english = _language_links(indonesian)
    assert to_english == {"en": "/en" + path}

    english = app.get(to_english["en"], headers=HTML, status=200).body
    assert _current_language(english) == "en" and '<html lang="en"' in english
    assert "Jumlah Penduduk" in english
    back = _language_links(english)
    assert back == {"id": path}
    assert _current_language(app.get(back["id"], headers=HTML, status=200).body) == "id"


# -- no English on the Indonesian pages ----------------------------------------

def _csrf(page: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)


def _pages(app, headers, paths: dict[str, tuple[str, int]]) -> dict[str, str]:
    """{name: (path, expected status)} fetched as {name: body}."""
    return {name: app.get(path, headers=headers, status=status).body
            for name, (path, status) in paths.items()}


VISITOR_PAGES = {
    "home": ("/", 200), "search": ("/dataset/?q=penduduk", 200),
    "search, nothing found": ("/dataset/?q=tidakadasamasekali", 200),
    "dataset": ("/dataset/penduduk", 200), "organizations": ("/organization/", 200),
    "login": ("/user/login", 200), "password reset": ("/user/reset", 200),
    "404": ("/dataset/tidak-ada", 404), "404, no such page": ("/halaman-tidak-ada", 404),
    "403": ("/dataset/new", 403),
}
OFFICER_PAGES = {
    "dashboard": ("/dashboard/", 200), "my datasets": ("/dashboard/datasets", 200),
    "my organizations": ("/dashboard/organizations", 200), "dataset": ("/dataset/penduduk", 200),
    "dataset edit": ("/dataset/edit/penduduk", 200), "403": ("/ckan-admin", 403),
    "dataset activity": ("/dataset/activity/penduduk", 200),
    "dataset groups": ("/dataset/groups/penduduk", 200),
    "reorder files": ("/dataset/resources/penduduk", 200),
    "users": ("/user/", 200), "profile": ("/user/{name}", 200),
    "profile edit": ("/user/edit/{name}", 200), "API tokens": ("/user/{name}/api-tokens", 200),
    "OPD members": ("/organization/members/{org}", 200),
    "OPD activity": ("/organization/activity/{org}", 200),
}


def test_the_visitor_s_pages_have_no_english(app, officer):
    pages = _pages(app, HTML, VISITOR_PAGES)
    assert "Jumlah Penduduk" in pages["dataset"] and "Jumlah Penduduk" in pages["search"]
    assert {name: english_in_html(page) for name, page in pages.items()} == {
        name: [] for name in pages}


def test_the_officer_s_pages_have_no_english(app, officer):
    org = officer["dataset"]["organization"]["name"]
    pages = _pages(app, officer["headers"], {
        name: (path.format(name=officer["name"], org=org), status)
        for name, (path, status) in OFFICER_PAGES.items()})
    assert "Jumlah Penduduk" in pages["my datasets"]
    assert "Dataset baru" in pages["dataset activity"]   # the activity types, named in Indonesian
    assert {name: english_in_html(page) for name, page in pages.items()} == {
        name: [] for name in pages}


def test_the_opd_admin_s_pages_have_no_english(app, officer):
    """An OPD's admin manages its members and edits its profile: CKAN's
    member form (its roles from ckan/authz.py), scheming's organization
    form, the bulk page."""
    from ckan.tests.helpers import call_action
    admin = factories.factories.UserWithToken()
    org = officer["dataset"]["organization"]["name"]
    call_action("organization_member_create", id=org, username=admin["name"], role="admin")
    headers = {"Authorization": admin["token"], **HTML}
    pages = _pages(app, headers, {
        "members": (f"/organization/members/{org}", 200),
        "add a member": (f"/organization/member_new/{org}", 200),
        "edit the OPD": (f"/organization/edit/{org}", 200),
        "bulk": (f"/organization/bulk_process/{org}", 200)})
    roles = re.findall(r'<option[^>]*value="(\w+)"[^>]*>\s*([^<]*?)\s*</option>', pages["add a member"])
    assert ("member", "Anggota") in roles           # the role's name, from ckan/authz.py
    assert {name: english_in_html(page) for name, page in pages.items()} == {
        name: [] for name in pages}


def test_a_failed_login_is_explained_in_indonesian(app, officer):
    """The login form's flash message (CKAN's "Login failed. Bad username or
    password.", English words in CKAN's own Indonesian)."""
    form = app.get("/user/login", headers=HTML, status=200).body
    page = app.post("/user/login", headers=HTML, status=200, data={
        "_csrf_token": _csrf(form), "login": officer["name"], "password": "salah-sekali-123"}).body
    assert "Gagal masuk" in page
    assert english_in_html(page) == []


def test_a_file_s_page_has_no_english(app, officer):
    resource_id = officer["dataset"]["resources"][0]["id"]
    page = app.get(f"/dataset/penduduk/resource/{resource_id}", headers=HTML, status=200).body
    assert english_in_html(page) == []


def test_the_javascript_modules_are_served_their_indonesian(app):
    """/api/i18n/id, which CKAN's JS modules read their strings from: CKAN
    builds it only from its development server, we at start-up
    (lang/js.py). Every JS message CKAN marks (scripts/core_msgids.py's
    "javascript" kind) is there, in Indonesian, ours over CKAN's."""
    import importlib.util
    import pathlib
    spec = importlib.util.spec_from_file_location(
        "core_msgids", pathlib.Path(__file__).parents[2] / "scripts" / "core_msgids.py")
    core = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(core)
    served = app.get("/api/i18n/id", status=200).json
    assert served[""]["lang"] == "id"
    assert served["Reorder resources"] == [None, "Ubah urutan sumber daya"]
    assert served["Upload"][1] != "Upload" and served["Close"] == [None, "Tutup"]
    wanted = {m if isinstance(m, str) else m[0] for m in core.messages("javascript")}
    assert wanted - set(served) == set()
    english = {m: served[m] for m in wanted if english_in(" ".join(filter(None, served[m])))}
    assert english == {}
    assert app.get("/api/i18n/en", status=200).json["Reorder resources"][1] == "Reorder resources"


@pytest.mark.parametrize("ours, upstream, copied", [
    # (our copy, the upstream template, what of it ours repeats line by line)
    ("snippets/activity_type_selector.html", "ckanext/activity/templates/snippets/activity_type_selector.html",
     ["{{ _('Activity type') }}", "{{ _('All activity types') }}", "{% for type_ in activity_types %}",
      "{{ type_ | title }}"]),
    ("package/resource_read.html", "ckanext/datastore/templates/package/resource_read.html",
     ['aria-label="list of downloadable formats"', "{% block download_resource_button %}",
      "h.url_for('datastore.dump', resource_id=res.id, bom=True)",
      "h.url_for('datastore.dump', resource_id=res.id, format='tsv', bom=True)",
      "h.url_for('datastore.dump', resource_id=res.id, format='json')",
      "h.url_for('datastore.dump', resource_id=res.id, format='xml')"]),
])
def test_the_upstream_templates_we_copy_to_translate_are_still_as_copied(ours, upstream, copied):
    """Two upstream templates have no block small enough to translate one
    string in, so ours repeat them: this fails when upstream changes what
    we repeat (then copy it again)."""
    import pathlib
    import ckan
    site = pathlib.Path(ckan.__file__).resolve().parents[1]
    text = (site / upstream).read_text(encoding="utf-8")
    assert [line for line in copied if line not in text] == []
    mine = (pathlib.Path(__file__).parents[2] / "ckanext" / "satudata" / "templates" / ours).read_text(
        encoding="utf-8")
    assert [line for line in copied[1:] if "type_ | title" not in line and line not in mine] == []
