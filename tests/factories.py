"""Factories built through CKAN's actions (ckan.tests.factories), filled
with the Satu Data fields the schemas require."""
from __future__ import annotations

import factory

from ckan.tests import factories
from ckan.tests.factories import Group, Sysadmin, User, UserWithToken  # noqa: F401 (re-exported)

# The Satu Data fields every dataset needs (schemas/dataset.yaml).
REQUIRED = {"notes": "Data uji.", "urusan": "2.12", "frekuensi": "tahunan",
            "klasifikasi_akses": "terbuka"}


class OpdFactory(factories.Organization):
    """An OPD (agency) organization."""
    title = factory.Sequence(lambda n: f"Dinas Uji Coba {n}")
    kode_opd = factory.Sequence(lambda n: f"9.99.0.00.0.00.{n:02d}.0000")
    jenis_instansi = "department"


Organization = OpdFactory


class Dataset(factories.Dataset):
    """A dataset with the required Satu Data metadata."""
    notes = REQUIRED["notes"]
    urusan = REQUIRED["urusan"]
    frekuensi = REQUIRED["frekuensi"]
    klasifikasi_akses = REQUIRED["klasifikasi_akses"]


class OpdEditorFactory(factories.UserWithToken):
    """A produsen data: editor of a fresh OPD; ``opd_id`` names it."""

    @factory.post_generation
    def opd(obj, create, extracted, **kwargs):  # noqa: N805
        org = extracted or OpdFactory(users=[{"name": obj["name"], "capacity": "editor"}])
        obj["opd_id"] = org["id"]
        obj["opd_name"] = org["name"]
