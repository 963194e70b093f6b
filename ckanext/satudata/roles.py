"""Who plays which Satu Data role (Perpres 39/2019)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

__all__ = ["is_walidata"]


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
