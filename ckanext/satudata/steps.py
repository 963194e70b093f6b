"""Where a dataset stands in the review for one user, and which steps that
user can take now (the decision actions, buttons, pages)."""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model

from . import roles, workflow
from .model import review

__all__ = ["Situation", "situation", "check", "available"]


@dataclasses.dataclass(frozen=True)
class Situation:
    state: str
    pending: dict[str, Any] | None        # the revision of a published dataset
    submission: dict[str, Any] | None     # the latest submit, with its snapshot
    user: model.User | None
    roles: frozenset[str]

    @property
    def revision(self) -> str | None:
        return self.pending["state"] if self.pending else None

    @property
    def is_submitter(self) -> bool:
        return bool(self.submission and self.user and self.submission["actor_id"] == self.user.id)


def situation(package: model.Package, user_name: str | None, *,
              for_update: bool = False) -> Situation:
    """``for_update`` locks the revision row too (the caller holds the
    dataset's lock)."""
    user = model.User.get(user_name or "")
    return Situation(
        state=workflow.state_of(package.extras, package.private),
        pending=review.revision(model.Session, package.id, for_update=for_update),
        submission=review.last_entry(model.Session, package.id, action="submit"),
        user=user, roles=roles.dataset_roles(user.name if user else None, package.owner_org))


def check(action: str, where: Situation, *, state: str | None = None,
          note: str | None = None) -> workflow.Decision:
    """``workflow.decide`` for this situation (``state`` overrides the
    dataset's, for a step that follows another)."""
    return workflow.decide(action, state or where.state, where.roles, revision=where.revision,
                           note=note, is_submitter=where.is_submitter,
                           pendukung=roles.pendukung_enabled())


def available(user_name: str | None, package_id: str) -> list[str]:
    package = model.Package.get(package_id)
    if package is None or not user_name:
        return []
    where = situation(package, user_name)
    found = []
    for action in workflow.ACTIONS:
        try:
            check(action, where, note="-")
        except (workflow.InvalidTransition, workflow.NotPermitted):
            continue
        found.append(action)
    return found
