"""Who sees a dataset in each review state, over every public endpoint (HTTP)."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

from ..review_helpers import PATHS, act, dataset_in, people

VIEWERS = ("anonymous", "other", "member", "producer", "walidata", "sysadmin")


def visible(viewer: str, state: str) -> bool:
    """The rule of the issue, written out: published is public; a draft is
    its OPD's; the walidata also sees what the OPD has handed over."""
    if state == "published" or viewer in ("member", "producer", "sysadmin"):
        return True
    return viewer == "walidata" and state != "draft"


@pytest.fixture
def catalogue(clean_db, clean_index):
    who = people()
    datasets = {state: dataset_in(who, state, tags=[{"name": f"kata-{state}"}],
                                  resources=[{"url": "http://x.id/tabel.csv", "name": "Tabel",
                                              "format": "CSV"}])
                for state in PATHS}
    # a published dataset under revision: the pending title must stay hidden everywhere
    revised = datasets["published"]
    act("package_patch", who.producer, id=revised["id"], title="Judul Revisi Rahasia",
        tags=[{"name": "kata-published"}, {"name": "kata-revisi"}])
    return who, datasets


def _headers(who, viewer):
    if viewer == "anonymous":
        return {}
    return {"Authorization": getattr(who, viewer)["token"]}


def _api(app, name, headers, **params):
    return app.get(f"/api/3/action/{name}", query_string=params, headers=headers)


@pytest.mark.usefixtures("with_plugins")
def test_visibility_matrix(app, catalogue):
    for viewer in VIEWERS:
        _check_viewer(app, *catalogue, viewer)


def _check_viewer(app, who, datasets, viewer):
    headers = _headers(who, viewer)
    found = {d["name"] for d in _api(app, "package_search", headers, include_private="true",
                                     rows=100).json["result"]["results"]}
    listed = set(_api(app, "package_list", headers).json["result"])
    tags = set(_api(app, "tag_list", headers).json["result"])
    org_page = app.get(f"/organization/{who.opd['name']}", headers=headers).body
    activity = {a["object_id"] for a in _api(
        app, "recently_changed_packages_activity_list", headers, limit=100).json["result"]}
    for state, dataset in datasets.items():
        see = visible(viewer, state)
        show = _api(app, "package_show", headers, id=dataset["name"])
        # one the viewer may not see answers as a missing one (web/hidden.py)
        assert show.status_code == (200 if see else 404), (viewer, state, "package_show")
        page = app.get(f"/dataset/{dataset['name']}", headers=headers)
        assert page.status_code == (200 if see else 404), (viewer, state, "dataset page")
        res_page = app.get(f"/dataset/{dataset['name']}/resource/none", headers=headers)
        assert res_page.status_code == 404
        resource = dataset["resources"][0]["id"]
        res_page = app.get(f"/dataset/{dataset['name']}/resource/{resource}", headers=headers)
        assert res_page.status_code == (200 if see else 404), (viewer, state, "resource page")
        res_show = _api(app, "resource_show", headers, id=resource)
        assert res_show.status_code == (200 if see else 404), (viewer, state, "resource_show")
        assert (dataset["name"] in found) is see, (viewer, state, "package_search")
        auto = _api(app, "package_autocomplete", headers, q=dataset["name"]).json["result"]
        assert (dataset["name"] in {d["name"] for d in auto}) is see, (viewer, state, "autocomplete")
        assert (dataset["title"] in org_page) is see, (viewer, state, "OPD page")
        acts = _api(app, "package_activity_list", headers, id=dataset["id"])
        assert acts.status_code == (200 if see else 404), (viewer, state, "package_activity_list")
        # lists that are public by nature: published datasets only, for everyone
        assert (dataset["name"] in listed) is (state == "published"), (state, "package_list")
        assert (f"kata-{state}" in tags) is (state == "published"), (state, "tag_list")
        if viewer in ("anonymous", "other"):
            assert (dataset["id"] in activity) is see, (viewer, state, "recently changed")
    # the pending revision: nowhere, for nobody, until approved
    assert "kata-revisi" not in tags
    assert "Judul Revisi Rahasia" not in org_page
    shown = _api(app, "package_show", headers, id=datasets["published"]["name"]).json["result"]
    assert shown["title"] == "Dataset published"


@pytest.mark.usefixtures("with_plugins")
def test_counts_and_dcat_show_only_published(app, catalogue):
    who, datasets = catalogue
    org = _api(app, "organization_show", {}, id=who.opd["name"]).json["result"]
    assert org["package_count"] == 1
    catalog = app.get("/catalog.ttl").body
    for state, dataset in datasets.items():
        assert (dataset["id"] in catalog) is (state == "published"), state
        rdf = app.get(f"/dataset/{dataset['name']}.ttl")
        assert rdf.status_code == (200 if state == "published" else 404), state
    assert "Judul Revisi Rahasia" not in catalog
    own = _api(app, "organization_show", _headers(who, "producer"), id=who.opd["name"]).json["result"]
    assert own["package_count"] == len(datasets)
    assert call_action("package_show", id=datasets["draft"]["id"])["private"] is True
