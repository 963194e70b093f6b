"""Where a dataset stands in the review for one user, and which steps that
user can take now (the decision actions, buttons, pages)."""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model

from . import machine, roles, store

__all__ = ["Situation", "situation", "check", "available", "summary"]


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
        state=machine.state_of(package.extras, package.private),
        pending=store.revision(model.Session, package.id, for_update=for_update),
        submission=store.last_entry(model.Session, package.id, action="submit"),
        user=user, roles=roles.dataset_roles(user.name if user else None, package.owner_org))


def check(action: str, where: Situation, *, state: str | None = None,
          note: str | None = None) -> machine.Decision:
    """``machine.decide`` for this situation (``state`` overrides the
    dataset's, for a step that follows another)."""
    return machine.decide(action, state or where.state, where.roles, revision=where.revision,
                           note=note, is_submitter=where.is_submitter,
                           pendukung=roles.pendukung_enabled())


def available(user_name: str | None, package_id: str) -> list[str]:
    package = model.Package.get(package_id)
    if package is None or not user_name:
        return []
    where = situation(package, user_name)
    found = []
    for action in machine.ACTIONS:
        try:
            check(action, where, note="-")
        except (machine.InvalidTransition, machine.NotPermitted):
            continue
        found.append(action)
    return found


def summary(package_id: str, *, last_note: bool = False) -> dict[str, Any]:
    """A dataset's review status, the one shape every caller reads: ``id``,
    ``name``, ``title``, ``owner_org``, ``state``, ``revision`` (the state of
    a pending revision or None) and, with ``last_note``, the latest decision
    that carried a note. An unknown dataset gives ``{}``."""
    package = model.Package.get(package_id)
    if package is None:
        return {}
    pending = store.revision(model.Session, package.id)
    found = {"id": package.id, "name": package.name, "title": package.title,
             "owner_org": package.owner_org,
             "state": machine.state_of(package.extras, package.private),
             "revision": pending["state"] if pending else None}
    if last_note:
        found["last_note"] = store.last_entry(model.Session, package.id, noted=True)
    return found
