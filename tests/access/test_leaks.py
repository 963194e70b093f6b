"""The leak matrix: a Terbatas dataset's file addresses and files reach only
its OPD, the walidata and holders of a live grant, through every endpoint
that can show them. Each row of the matrix is a person of
``tests/access_helpers.py``; each endpoint is read over HTTP as they would.

Those who reach the files are checked to see them too, so that an endpoint
that shows no address to anyone (or a broken fixture) cannot pass as
"withheld".
"""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckanext.activity.model import Activity

from ..access_helpers import LINK_URL, SECRETS, UPLOAD_BODY, UPLOAD_NAME, act, catalogue  # noqa: F401

pytestmark = pytest.mark.usefixtures("with_plugins")

API = "/api/3/action/"
# who reaches which file: "all", "link" (a grant for the linked file only) or nothing
REACH = {"anonymous": "", "stranger": "", "pending": "", "rejected": "", "ended": "",
         "revoked": "", "grantee": "all", "partial": "link", "asker": "all",
         "orgmate": "all", "member": "all", "editor": "all", "admin": "all", "walidata": "all",
         "sysadmin": "all"}
# CKAN gives an activity's data only to those who may edit the dataset
DATA_OF_ACTIVITIES = ("activity_show", "activity_data_show package")
EDITORS = ("editor", "admin")


def _headers(c, role):
    if role == "anonymous":
        return {}
    user = {"walidata": c.walidata, "sysadmin": c.sysadmin}.get(role) or c.users[role]
    return {"Authorization": user["token"]}


def _name(c, role):
    if role == "anonymous":
        return "tidak-ada"
    return ({"walidata": c.walidata, "sysadmin": c.sysadmin}.get(role) or c.users[role])["name"]


def _view_of(resource_id: str) -> str:
    # no resource view plugin is enabled: the row is written as resource_view_create would
    view = model.ResourceView(resource_id=resource_id, title="Pratinjau", view_type="image_view",
                              order=0, config={"image_url": LINK_URL})
    model.Session.add(view)
    model.Session.commit()
    return view.id


@pytest.fixture(scope="module")
def _portal(catalogue):  # noqa: F811
    catalogue.view = _view_of(catalogue.link["id"])
    return catalogue


@pytest.fixture
def portal(app, _portal):
    """The catalogue, with (made once, over HTTP as the OPD and the walidata
    would, so the activities keep what a request's actor saw) an approved
    edit and then a pending revision of the published dataset."""
    c = _portal
    if not hasattr(c, "activity"):
        editor, walidata = _headers(c, "editor"), _headers(c, "walidata")
        for action, data, who in (
                ("package_patch", {"id": "penduduk", "title": "Penduduk 2025"}, editor),
                ("satudata_dataset_submit", {"id": "penduduk"}, editor),
                ("satudata_dataset_approve", {"id": "penduduk"}, walidata),
                ("package_patch", {"id": "penduduk", "title": "Penduduk (revisi)"}, editor)):
            app.post(API + action, json=data, headers=who)
        for role in REACH:      # everyone follows it (their followee lists hold it)
            if role != "anonymous":
                app.post(API + "follow_dataset", json={"id": "penduduk"},
                         headers=_headers(c, role), expect_errors=True)
        c.activity = (model.Session.query(Activity.id)
                      .filter(Activity.object_id == c.dataset["id"])
                      .order_by(Activity.timestamp.desc()).first())[0]
    return c


