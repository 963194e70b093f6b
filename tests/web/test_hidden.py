"""No existence oracle (web/hidden.py, logic/action/hidden.py): every page
and action that takes a dataset, one of its resources, resource views or
activities answers an object the caller may not see exactly as one that
does not exist; its owner still sees it, and a dataset one may see keeps
its 403s."""
from __future__ import annotations

import re
import uuid

import ckan.model as model
import pytest
from ckan.tests.helpers import call_action
from ckanext.activity.model import Activity

from ckanext.satudata.web import hidden

from ..review_helpers import act, dataset_in, people

pytestmark = pytest.mark.usefixtures("with_plugins")

_RESOURCE = {"url": "http://contoh.id/tabel.csv", "name": "Tabel", "format": "CSV"}


@pytest.fixture(scope="module")
def portal(reset_db, migrate_db_for):
    """A draft of one OPD (with a resource, a resource view and two
    activities) and a published dataset, built once for the module."""

    from tests.conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    return _build()


def _view_of(resource_id: str) -> str:
    # no resource view plugin is enabled: the row is written as resource_view_create would
    view = model.ResourceView(resource_id=resource_id, title="Pratinjau", view_type="image_view",
                              order=0, config={})
    model.Session.add(view)
    model.Session.commit()
    return view.id


def _last_activity(dataset_id: str) -> str:
    return (model.Session.query(Activity.id).filter(Activity.object_id == dataset_id)
            .order_by(Activity.timestamp.desc()).first())[0]


def _build() -> dict:
    who = people()
    draft = dataset_in(who, "draft", resources=[_RESOURCE])
    act("package_patch", who.producer, id=draft["id"], title="Draf Rahasia")  # a second activity
    published = dataset_in(who, "published", resources=[_RESOURCE])
    return {"who": who, "draft": draft, "published": published,
            "hidden": {"id": draft["name"], "rid": draft["resources"][0]["id"],
                       "vid": _view_of(draft["resources"][0]["id"]),
                       "aid": _last_activity(draft["id"]), "pub": published["name"],
                       "pub_rid": published["resources"][0]["id"]},
            # the same shape, naming nothing that exists
            "missing": {"id": "tidak-ada-dataset-ini", "rid": str(uuid.uuid4()),
                        "vid": str(uuid.uuid4()), "aid": str(uuid.uuid4()),
                        "pub": published["name"], "pub_rid": published["resources"][0]["id"]}}


def _headers(portal, viewer):
    return {} if viewer == "anonymous" else {"Authorization": getattr(portal["who"], viewer)["token"]}


