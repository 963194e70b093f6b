"""Template helpers of the file checks, the quality score and the link
checks (registered through ``helpers.py``)."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from . import labels

__all__ = ["satudata_file_check", "satudata_file_checks", "satudata_quality",
           "satudata_quality_label", "satudata_link_check"]


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


def satudata_quality(pkg: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The dataset's quality score with every criterion (``satudata_quality_show``)."""
    try:
        return tk.get_action("satudata_quality_show")(_context(), {"id": pkg["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def satudata_quality_label(rating: str) -> str:
    return labels.rating_label(rating)


def satudata_link_check(resource_id: str) -> Optional[dict[str, Any]]:
    """The last check of a resource's link or file for its OPD and the
    walidata; None for anyone else and before the first check."""
    if not tk.current_user.is_authenticated:
        return None
    try:
        return tk.get_action("satudata_link_check_show")(_context(), {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
