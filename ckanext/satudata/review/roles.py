"""Who plays which Satu Data role (Perpres 39/2019)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from . import machine

__all__ = ["is_walidata", "dataset_roles", "pendukung_enabled", "stewards", "sees_review"]


def is_walidata(user_name: str | None) -> bool:
    """Sysadmins and the editors and admins of the steward organization
    (``ckanext.satudata.walidata_organization``)."""
    if not user_name:
        return False
    if authz.is_sysadmin(user_name):
        return True
    steward = tk.config["ckanext.satudata.walidata_organization"]
    return bool(steward) and authz.has_user_permission_for_group_or_org(
        steward, user_name, "update_dataset")


def sees_review(user_name: str | None, owner_org: str | None) -> bool:
    """A dataset's review (state, record, revision) is for its OPD's
    members and the walidata."""
    if not user_name:
        return False
    return is_walidata(user_name) or bool(
        owner_org and authz.has_user_permission_for_group_or_org(owner_org, user_name, "read"))


def pendukung_enabled() -> bool:
    return tk.config["ckanext.satudata.workflow.walidata_pendukung"]


def dataset_roles(user_name: str | None, owner_org: str | None) -> frozenset[str]:
    """The user's roles towards a dataset of ``owner_org``: ``producer``
    (editor or admin of the OPD), ``pendukung`` (admin of the OPD, when the
    Walidata Pendukung stage is on), ``walidata``."""
    if not user_name:
        return frozenset()
    found = set()
    if owner_org and authz.has_user_permission_for_group_or_org(owner_org, user_name, "update_dataset"):
        found.add(machine.PRODUCER)
        if pendukung_enabled() and (authz.users_role_for_group_or_org(owner_org, user_name) == "admin"
                                    or authz.is_sysadmin(user_name)):
            found.add(machine.PENDUKUNG)
    if is_walidata(user_name):
        found.add(machine.WALIDATA)
    return frozenset(found)


def stewards(org_id_or_name: str | None, capacities: tuple[str, ...] = ("editor", "admin")
             ) -> list[model.User]:
    """Active users holding ``capacities`` in an organization (the walidata's
    by default); whom submissions are announced to."""
    org = model.Group.get(org_id_or_name or "")
    if org is None:
        return []
    return (model.Session.query(model.User)
            .join(model.Member, model.Member.table_id == model.User.id)
            .filter(model.Member.group_id == org.id, model.Member.table_name == "user",
                    model.Member.state == "active", model.Member.capacity.in_(capacities),
                    model.User.state == "active")
            .order_by(model.User.name).all())
