"""A dataset's file is a file or a link (metadata/resources.py), through the
action API and the form's last step; an empty title is named as the
title's, not as the URL's (logic/validators.py ``satudata_name_or_title``)."""
from __future__ import annotations

import html
import re

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
_FILE = {"url": "https://data.example.go.id/posyandu.csv", "format": "CSV"}


@pytest.fixture
def officer():
    return factories.OpdEditorFactory()


@pytest.fixture
def draft(officer):
    # as the form's first step leaves it: CKAN's draft state, the file step next
    return factories.DraftDataset(name="posyandu", owner_org=officer["opd_id"], user=officer,
                                  state="draft")


def _api(app, officer, action, status, **data):
    return app.post(f"/api/3/action/{action}", json=data, status=status,
                    headers={"Authorization": officer["token"]}).json


@pytest.mark.parametrize("url", [None, "", "   "])
def test_a_resource_without_file_or_link_is_refused_and_nothing_is_written(app, officer, draft, url):
    data = {"package_id": draft["id"], "name": "Tabel posyandu"}
    if url is not None:
        data["url"] = url
    answer = _api(app, officer, "resource_create", 409, **data)
    assert answer["error"] == {"__type": "Validation Error",
                               "url": ["Tambahkan berkas atau tautan ke data"]}
    assert call_action("package_show", id=draft["id"])["resources"] == []


def test_a_link_is_enough_and_emptying_it_later_is_refused(app, officer, draft):
    created = _api(app, officer, "resource_create", 200, package_id=draft["id"], **_FILE)["result"]
    answer = _api(app, officer, "resource_update", 409, id=created["id"], url="", name="x")
    assert answer["error"]["url"] == ["Tambahkan berkas atau tautan ke data"]
    assert call_action("resource_show", id=created["id"])["url"] == _FILE["url"]


def test_the_form_s_last_step_refuses_a_name_without_a_file(app, officer, draft):
    headers = {"Authorization": officer["token"], "Accept": "text/html"}
    form = app.get("/dataset/posyandu/resource/new", headers=headers, status=200).body
    assert "Simpan draf" in form and ">Tayangkan<" not in form
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form).group(1)
    page = app.post("/dataset/posyandu/resource/new", headers=headers, status=200,
                    data={"_csrf_token": token, "id": "", "name": "Tabel posyandu", "url": "",
                          "save": "go-metadata"}).body
    assert "Tambahkan berkas atau tautan ke data" in page
    assert call_action("package_show", id=draft["id"])["resources"] == []


def test_an_api_dataset_without_a_title_takes_its_name(officer):
    dataset = factories.DraftDataset(name="tanpa-judul", title="", owner_org=officer["opd_id"])
    assert dataset["title"] == "tanpa-judul"


def test_an_empty_title_and_url_are_reported_as_the_title_s(app, officer):
    answer = _api(app, officer, "package_create", 409, owner_org=officer["opd_id"],
                  notes="Isi", urusan="1.02", frekuensi="tahunan", klasifikasi_akses="terbuka")
    assert answer["error"]["title"] == ["Wajib diisi"]
    assert "name" not in answer["error"]
    named = _api(app, officer, "package_create", 409, owner_org=officer["opd_id"], title="Judul",
                 notes="Isi", urusan="1.02", frekuensi="tahunan", klasifikasi_akses="terbuka")
    assert named["error"]["name"] == ["Wajib diisi"]


def _help_texts(fields, lang="id"):
    """Every help text of the form's fields (subfields included), HTML-escaped
    as the page writes it."""
    for field in fields:
        if field.get("form_snippet", "") is None:
            continue
        yield field["field_name"], html.escape(field["help_text"][lang], quote=True)
        yield from _help_texts(field.get("repeating_subfields", []), lang)


def test_every_field_of_both_steps_says_what_the_standard_expects(app, officer, draft):
    schema = tk.h.scheming_get_dataset_schema("dataset")
    headers = {"Authorization": officer["token"], "Accept": "text/html"}
    for url, fields in (("/dataset/new", schema["dataset_fields"]),
                        ("/dataset/posyandu/resource/new", schema["resource_fields"])):
        page = app.get(url, headers=headers, status=200).body
        missing = [name for name, text in _help_texts(fields) if text not in page]
        assert missing == [], f"{url}: fields without their help text: {missing}"
    english = app.get("/en/dataset/new", headers=headers, status=200).body
    assert "The first day of the period the data refers to" in english
