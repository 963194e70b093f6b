"""Core auth functions, tightened for the review flow."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic.auth import get_package_object
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ...review import revisions, roles

__all__ = ["package_update"]


@tk.chained_auth_function
def package_update(next_auth: AuthFunction, context: Context, data_dict: DataDict | None
                   ) -> AuthResult:
    """While the walidata decides, the OPD waits (or withdraws first); the
    dataset page then offers no edit button."""
    result = next_auth(context, data_dict)
    if not result.get("success") or roles.is_walidata(context.get("user")):
        return result
    if revisions.locked(get_package_object(context, data_dict)):
        return {"success": False,
                "msg": tk._("This dataset is under review: withdraw the submission to edit it")}
    return result
