"""Who sees a file or link check: the dataset's OPD and the walidata (as its
review); a quality score: whoever sees the dataset."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...review import roles

__all__ = ["satudata_file_check_show", "satudata_file_check_list", "satudata_quality_show",
           "satudata_link_check_show", "satudata_link_check_list"]


def satudata_file_check_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """``id``: the dataset's."""
    package = model.Package.get((data_dict or {}).get("id") or "")
    if package is not None and roles.sees_review(context.get("user"), package.owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the dataset's OPD and the walidata can see its file checks")}


def satudata_file_check_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    return satudata_file_check_show(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_quality_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Anyone who can see the dataset (the action reads it with package_show)."""
    return {"success": True}


def satudata_link_check_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """``id``: the dataset's: its OPD and the walidata, as its file checks."""
    return satudata_file_check_show(context, data_dict)


def satudata_link_check_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Logged-in users: an officer sees their OPDs' links, the walidata every OPD's."""
    if context.get("user"):
        return {"success": True}
    return {"success": False, "msg": tk._("Only OPD officers and the walidata can list link checks")}
