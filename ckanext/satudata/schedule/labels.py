"""The schedule's words, translated at call time."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import rules

__all__ = ["status_label", "status_labels"]


def status_labels() -> dict[str, str]:
    return {rules.CURRENT: tk._("Current"), rules.DUE: tk._("Due"),
            rules.OVERDUE: tk._("Overdue"), rules.DELINQUENT: tk._("Delinquent"),
            rules.AD_HOC: tk._("Ad hoc")}


def status_label(status: str | None) -> str:
    return status_labels().get(status or "", status or "")
