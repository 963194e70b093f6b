"""Template helpers of the schedule (listed in ``ckanext/satudata/helpers.py``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from babel.dates import format_date

from .. import lang
from ..review import roles
from . import labels, sync

__all__ = ["satudata_schedule_status", "satudata_schedule_label", "satudata_can_confirm",
           "satudata_month_label", "satudata_my_late"]


def satudata_schedule_status(jadwal: dict[str, Any] | None) -> str:
    """The status today of a dataset's ``satudata_jadwal``."""
    return sync.fresh_status(jadwal or {})


def satudata_schedule_label(status: str | None) -> str:
    return labels.status_label(status)


def satudata_can_confirm(pkg: dict[str, Any]) -> bool:
    """May the user confirm this dataset current (its OPD, the walidata)?"""
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None
    found = roles.dataset_roles(user, pkg.get("owner_org"))
    return bool(found & {"producer", "walidata"})


def satudata_month_label(month: datetime.date) -> str:
    """``Januari 2027`` in the reader's language."""
    return format_date(month, "LLLL yyyy", locale=lang.current())


def satudata_my_late() -> list[dict[str, Any]]:
    """The user's OPDs' datasets that are due or late, most urgent first
    (Dataset Saya shows them above the rest)."""
    user = tk.current_user.name if tk.current_user and tk.current_user.is_authenticated else None
    if not user:
        return []
    return tk.get_action("satudata_schedule_list")(
        {"user": user}, {"mine": True, "status": ["sangat_terlambat", "terlambat", "jatuh_tempo"],
                         "limit": 100})["results"]
