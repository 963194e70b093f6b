"""Which review steps a user can take on a dataset now (buttons, pages)."""
from __future__ import annotations

import ckan.model as model

from . import roles, workflow
from .model import review

__all__ = ["available"]


def available(user_name: str | None, package_id: str) -> list[str]:
    package = model.Package.get(package_id)
    if package is None or not user_name:
        return []
    user = model.User.get(user_name)
    state = workflow.state_of(package.extras, package.private)
    pending = review.revision(model.Session, package.id)
    submission = review.last_submission(model.Session, package.id)
    actor_roles = roles.dataset_roles(user_name, package.owner_org)
    found = []
    for action in workflow.ACTIONS:
        try:
            workflow.decide(action, state, actor_roles, note="-",
                            revision=pending["state"] if pending else None,
                            is_submitter=bool(submission and user and submission["actor_id"] == user.id),
                            pendukung=roles.pendukung_enabled())
        except (workflow.InvalidTransition, workflow.NotPermitted):
            continue
        found.append(action)
    return found
