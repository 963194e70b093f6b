"""Who may read and who may change the Daftar Data: everyone reads it,
the walidata keeps it."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...review import roles

__all__ = ["satudata_daftar_data_import", "satudata_daftar_data_list",
           "satudata_daftar_data_show", "satudata_daftar_data_create",
           "satudata_daftar_data_update", "satudata_daftar_data_delete",
           "satudata_daftar_data_summary"]


def _walidata(context: Context) -> AuthResult:
    if roles.is_walidata(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the walidata can do this")}


def satudata_daftar_data_import(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _walidata(context)


def satudata_daftar_data_create(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _walidata(context)


def satudata_daftar_data_update(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _walidata(context)


def satudata_daftar_data_delete(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _walidata(context)


@tk.auth_allow_anonymous_access
def satudata_daftar_data_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_daftar_data_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_daftar_data_summary(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}
