"""Factories built through CKAN's actions (ckan.tests.factories)."""
from __future__ import annotations

import factory

from ckan.tests import factories


class OpdFactory(factories.Organization):
    """An OPD (agency) organization."""
    title = factory.Sequence(lambda n: f"Dinas Uji Coba {n}")


class OpdEditorFactory(factories.UserWithToken):
    """A produsen data: editor of a fresh OPD; ``opd_id`` names it."""

    @factory.post_generation
    def opd(obj, create, extracted, **kwargs):  # noqa: N805
        org = extracted or OpdFactory(users=[{"name": obj["name"], "capacity": "editor"}])
        obj["opd_id"] = org["id"]
        obj["opd_name"] = org["name"]


