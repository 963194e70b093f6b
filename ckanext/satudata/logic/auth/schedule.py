"""Who may see a schedule, confirm a dataset current and plan its release."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...review import machine, roles

__all__ = ["satudata_schedule_show", "satudata_schedule_list",
           "satudata_dataset_confirm_current", "satudata_schedule_plan",
           "satudata_schedule_remind"]


@tk.auth_allow_anonymous_access
def satudata_schedule_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Whoever may see the dataset."""
    try:
        tk.check_access("package_show", context, data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_schedule_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Everyone: it lists published datasets only."""
    return {"success": True}


def _producer(context: Context, data_dict: DataDict | None) -> AuthResult:
    package = model.Package.get((data_dict or {}).get("id") or "")
    if package is None or package.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    found = roles.dataset_roles(context.get("user"), package.owner_org)
    if found & {machine.PRODUCER, machine.WALIDATA}:
        return {"success": True}
    return {"success": False, "msg": tk._("Only the dataset's OPD can do this")}


def satudata_dataset_confirm_current(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The dataset's OPD (its editors and admins) and the walidata."""
    return _producer(context, data_dict)


def satudata_schedule_plan(context: Context, data_dict: DataDict | None) -> AuthResult:
    """The dataset's OPD and the walidata."""
    return _producer(context, data_dict)


def satudata_schedule_remind(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Sysadmins only (the daily run)."""
    return {"success": False, "msg": tk._("Only a sysadmin can send the reminders")}
