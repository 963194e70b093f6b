"""Factories built through CKAN's actions (ckan.tests.factories), filled
with the Satu Data fields the schemas require."""
from __future__ import annotations

import factory

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckan.tests.factories import Group, Sysadmin, User, UserWithToken  # noqa: F401 (re-exported)

# The Satu Data fields every dataset needs (schemas/dataset.yaml).
REQUIRED = {"notes": "Data uji.", "urusan": "2.12", "frekuensi": "tahunan",
            "klasifikasi_akses": "terbuka"}


class OpdFactory(factories.Organization):
    """An OPD (agency) organization."""
    title = factory.Sequence(lambda n: f"Dinas Uji Coba {n}")
    kode_opd = factory.Sequence(lambda n: f"9.99.0.00.0.00.{n:02d}.0000")
    jenis_instansi = "department"
    # CKAN's factory fills descriptions with Faker's English sentences, which
    # the pages show: a fixed Indonesian one keeps the no-English tests exact.
    description = "OPD untuk pengujian."


Organization = OpdFactory


class DraftDataset(factories.Dataset):
    """A dataset with the required Satu Data metadata, as created: a private draft."""
    notes = REQUIRED["notes"]
    urusan = REQUIRED["urusan"]
    frekuensi = REQUIRED["frekuensi"]
    klasifikasi_akses = REQUIRED["klasifikasi_akses"]


class Dataset(DraftDataset):
    """A published dataset unless ``private=True`` is asked for (then a
    draft), for tests about search and pages rather than about the review.
    It skips the review by writing the decision the way the review actions
    do (tests/logic/action/test_workflow.py covers the real path)."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        dataset = super()._create(model_class, *args, **kwargs)
        if kwargs.get("private"):
            return dataset
        return set_review_state(dataset["id"], "published")


def set_review_state(id_or_name: str, state: str) -> dict:
    """Put a dataset in a review state the way the review actions write it,
    without the review (setup for tests about something else)."""
    site_user = call_action("get_site_user")["name"]
    context = {"ignore_auth": True, "user": site_user, "satudata_status": state}
    return call_action("package_patch", context, id=id_or_name, satudata_status=state)


class WalidataFactory(factories.UserWithToken):
    """An editor of the steward organization (``diskominfo``, created when missing)."""

    @factory.post_generation
    def steward(obj, create, extracted, **kwargs):  # noqa: N805
        name = tk.config["ckanext.satudata.walidata_organization"]
        try:
            call_action("organization_show", id=name)
        except tk.ObjectNotFound:
            OpdFactory(name=name, title="Dinas Komunikasi dan Informatika")
        call_action("organization_member_create", id=name, username=obj["name"],
                    role=extracted or "editor")


class OpdEditorFactory(factories.UserWithToken):
    """A produsen data: editor of a fresh OPD; ``opd_id`` names it."""
    about = "Produsen data untuk pengujian."

    @factory.post_generation
    def opd(obj, create, extracted, **kwargs):  # noqa: N805
        org = extracted or OpdFactory(users=[{"name": obj["name"], "capacity": "editor"}])
        obj["opd_id"] = org["id"]
        obj["opd_name"] = org["name"]
