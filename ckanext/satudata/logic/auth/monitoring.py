"""Who sees the monev figures: anyone their public part, the walidata all
(``logic/action/monitoring.py`` decides which)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["satudata_monev_show"]


@tk.auth_allow_anonymous_access
def satudata_monev_show(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}
