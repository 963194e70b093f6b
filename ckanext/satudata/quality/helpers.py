"""Template helpers of the file checks (registered through ``helpers.py``)."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

__all__ = ["satudata_file_check", "satudata_file_checks"]


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def satudata_file_check(resource_id: str) -> Optional[dict[str, Any]]:
    """The check of a resource's file for its OPD and the walidata; None
    for anyone else and for a file never checked."""
    if not tk.current_user.is_authenticated:
        return None
    try:
        return tk.get_action("satudata_file_check_show")(_context(), {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None


def satudata_file_checks(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks of a dataset's files (its revision's included) for the
    review page; empty for anyone else."""
    if not tk.current_user.is_authenticated:
        return []
    try:
        return tk.get_action("satudata_file_check_list")(_context(), {"id": pkg["id"]})
    except (tk.ObjectNotFound, tk.ValidationError):
        return []
