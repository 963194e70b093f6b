"""The words of the review flow, translated at call time (states, steps)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import machine

__all__ = ["state_label", "step", "done"]


def state_label(state: str | None) -> str:
    labels = {
        machine.DRAFT: tk._("Draft"), machine.SUBMITTED: tk._("Submitted"),
        machine.VERIFIED: tk._("Verified"), machine.RETURNED: tk._("Returned"),
        machine.APPROVED: tk._("Approved"), machine.PUBLISHED: tk._("Published"),
        machine.UNPUBLISHED: tk._("Taken down")}
    return labels.get(state or "", state or "")


def step(action: str) -> str:
    return {"submit": tk._("submit"), "withdraw": tk._("withdraw")}.get(action, action)


def done(action: str) -> str:
    return {"submit": tk._("submitted"), "withdraw": tk._("withdrawn"),
            "verify": tk._("verified"), "return": tk._("returned"),
            "approve": tk._("approved"), "publish": tk._("published"),
            "unpublish": tk._("taken down")}[action]
