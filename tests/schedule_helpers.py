"""A small catalogue with datasets in every schedule status, shared by the
schedule's tests (built once per module: each reset costs seconds)."""
from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from . import factories

# (name, frekuensi, days since the data changed) -> status today
AGED = {
    "mutakhir-tahunan": ("tahunan", 100, "mutakhir"),
    "jatuh-tempo-tahunan": ("tahunan", 400, "jatuh_tempo"),
    "terlambat-tahunan": ("tahunan", 430, "terlambat"),
    "sangat-terlambat-bulanan": ("bulanan", 90, "sangat_terlambat"),
    "tidak-berkala": ("tidak_tetap", 3000, "tidak_berkala"),
}


def aged_dataset(name: str, frekuensi: str, days: int, org: dict[str, Any],
                 **fields: Any) -> dict[str, Any]:
    """A published dataset whose one file last changed ``days`` ago."""
    when = (datetime.datetime.utcnow() - datetime.timedelta(days=days)).isoformat()
    return factories.Dataset(
        name=name, title=name.replace("-", " ").title(), owner_org=org["id"],
        frekuensi=frekuensi,
        resources=[{"url": f"http://example.test/{name}.csv", "format": "CSV",
                    "created": when, "last_modified": when}], **fields)


def build() -> SimpleNamespace:
    opd = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    other = factories.OpdFactory(name="dindik", title="Dinas Pendidikan")
    editor, admin, member, outsider = (ckan_factories.UserWithToken() for _ in range(4))
    for user, org, role in ((editor, opd, "editor"), (admin, opd, "admin"),
                            (member, opd, "member"), (outsider, other, "editor")):
        call_action("organization_member_create", id=org["id"], username=user["name"], role=role)
    datasets = {name: aged_dataset(name, freq, days, opd) for name, (freq, days, _) in AGED.items()}
    datasets["lain-terlambat"] = aged_dataset("lain-terlambat", "bulanan", 50, other)
    datasets["draf-terlambat"] = aged_dataset("draf-terlambat", "bulanan", 50, opd, private=True)
    return SimpleNamespace(opd=opd, other=other, editor=editor, admin=admin, member=member,
                           outsider=outsider, walidata=factories.WalidataFactory(),
                           sysadmin=ckan_factories.SysadminWithToken(), datasets=datasets)


def module_catalogue(reset_db, migrate_db_for) -> SimpleNamespace:

    from .conftest import plugins_loaded, reset_portal
    plugins_loaded()          # once per run (tests/conftest.py)
    reset_portal(reset_db, migrate_db_for)
    return build()


@pytest.fixture(scope="module")
def catalogue(reset_db, migrate_db_for):
    """Read-only: tests using it change nothing (or only what they made)."""
    return module_catalogue(reset_db, migrate_db_for)
