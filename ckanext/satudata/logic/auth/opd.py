"""Only sysadmins load the OPD list (it creates organizations)."""
from __future__ import annotations

from ckan.types import AuthResult, Context, DataDict

__all__ = ["satudata_opd_import"]


def satudata_opd_import(context: Context, data_dict: DataDict) -> AuthResult:
    # sysadmins pass before any auth function runs; everyone else is refused
    return {"success": False}
