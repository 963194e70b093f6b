"""Who may count a view: everyone (the counts are aggregates)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["satudata_usage_record"]


@tk.auth_allow_anonymous_access
def satudata_usage_record(context: Context, data_dict: DataDict | None) -> AuthResult:
    """Everyone."""
    return {"success": True}
