"""Who may ask for Terbatas data, decide, revoke and read the log.

These admit logged-in users; which request or dataset a user may act on is
decided in the action (``logic/action/access.py``) against the row itself,
so that a request one may not read answers as a missing one (404) and one
that can be read but not decided answers 403.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["satudata_access_request_create", "satudata_access_request_show",
           "satudata_access_request_list", "satudata_access_request_approve",
           "satudata_access_request_reject", "satudata_access_grant_revoke",
           "satudata_access_log_list", "satudata_access_expire"]


def _logged_in(context: Context) -> AuthResult:
    if context.get("auth_user_obj") is not None or context.get("user"):
        return {"success": True}
    return {"success": False, "msg": tk._("Log in first")}


def satudata_access_request_create(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Any logged-in user."""
    return _logged_in(context)


def satudata_access_request_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users; the request's requester, their OPD, the owning OPD and the walidata."""
    return _logged_in(context)


def satudata_access_request_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users (each sees the requests they may read)."""
    return _logged_in(context)


def satudata_access_request_approve(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users; the admins of the dataset's OPD (not the requester)."""
    return _logged_in(context)


def satudata_access_request_reject(context: Context, data_dict: DataDict | None) -> AuthResult:
    """As approve."""
    return _logged_in(context)


def satudata_access_grant_revoke(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users; the walidata."""
    return _logged_in(context)


def satudata_access_log_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users; the owning OPD's members and the walidata."""
    return _logged_in(context)


def satudata_access_expire(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Sysadmins only (the daily run)."""
    return {"success": False, "msg": tk._("Only a sysadmin can end the grants")}
