"""Who sees a file check: the dataset's OPD and the walidata (as its review)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...review import roles

__all__ = ["satudata_file_check_show", "satudata_file_check_list"]


def satudata_file_check_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """``id``: the dataset's."""
    package = model.Package.get((data_dict or {}).get("id") or "")
    if package is not None and roles.sees_review(context.get("user"), package.owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the dataset's OPD and the walidata can see its file checks")}


def satudata_file_check_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    return satudata_file_check_show(context, data_dict)
