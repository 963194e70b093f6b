"""A Terbatas dataset with a request in every state, shared by the access
tests (built once per module: a reset costs seconds).

Disdukcapil owns ``penduduk`` (a linked file and an uploaded one); Dinsos'
people ask for it. Each person stands for one row of the leak matrix.
"""
from __future__ import annotations

import datetime
import io
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from . import factories

LINK_URL = "http://rahasia.example.test/penduduk-per-desa.csv"
UPLOAD_NAME = "penduduk-per-kecamatan.csv"
UPLOAD_BODY = b"kecamatan,jumlah\nCiomas,52311\n"
# what no one without a grant may see anywhere
SECRETS = ("rahasia.example.test", UPLOAD_NAME)


def until(days: float) -> str:
    return (datetime.datetime.now(datetime.timezone.utc)
            + datetime.timedelta(days=days)).isoformat()


def act(action: str, user: dict[str, Any] | None, **data: Any) -> Any:
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return call_action(action, context, **data)


def ask(user: dict[str, Any], dataset: dict[str, Any], **data: Any) -> dict[str, Any]:
    data.setdefault("keperluan", "Perencanaan bantuan sosial")
    data.setdefault("berlaku_sampai", until(30))
    return act("satudata_access_request_create", user, package_id=dataset["id"], **data)


def end_now(request_id: str, seconds_ago: float = 1) -> None:
    """A grant whose end passed ``seconds_ago`` (as time would make it)."""
    model.Session.execute(sa.text(
        "UPDATE satudata_access_request SET ends = now() - make_interval(secs => :s), "
        "asked_until = least(asked_until, now() - make_interval(secs => :s)) WHERE id = :id"),
        {"id": request_id, "s": seconds_ago})
    model.Session.commit()


def restricted_dataset(org: dict[str, Any], editor: dict[str, Any], name: str) -> dict[str, Any]:
    """A published Terbatas dataset with a linked and an uploaded file."""
    draft = factories.Dataset(
        name=name, title=name.replace("-", " ").title(), owner_org=org["id"],
        klasifikasi_akses="terbatas", private=True,
        resources=[{"url": LINK_URL, "name": "Per desa", "format": "CSV"}])
    call_action("resource_create", {"user": editor["name"]}, package_id=draft["id"],
                name="Per kecamatan", format="CSV",
                upload=FileStorage(io.BytesIO(UPLOAD_BODY), UPLOAD_NAME, content_type="text/csv"))
    return factories.set_review_state(draft["id"], "published")


def build() -> SimpleNamespace:
    owner = factories.OpdFactory(name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dinsos = factories.OpdFactory(name="dinsos", title="Dinas Sosial")
    users = {role: ckan_factories.UserWithToken(name=role.replace("_", "-"))
             for role in ("admin", "editor", "member", "stranger", "pending", "grantee",
                          "partial", "ended", "revoked", "asker", "orgmate", "rejected")}
    for role, org, capacity in (("admin", owner, "admin"), ("editor", owner, "editor"),
                                ("member", owner, "member"), ("asker", dinsos, "editor"),
                                ("orgmate", dinsos, "member")):
        call_action("organization_member_create", id=org["id"], username=users[role]["name"],
                    role=capacity)
    walidata = factories.WalidataFactory()
    dataset = restricted_dataset(owner, users["editor"], "penduduk")
    link, upload = dataset["resources"]
    admin = users["admin"]
    requests = {}
    for role in ("pending", "grantee", "partial", "ended", "revoked", "rejected"):
        extra = {"resource_ids": [link["id"]]} if role == "partial" else {}
        requests[role] = ask(users[role], dataset, **extra)["id"]
    requests["asker"] = ask(users["asker"], dataset, organization_id=dinsos["id"])["id"]
    for role in ("grantee", "partial", "ended", "revoked", "asker"):
        act("satudata_access_request_approve", admin, id=requests[role], note="Disetujui")
    act("satudata_access_request_reject", admin, id=requests["rejected"], note="Tanpa dasar hukum")
    act("satudata_access_grant_revoke", walidata, id=requests["revoked"], note="Disalahgunakan")
    end_now(requests["ended"])
    return SimpleNamespace(owner=owner, dinsos=dinsos, users=users, walidata=walidata,
                           sysadmin=ckan_factories.SysadminWithToken(), dataset=dataset,
                           link=link, upload=upload, requests=requests)


@pytest.fixture(scope="module")
def catalogue(reset_db, migrate_db_for):
    """Read-only: tests using it change nothing (or only what they made)."""
    from .conftest import plugins_loaded, reset_portal
    plugins_loaded()
    reset_portal(reset_db, migrate_db_for)
    return build()
