"""Who may see a dataset that is not published (IPermissionLabels).

CKAN's own labels stay: ``public`` for a public dataset, ``member-<org>``
so the OPD sees its own, ``collaborator-<id>``. A dataset the OPD has
handed to the walidata (any state but draft) also carries ``walidata``,
which the walidata's users hold. Search, package_show, resources,
activity streams and everything built on them filter by these labels.
"""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa
from ckan.lib.plugins import DefaultPermissionLabels

from . import machine, roles

__all__ = ["dataset_labels", "user_labels", "hide_public_history", "WALIDATA"]

WALIDATA = "walidata"
_core = DefaultPermissionLabels()


def dataset_labels(dataset: model.Package) -> list[str]:
    labels = _core.get_dataset_labels(dataset)
    if labels != ["public"] and machine.state_of(dataset.extras, dataset.private) != machine.DRAFT:
        labels.append(WALIDATA)
    return labels


def user_labels(user: model.User | None) -> list[str]:
    labels = _core.get_user_dataset_labels(user)
    if user is not None and not user.is_anonymous and roles.is_walidata(user.name):
        labels.append(WALIDATA)
    return labels


def hide_public_history(package: model.Package) -> None:
    """CKAN labels each activity when it records it; a dataset taken down
    takes the activities of its public past with it (they hold its full
    metadata). Commits."""
    model.Session.execute(sa.text(
        "UPDATE activity SET permission_labels = :labels "
        "WHERE object_id = :id AND 'public' = ANY(permission_labels)"),
        {"labels": dataset_labels(package), "id": package.id})
    model.repo.commit()
