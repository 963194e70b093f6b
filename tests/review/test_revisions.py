"""An OPD revises a published dataset: the public keeps the approved
version (metadata, resources and files) until the walidata approves."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from .. import factories
from ..review_helpers import act, dataset_in, people, refusal

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _file(content: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type="text/csv")


def _download(app, dataset_id: str, resource: dict) -> tuple[int, bytes]:
    url = f"/dataset/{dataset_id}/resource/{resource['id']}/download/{resource['url'].rsplit('/', 1)[-1]}"
    response = app.get(url)
    return response.status_code, response.data


def _public(app, name: str) -> dict:
    return app.get("/api/3/action/package_show", query_string={"id": name}).json["result"]


def _search(app, q: str) -> list[str]:
    found = app.get("/api/3/action/package_search", query_string={"q": q}).json["result"]
    return [d["name"] for d in found["results"]]


def _published_with_file():
    who = people()
    dataset = dataset_in(who, "draft", title="Jumlah Puskesmas")
    act("resource_create", who.producer, package_id=dataset["id"], name="Tabel 2024",
        format="CSV", upload=_file(b"tahun,jumlah\n2024,10\n", "tabel.csv"))
    for action, actor in (("submit", who.producer), ("approve", who.walidata)):
        act(f"satudata_dataset_{action}", actor, id=dataset["id"], publish=True)
    return who, call_action("package_show", id=dataset["id"])


def test_revision_waits_for_review_and_approval_swaps_it_in(app):
    who, dataset = _published_with_file()
    (resource,) = dataset["resources"]
    assert _download(app, dataset["id"], resource) == (200, b"tahun,jumlah\n2024,10\n")

    result = act("package_patch", who.producer, id=dataset["id"], title="Jumlah Puskesmas Pembantu")
    assert result["satudata_revision"] == "draft"
    act("resource_update", who.producer, id=resource["id"], name="Tabel 2024", format="CSV",
        upload=_file(b"tahun,jumlah\n2024,12\n", "tabel.csv"))
    added = act("resource_create", who.producer, package_id=dataset["id"], name="Tabel 2025",
                format="CSV", upload=_file(b"tahun,jumlah\n2025,13\n", "tabel-2025.csv"))

    # the public and search keep the approved version, file included
    public = _public(app, dataset["name"])
    assert public["title"] == "Jumlah Puskesmas"
    assert [r["id"] for r in public["resources"]] == [resource["id"]]
    assert _download(app, dataset["id"], resource) == (200, b"tahun,jumlah\n2024,10\n")
    assert _download(app, dataset["id"], added)[0] == 404
    assert _search(app, "pembantu") == []
    # the OPD and the walidata see the revision and what it changes
    pending = act("satudata_revision_show", who.walidata, id=dataset["id"])
    assert pending["state"] == "draft"
    assert pending["dataset"]["title"] == "Jumlah Puskesmas Pembantu"
    assert pending["changes"] == ["title", "resource:Tabel 2024", "+resource:Tabel 2025"]
    assert any(row["field"] == "title" and row["changed"] for row in pending["diff"])
    with pytest.raises(tk.NotAuthorized):
        act("satudata_revision_show", who.other, id=dataset["id"])

    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    with pytest.raises(tk.NotAuthorized):            # under review: no more edits
        act("package_patch", who.producer, id=dataset["id"], title="Lagi")
    act("satudata_dataset_return", who.walidata, id=dataset["id"], note="Satuan belum diisi.")
    assert _public(app, dataset["name"])["title"] == "Jumlah Puskesmas"
    # a second edit builds on the first one, not on the public version
    act("package_patch", who.producer, id=dataset["id"], satuan="unit")
    assert act("satudata_revision_show", who.producer, id=dataset["id"])["dataset"]["title"] == \
        "Jumlah Puskesmas Pembantu"
    act("satudata_dataset_submit", who.producer, id=dataset["id"])
    status = act("satudata_dataset_approve", who.walidata, id=dataset["id"])
    assert (status["state"], status["revision"]) == ("published", None)

    public = _public(app, dataset["name"])
    assert (public["title"], public["satuan"]) == ("Jumlah Puskesmas Pembantu", "unit")
    assert [r["id"] for r in public["resources"]] == [resource["id"], added["id"]]
    assert _download(app, dataset["id"], resource) == (200, b"tahun,jumlah\n2024,12\n")
    assert _download(app, dataset["id"], added) == (200, b"tahun,jumlah\n2025,13\n")
    assert _search(app, "pembantu") == [dataset["name"]]
    last = act("satudata_review_history", who.producer, id=dataset["id"])["decisions"][-1]
    assert (last["action"], last["revision"]) == ("approve", True)
    assert "title" in last["changes"] and "satuan" in last["changes"]
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_revision_show", who.producer, id=dataset["id"])


def test_sysadmin_edits_a_published_dataset_directly(app):
    who = people()
    dataset = dataset_in(who, "published")
    act("package_patch", who.sysadmin, id=dataset["id"], title="Dirapikan Admin")
    assert _public(app, dataset["name"])["title"] == "Dirapikan Admin"


def test_edit_back_to_the_public_version_drops_the_revision():
    who = people()
    dataset = dataset_in(who, "published")
    act("package_patch", who.producer, id=dataset["id"], title="Sementara")
    act("package_patch", who.producer, id=dataset["id"], title=dataset["title"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_revision_show", who.producer, id=dataset["id"])


def test_invalid_revision_is_refused_like_any_edit():
    who = people()
    dataset = dataset_in(who, "published")
    with pytest.raises(tk.ValidationError) as err:
        act("package_patch", who.producer, id=dataset["id"], frekuensi="kadang-kadang")
    assert "frekuensi" in err.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_revision_show", who.producer, id=dataset["id"])


@pytest.mark.parametrize("submitted", [False, True])
def test_takedown_keeps_the_pending_revision_as_the_dataset(app, submitted):
    who = people()
    dataset = dataset_in(who, "published")
    act("package_patch", who.producer, id=dataset["id"], title="Versi Baru")
    if submitted:
        act("satudata_dataset_submit", who.producer, id=dataset["id"])
    act("satudata_dataset_unpublish", who.walidata, id=dataset["id"], note="Data keliru.")
    shown = act("package_show", who.producer, id=dataset["id"])
    assert (shown["title"], shown["satudata_status"], shown["private"]) == (
        "Versi Baru", "unpublished", True)
    assert app.get(f"/api/3/action/package_show?id={dataset['name']}").status_code == 404


REVISION_ALLOWED = {
    ("draft", "submit"): {"producer", "sysadmin"},
    ("returned", "submit"): {"producer", "sysadmin"},
    ("submitted", "withdraw"): {"producer", "sysadmin"},
    ("submitted", "return"): {"walidata", "sysadmin"},
    ("submitted", "approve"): {"walidata", "sysadmin"},
}
REVISION_TARGET = {"submit": "submitted", "withdraw": "draft", "return": "returned",
                   "approve": None}
_REVISION_PATH = {"draft": [], "submitted": [("submit", "producer")],
                  "returned": [("submit", "producer"), ("return", "walidata")]}


def _revised(who, state):
    dataset = dataset_in(who, "published")
    act("package_patch", who.producer, id=dataset["id"], title="Judul Revisi")
    for action, actor in _REVISION_PATH[state]:
        act(f"satudata_dataset_{action}", getattr(who, actor), id=dataset["id"], note="Catatan")
    return dataset


@pytest.mark.parametrize("state", list(_REVISION_PATH))
def test_every_refused_revision_step_is_refused(state):
    who = people()
    dataset = _revised(who, state)
    for action in ("submit", "withdraw", "verify", "return", "approve", "publish"):
        for role in ("anonymous", "producer", "member", "other", "walidata", "sysadmin"):
            if role in REVISION_ALLOWED.get((state, action), set()):
                continue
            with pytest.raises(refusal(action, role)):
                act(f"satudata_dataset_{action}", None if role == "anonymous" else getattr(who, role),
                    id=dataset["id"], note="x")
    status = act("satudata_review_history", who.producer, id=dataset["id"])
    assert (status["state"], status["revision"]) == ("published", state)
    assert call_action("package_show", id=dataset["id"])["title"] == dataset["title"]


@pytest.mark.parametrize("state", list(_REVISION_PATH))
def test_every_allowed_revision_step(state):
    who = people()
    for (source, action), roles in sorted(REVISION_ALLOWED.items()):
        for role in sorted(roles) if source == state else ():
            dataset = _revised(who, state)
            result = act(f"satudata_dataset_{action}", getattr(who, role), id=dataset["id"],
                         note="Catatan")
            assert (result["state"], result["revision"]) == ("published", REVISION_TARGET[action])
            title = call_action("package_show", id=dataset["id"])["title"]
            assert title == ("Judul Revisi" if action == "approve" else dataset["title"])


def test_an_opd_edits_its_datasets_that_sit_in_groups():
    who = people()
    group = factories.Group()
    for state in ("draft", "published"):
        dataset = dataset_in(who, state)
        call_action("member_create", id=group["id"], object=dataset["id"], object_type="package",
                    capacity="public")
        edited = act("package_patch", who.producer, id=dataset["id"], title=f"Diubah {state}")
        assert edited["title"] == f"Diubah {state}"