def _secrets_in(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _reads(app, c, role) -> dict[str, str]:
    """Every endpoint's answer to ``role``, as text."""
    h = _headers(c, role)
    rid, uid, ds, aid = c.link["id"], c.upload["id"], c.dataset["id"], c.activity

    def api(action, **params):
        return app.get(API + action, query_string=params, headers=h, expect_errors=True
                       ).get_data(as_text=True)

    def page(url):
        return app.get(url, headers=h, expect_errors=True).get_data(as_text=True)
    found = {
        "package_show": api("package_show", id="penduduk"),
        "resource_show link": api("resource_show", id=rid),
        "resource_show upload": api("resource_show", id=uid),
        "package_show default schema": api("package_show", id="penduduk",
                                           use_default_schema="true"),
        "package_search": api("package_search", q="penduduk"),
        "package_search fl": api("package_search", q="penduduk",
                                 fl="res_url,data_dict,validated_data_dict,urls"),
        "current_package_list_with_resources": api("current_package_list_with_resources"),
        "resource_search": api("resource_search", query="url:rahasia"),
        "package_activity_list": api("package_activity_list", id="penduduk"),
        "activity_show": api("activity_show", id=aid),
        "activity_data_show": api("activity_data_show", id=aid),
        "activity_data_show package": api("activity_data_show", id=aid, object_type="package"),
        "activity_diff": api("activity_diff", id=aid, object_type="package"),
        "activity_diff html": api("activity_diff", id=aid, object_type="package",
                                  diff_type="html"),
        "organization_activity_list": api("organization_activity_list", id="disdukcapil"),
        "recently_changed_packages_activity_list": api("recently_changed_packages_activity_list"),
        "resource_view_list": api("resource_view_list", id=rid),
        "dataset_followee_list": api("dataset_followee_list", id=_name(c, role)),
        "followee_list": api("followee_list", id=_name(c, role)),
        "resource_view_show": api("resource_view_show", id=c.view),
        "satudata_revision_show": api("satudata_revision_show", id=ds),
        "dataset page": page("/dataset/penduduk"),
        "resource page link": page(f"/dataset/penduduk/resource/{rid}"),
        "resource page upload": page(f"/dataset/penduduk/resource/{uid}"),
        "activity page": page("/dataset/activity/penduduk"),
        "changes page": page(f"/dataset/changes/{aid}"),
        "history page": page(f"/dataset/penduduk/history/{aid}"),
        "resource history link": page(f"/dataset/penduduk/resources/{rid}/history/{aid}"),
        "resource history upload": page(f"/dataset/penduduk/resources/{uid}/history/{aid}"),
        "dataset ttl": page("/dataset/penduduk.ttl"),
        "dataset jsonld": page("/dataset/penduduk.jsonld"),
        "catalog ttl": page("/catalog.ttl"),
        "organization page": page("/organization/disdukcapil"),
        "search page": page("/dataset/?q=penduduk"),
    }
    if not REACH[role]:     # (no image_view plugin here to render it for those who reach it)
        found["view page"] = page(f"/dataset/penduduk/resource/{rid}/view/{c.view}")
    return found


# endpoints that show an address to whoever reaches the file (the rest show
# none to anyone: search results and RDF are the public's)
SHOWN_TO_READERS = ("package_show", "resource_show link", "dataset page", "resource page link",
                    "package_activity_list", "dataset_followee_list", "resource history link",
                    *("activity_show", "activity_data_show package"))


@pytest.mark.parametrize("role", sorted(REACH))
def test_no_address_without_reach(app, portal, role):
    reads = _reads(app, portal, role)
    reach = REACH[role]
    leaks = {}
    for endpoint, text in reads.items():
        found = _secrets_in(text)
        if reach == "link":
            found = [s for s in found if s != "rahasia.example.test"]
        if reach == "all":
            continue
        if found:
            leaks[endpoint] = found
    assert not leaks, f"{role} sees {leaks}"
    expected = [e for e in SHOWN_TO_READERS
                if e not in DATA_OF_ACTIVITIES or role in EDITORS or not reach]
    unshown = [e for e in expected if ("rahasia.example.test" in reads[e]) != bool(reach)]
    assert not unshown, (role, unshown)
    if reach == "all":
        assert UPLOAD_NAME in reads["package_show"] and UPLOAD_NAME in reads["resource_show upload"]


@pytest.mark.parametrize("role", sorted(REACH))
def test_download_route(app, portal, role):
    c, h = portal, _headers(portal, role)
    upload = app.get(f"/dataset/penduduk/resource/{c.upload['id']}/download/{UPLOAD_NAME}",
                     headers=h, expect_errors=True)
    link = app.get(f"/dataset/penduduk/resource/{c.link['id']}/download", headers=h,
                   expect_errors=True, follow_redirects=False)
    if REACH[role] == "all":
        assert upload.status_code == 200 and upload.data == UPLOAD_BODY
    else:
        assert upload.status_code == 403 and UPLOAD_BODY not in upload.data
        assert "Ajukan akses" in upload.get_data(as_text=True)
    if REACH[role]:
        assert link.status_code == 302 and link.headers["Location"] == LINK_URL
    else:
        assert link.status_code == 403 and LINK_URL not in link.get_data(as_text=True)


def test_visitor_sees_the_request_button(app, portal):
    page = app.get("/dataset/penduduk").get_data(as_text=True)
    assert "satudata-request-access" in page and "Ajukan akses" in page
    resource = app.get(f"/dataset/penduduk/resource/{portal.upload['id']}").get_data(as_text=True)
    assert "satudata-request-access" in resource
    shown = app.get(API + "package_show", query_string={"id": "penduduk"}).json["result"]
    assert shown["satudata_akses"]["berkas"] == "tidak"
    assert shown["satudata_akses"]["permintaan_url"].endswith("/dataset/access/penduduk")
    assert all(r["url"] == "" and r["akses_terbatas"] for r in shown["resources"])


def test_search_documents_keep_no_address(portal):
    stored = model.Session.execute(sa.text(
        "SELECT p.data_dict, p.validated_data_dict, p.keywords::text, p.texts::text, "
        "d.terms::text, d.tsv::text FROM satudata_search_doc d "
        "JOIN satudata_search_payload p USING (index_id) WHERE d.id = :id"),
        {"id": portal.dataset["id"]}).one()
    assert not [s for s in SECRETS for part in stored if part and s in part]
    # withheld by for_index (not merely absent): its resources carry the mark
    assert json.loads(stored[1])["resources"][0]["akses_terbatas"] is True


def test_walidata_finds_it_through_resource_search(app, portal):
    found = app.get(API + "resource_search", query_string={"query": "url:rahasia"},
                    headers=_headers(portal, "walidata")).json["result"]
    assert found["count"] == 1 and found["results"][0]["url"] == LINK_URL
    stranger = app.get(API + "resource_search", query_string={"query": "url:rahasia"},
                       headers=_headers(portal, "stranger")).json["result"]
    assert stranger == {"count": 0, "results": []}


def test_documents_indexed_before_the_withholding_are_rewritten(cli, portal):
    """A portal upgraded to 0008_access: its Terbatas documents held the
    addresses; ``ckan satudata access reindex`` (run by the migrations)
    rewrites just those."""
    from ckan.cli.cli import ckan
    from ckanext.satudata.access import store
    with_urls = json.dumps({"id": portal.dataset["id"], "klasifikasi_akses": "terbatas",
                            "resources": [{"id": portal.link["id"], "url": LINK_URL}]})
    model.Session.execute(sa.text(
        "UPDATE satudata_search_payload SET validated_data_dict = :v WHERE index_id = "
        "(SELECT index_id FROM satudata_search_doc WHERE id = :id)"),
        {"v": with_urls, "id": portal.dataset["id"]})
    model.Session.commit()
    assert store.indexed_with_addresses() == [portal.dataset["id"]]
    result = cli.invoke(ckan, ["satudata", "access", "reindex"])
    assert "rewritten: 1" in result.output, result.output
    assert store.indexed_with_addresses() == []
    assert "rewritten: 0" in cli.invoke(ckan, ["satudata", "access", "reindex"]).output


def test_a_withheld_copy_written_back_loses_nothing(portal):
    """A job without a user reads the withheld dataset and adds a resource
    (resource_create: package_show, then package_update with that dict)."""
    from ckan.tests.helpers import call_action
    site_user = call_action("get_site_user")["name"]
    copy = call_action("package_show", {"user": ""}, id="penduduk")
    assert copy["resources"][0]["url"] == ""
    copy["notes"] = "Ditulis dari salinan yang disembunyikan"
    call_action("package_update", {"user": site_user, "satudata_status": "published"}, **copy)
    stored = {r.id: r for r in model.Resource.get(portal.link["id"]).package.resources}
    assert stored[portal.link["id"]].url == LINK_URL
    assert stored[portal.upload["id"]].url == UPLOAD_NAME
    assert not any("akses_terbatas" in (r.extras or {}) for r in stored.values())
