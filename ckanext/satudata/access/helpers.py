"""Template helpers of the access requests (listed in ``ckanext/satudata/helpers.py``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from . import labels

__all__ = ["satudata_access_state_label", "satudata_local_time", "satudata_access_decides",
           "satudata_access_decides_any"]


def satudata_access_state_label(state: str | None) -> str:
    return labels.state_label(state or "")


def satudata_local_time(value: str | None) -> str:
    """An ISO 8601 moment (the API's, UTC) in the portal's time zone."""
    if not value:
        return ""
    try:
        return labels.local(datetime.datetime.fromisoformat(value))
    except ValueError:
        return value


def satudata_access_decides(request: dict[str, Any]) -> bool:
    """May the signed-in user approve or reject this request?"""
    user = tk.current_user
    if not user.is_authenticated or user.name == request.get("user_name"):
        return False
    return authz.is_sysadmin(user.name) or authz.users_role_for_group_or_org(
        request.get("owner_org"), user.name) == "admin"


def satudata_access_decides_any() -> bool:
    """Is the signed-in user an admin of some OPD (who decides its requests)?"""
    user = tk.current_user
    if not user.is_authenticated:
        return False
    return bool(tk.get_action("organization_list_for_user")(
        {"user": user.name, "ignore_auth": True}, {"permission": "manage_group"}))