# (route, the message a missing object gets); {pub...}: a visible dataset holding a hidden object
PAGES = [
    ("/dataset/{id}", "Dataset tidak ditemukan"),
    ("/dataset/{id}.ttl", "Dataset tidak ditemukan"),
    ("/dataset/{id}.jsonld", "Dataset tidak ditemukan"),
    ("/dataset/{id}.rdf", "Dataset tidak ditemukan"),
    ("/dataset/{id}.xml", "Dataset tidak ditemukan"),
    ("/dataset/activity/{id}", "Dataset tidak ditemukan"),
    ("/dataset/changes/{aid}", "Aktivitas tidak ditemukan"),
    ("/dataset/changes_multiple?new_id={aid}&old_id={aid}", "Aktivitas tidak ditemukan"),
    ("/dataset/changes_multiple?new_id={aid}", "Aktivitas tidak ditemukan"),   # upstream: a 500
    ("/dataset/changes_multiple", "Aktivitas tidak ditemukan"),
    ("/dataset/{id}/history/{aid}", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resources/{rid}/history/{aid}", "Dataset tidak ditemukan"),
    ("/dataset/review/{id}", "Dataset tidak ditemukan"),
    ("/dataset/review/{id}/history.csv", "Dataset tidak ditemukan"),
    ("/dataset/access/{id}", "Dataset tidak ditemukan"),
    ("/dataset/resources/{id}", "Dataset tidak ditemukan"),
    ("/dataset/edit/{id}", "Dataset tidak ditemukan"),
    ("/dataset/delete/{id}", "Dataset tidak ditemukan"),
    ("/dataset/groups/{id}", "Dataset tidak ditemukan"),
    ("/dataset/followers/{id}", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/new", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/download", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/download/tabel.csv", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/edit", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/delete", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/views", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/view", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/view/{vid}", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/new_view?view_type=image_view", "Dataset tidak ditemukan"),
    ("/dataset/{id}/resource/{rid}/edit_view/{vid}", "Dataset tidak ditemukan"),
    ("/dataset/{pub}/resource/{rid}", "Sumber daya tidak ditemukan"),
    ("/dataset/{pub}/resource/{rid}/download", "Sumber daya tidak ditemukan"),
    ("/dataset/{pub}/history/{aid}", "Aktivitas tidak ditemukan"),
    ("/dataset/{pub}/resource/{pub_rid}/view/{vid}", "Tampilan sumber daya tidak ditemukan"),
]


def _error(response) -> tuple[int, str, str]:
    """Status, page title and error text of an error page."""
    body = response.get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", body, re.DOTALL)
    content = re.search(r'id="error-content">(.*?)</div>', body, re.DOTALL)
    return (response.status_code, title.group(1).strip() if title else body[:200],
            " ".join(re.sub(r"<[^>]+>", " ", content.group(1)).split()) if content else body[:200])


# the same pages for a signed-in user of another OPD: one of each kind of object
_SIGNED_IN = ("/dataset/{id}", "/dataset/activity/{id}", "/dataset/changes/{aid}",
              "/dataset/{pub}/resource/{rid}", "/dataset/{pub}/resource/{pub_rid}/view/{vid}")


def test_pages_answer_a_hidden_dataset_as_a_missing_one(app, portal):
    turtle = {"Accept": "text/turtle"}         # content negotiation on /dataset/<id>
    other = _headers(portal, "other")
    cases = [(route, message, {}) for route, message in PAGES]
    cases += [("/dataset/{id}", "Dataset tidak ditemukan", turtle)]
    cases += [(route, message, other) for route, message in PAGES if route in _SIGNED_IN]
    for route, message, headers in cases:
        seen = _error(app.get(route.format(**portal["hidden"]), headers=headers))
        absent = _error(app.get(route.format(**portal["missing"]), headers=headers))
        assert seen == absent, (route, headers)
        assert seen[0] == 404 and seen[2] == f"404 Halaman tidak ditemukan {message}", (route, seen)
    for route in ("/dataset/follow/{id}", "/dataset/{id}/masih-mutakhir"):     # POST only
        seen = _error(app.post(route.format(**portal["hidden"]), headers=other))
        assert seen == _error(app.post(route.format(**portal["missing"]), headers=other))
        assert seen[0] == 404, (route, seen)


def _api(app, name, headers, params, post=False):
    if post:
        return app.post(f"/api/3/action/{name}", json=params, headers=headers)
    return app.get(f"/api/3/action/{name}", query_string=params, headers=headers)


# (action, parameters)
ACTIONS = [
    ("package_show", {"id": "{id}"}),
    ("package_activity_list", {"id": "{id}"}),
    ("package_relationships_list", {"id": "{id}"}),
    ("package_collaborator_list", {"id": "{id}"}),
    ("dataset_follower_count", {"id": "{id}"}),
    ("am_following_dataset", {"id": "{id}"}),
    ("resource_show", {"id": "{rid}"}),
    ("resource_view_list", {"id": "{rid}"}),
    ("resource_view_show", {"id": "{vid}"}),
    ("activity_show", {"id": "{aid}", "include_data": False}),
    ("activity_data_show", {"id": "{aid}"}),
    ("activity_diff", {"id": "{aid}", "object_type": "package"}),
    ("satudata_review_history", {"id": "{id}"}),
    ("satudata_revision_show", {"id": "{id}"}),
    ("dcat_dataset_show", {"id": "{id}"}),
    ("package_patch", {"id": "{id}", "title": "x"}),
    ("package_update", {"id": "{id}", "title": "x"}),
    ("package_revise", {"match": {"id": "{id}"}, "update": {"title": "x"}}),
    ("package_delete", {"id": "{id}"}),
    ("package_resource_reorder", {"id": "{id}", "order": ["{rid}"]}),
    ("package_relationship_create", {"subject": "{id}", "object": "{pub}", "type": "child_of"}),
    ("follow_dataset", {"id": "{id}"}),
    ("unfollow_dataset", {"id": "{id}"}),
    ("resource_create", {"package_id": "{id}", "url": "http://contoh.id/b.csv"}),
    ("resource_patch", {"id": "{rid}", "name": "x"}),
    ("resource_delete", {"id": "{rid}"}),
    ("resource_view_create", {"resource_id": "{rid}", "title": "x", "view_type": "image_view"}),
    ("resource_view_update", {"id": "{vid}", "title": "x"}),
    ("resource_view_delete", {"id": "{vid}"}),
    *((f"satudata_dataset_{step}", {"id": "{id}", "note": "Catatan"}) for step in (
        "submit", "withdraw", "verify", "approve", "return", "publish", "unpublish")),
    ("satudata_schedule_show", {"id": "{id}"}),
    ("satudata_dataset_confirm_current", {"id": "{id}", "note": "Masih mutakhir"}),
    ("satudata_schedule_plan", {"id": "{id}", "planned": "2030-01-01"}),
]


def _fill(value, ids):
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) else value


def _failure(name, user, params):
    try:
        call_action(name, {"user": user, "ignore_auth": False}, **params)
    except Exception as error:      # noqa: BLE001 (the comparison is the test)
        return type(error).__name__, str(error), getattr(error, "error_dict", None)
    return "success", "", None


@pytest.mark.usefixtures("in_request")
def test_actions_answer_a_hidden_dataset_as_a_missing_one(app, portal):
    """The walidata does not see a draft either: a review decision on it
    must not tell the draft exists (its state check would)."""
    who = portal["who"]
    for user in ("", who.other["name"], who.walidata["name"]):
        for name, params in ACTIONS:
            seen = _failure(name, user, _fill(params, portal["hidden"]))
            assert seen == _failure(name, user, _fill(params, portal["missing"])), (user, name)
            assert seen == ("NotFound", "", None), (user, name, seen)
    assert call_action("package_show", id=portal["draft"]["id"])["title"] == "Draf Rahasia"
    # over HTTP: the body a missing dataset gets, byte for byte but the help URL
    for headers in ({}, _headers(portal, "other")):
        for name, params, post in (("package_show", {"id": "{id}"}, False),
                                   ("resource_show", {"id": "{rid}"}, False),
                                   ("satudata_review_history", {"id": "{id}"}, False),
                                   ("dcat_dataset_show", {"id": "{id}"}, True)):
            seen = _api(app, name, headers, _fill(params, portal["hidden"]), post)
            absent = _api(app, name, headers, _fill(params, portal["missing"]), post)
            assert (seen.status_code, seen.get_data()) == (absent.status_code, absent.get_data())
            assert seen.json == {"help": f"http://test.ckan.net/api/3/action/help_show?name={name}",
                                 "success": False, "error": {"__type": "Not Found Error",
                                                             "message": "Tidak ditemukan"}}


def test_the_owner_sees_it_and_a_visible_dataset_keeps_its_403(app, portal):
    ids = portal["hidden"]
    producer = _headers(portal, "producer")
    for route in ("/dataset/{id}", "/dataset/{id}.ttl", "/dataset/activity/{id}",
                  "/dataset/changes/{aid}", "/dataset/review/{id}",
                  "/dataset/{id}/resource/{rid}"):
        assert app.get(route.format(**ids), headers=producer).status_code == 200, route
    download = app.get("/dataset/{id}/resource/{rid}/download".format(**ids), headers=producer,
                       follow_redirects=False)
    assert download.status_code == 302
    producer_name = portal["who"].producer["name"]
    for name, params in (("package_show", {"id": ids["id"]}), ("resource_show", {"id": ids["rid"]}),
                         ("resource_view_show", {"id": ids["vid"]}),
                         ("activity_show", {"id": ids["aid"], "include_data": False}),
                         ("activity_diff", {"id": ids["aid"], "object_type": "package"}),
                         ("package_activity_list", {"id": ids["id"]}),
                         ("satudata_review_history", {"id": ids["id"]})):
        assert _failure(name, producer_name, params)[0] == "success", name
    # a dataset one may see but not edit or review: still refused, not hidden
    published = portal["published"]
    for user in ("", portal["who"].other["name"]):
        for name in ("package_patch", "satudata_review_history", "satudata_dataset_approve"):
            assert _failure(name, user, {"id": published["id"]})[0] == "NotAuthorized", name
    assert app.get(f"/dataset/edit/{published['name']}",
                   headers=_headers(portal, "other")).status_code == 403
    assert app.get(f"/dataset/{published['name']}").status_code == 200


# arguments of routes that name no object of a dataset
_OTHER_ARGUMENTS = {"package_type", "_format", "filename", "user_id"}
# listed routes that only exist with a plugin or an option this portal leaves off
_OPTIONAL = {"croissant.read_dataset_croissant", "dataset.collaborators_read",
             "dataset.new_collaborator", "dataset.collaborator_delete"}


def test_every_route_that_takes_a_dataset_is_guarded(app):
    """Fails when CKAN or a plugin adds a route under /dataset (or to a
    dataset type's blueprints) that web/hidden.py does not know: list it in
    ROUTES, with what each argument names, or in NO_DATASET."""
    rules = [rule for rule in app.flask_app.url_map.iter_rules()
             if rule.rule.startswith("/dataset") or "package_type" in rule.arguments]
    unknown = []
    for rule in rules:
        arguments = hidden.arguments_of(rule.endpoint, (rule.defaults or {}).get("package_type"))
        taken = rule.arguments - _OTHER_ARGUMENTS
        if arguments is None:
            if rule.endpoint not in hidden.NO_DATASET or taken:
                unknown.append((rule.rule, rule.endpoint))
        elif not taken <= set(arguments):
            unknown.append((rule.rule, rule.endpoint, sorted(taken - set(arguments))))
    assert not unknown
    # every listed endpoint still exists: one renamed upstream would leave its route unguarded
    present = {hidden.key_of(rule.endpoint, (rule.defaults or {}).get("package_type"))
               for rule in rules}
    assert set(hidden.ROUTES) - _OPTIONAL <= present
    assert len(present & set(hidden.ROUTES)) > 25


def test_core_reads_that_crashed_on_a_visible_dataset_answer_4xx(app, portal):
    """Upstream 500s we guard: activity_show without include_data, and a
    visitor's package_collaborator_list (CKAN's auth asserts a user)."""
    published = portal["published"]
    activity = _last_activity(published["id"])
    shown = app.get("/api/3/action/activity_show", query_string={"id": activity})
    assert shown.status_code in (200, 403), shown.status_code
    listed = app.get("/api/3/action/package_collaborator_list",
                     query_string={"id": published["id"]})
    assert listed.status_code == 403
    assert listed.json["error"]["__type"] == "Authorization Error"
