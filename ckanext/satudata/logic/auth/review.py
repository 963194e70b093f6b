"""Who may take each review step, see a dataset's record and the queue.

The state decides the rest: the action checks the step against the
state machine once it holds the dataset's lock.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...review import machine, roles

__all__ = [
    "satudata_dataset_submit", "satudata_dataset_withdraw", "satudata_dataset_verify",
    "satudata_dataset_approve", "satudata_dataset_return", "satudata_dataset_publish",
    "satudata_dataset_unpublish", "satudata_review_list", "satudata_review_history",
    "satudata_revision_show",
]


def _package(data_dict: DataDict | None) -> model.Package:
    package = model.Package.get((data_dict or {}).get("id") or "")
    if package is None or package.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


def _step(action: str, context: Context, data_dict: DataDict | None) -> AuthResult:
    package = _package(data_dict)
    allowed = machine.roles_for(action, roles.pendukung_enabled())
    if roles.dataset_roles(context.get("user"), package.owner_org) & allowed:
        return {"success": True}
    if allowed == {machine.WALIDATA}:
        return {"success": False, "msg": tk._("Only the walidata can do this")}
    return {"success": False, "msg": tk._("Only the dataset's OPD can do this")}


def satudata_dataset_submit(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("submit", context, data_dict)


def satudata_dataset_withdraw(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("withdraw", context, data_dict)


@tk.auth_sysadmins_check
def satudata_dataset_verify(context: Context, data_dict: DataDict | None) -> AuthResult:
    if not roles.pendukung_enabled():
        return {"success": False, "msg": tk._("The Walidata Pendukung stage is not in use")}
    return _step("verify", context, data_dict)


def satudata_dataset_approve(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("approve", context, data_dict)


def satudata_dataset_return(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("return", context, data_dict)


def satudata_dataset_publish(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("publish", context, data_dict)


def satudata_dataset_unpublish(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _step("unpublish", context, data_dict)


def satudata_review_list(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Any signed-in user: the walidata sees the queue, others their own OPDs'."""
    if not context.get("user") or model.User.get(context["user"]) is None:
        return {"success": False, "msg": tk._("Sign in to see the review queue")}
    return {"success": True}


def _record(context: Context, data_dict: DataDict | None) -> AuthResult:
    if roles.sees_review(context.get("user"), _package(data_dict).owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the dataset's OPD and the walidata can see its review")}


def satudata_review_history(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _record(context, data_dict)


def satudata_revision_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    return _record(context, data_dict)
