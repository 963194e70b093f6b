"""No existence oracle in the API: an action on a dataset, or on one of its
resources, resource views or activities, fails for an object the caller may
not see exactly as for one that does not exist: ``ObjectNotFound`` with no
message, which the API answers 404 ``{"__type": "Not Found Error",
"message": "Tidak ditemukan"}``. An object the caller can see keeps the
action's own errors: editing a published dataset one may not edit is still
a 403, a missing previous activity still says so.

A read is checked when it fails (``NotAuthorized`` or ``ObjectNotFound``),
so a successful one costs nothing more. A write is checked before it runs:
several validate or answer before their auth check (``unfollow_dataset``
of a dataset one does not follow succeeds, a review decision's state check
would tell a draft exists), and so are the reads that never read the
dataset (follower counts, the review record). Calls with ``ignore_auth``
are left alone. Who may see what is decided in ``web/hidden.py``
(``visible``), for pages and actions alike.

Core and plugin actions are chained. A plugin registers one function per
name, so our own actions and ``package_update`` (chained in ``dataset.py``)
are wrapped here and exported in their place: ``__init__`` imports this
module last.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, ChainedAction, Context, DataDict

from ...web import hidden
from ...web.hidden import ACTIVITY, DATASET, RESOURCE, VIEW
from . import dataset as _dataset
from . import review as _review
from . import schedule as _schedule

__all__ = [
    "package_show", "package_activity_list", "package_relationships_list",
    "package_collaborator_list", "dataset_follower_count", "am_following_dataset",
    "follow_dataset", "unfollow_dataset", "package_update", "package_patch", "package_revise",
    "package_delete", "package_resource_reorder", "package_collaborator_create",
    "package_collaborator_delete", "package_relationship_create", "package_relationship_update",
    "package_relationship_delete", "dcat_dataset_show", "resource_create",
    "resource_show", "resource_view_list", "resource_update", "resource_patch", "resource_delete",
    "resource_view_create", "resource_view_reorder",
    "resource_view_show", "resource_view_update", "resource_view_delete",
    "activity_show", "activity_data_show", "activity_diff",
    "satudata_dataset_submit", "satudata_dataset_withdraw", "satudata_dataset_verify",
    "satudata_dataset_approve", "satudata_dataset_return", "satudata_dataset_publish",
    "satudata_dataset_unpublish",
    "satudata_review_history", "satudata_revision_show",
    "satudata_schedule_show", "satudata_dataset_confirm_current", "satudata_schedule_plan",
]

Refs = Callable[[DataDict], list[Any]]


def _first(*keys: str) -> Refs:
    """The object is named by the first of ``keys`` given (``id`` or ``name``)."""
    return lambda data: [next((data[key] for key in keys if data.get(key)), None)]


_ID = _first("id")


def _each(required: str, *optional: str) -> Refs:
    """Two objects, both to be seen (``id`` and, when given, ``id2``)."""
    return lambda data: [data.get(required), *(data[key] for key in optional if data.get(key))]


def _match(data: DataDict) -> list[Any]:
    """package_revise's ``match`` (a dict, its JSON or ``match__id`` fields)."""
    match = data.get("match")
    if isinstance(match, str):
        try:
            match = json.loads(match)
        except ValueError:
            match = None
    if not isinstance(match, dict):
        match = {key[len("match__"):]: value for key, value in data.items()
                 if key.startswith("match__")}
    return [match.get("id") or match.get("name")]


def _unseen(kind: str, refs: list[Any], context: Context) -> bool:
    return not context.get("ignore_auth") and not all(
        hidden.visible(kind, ref, context) for ref in refs)


def _guarded(kind: str, refs: Refs, action: Callable[[Context, DataDict], Any],
             context: Context, data_dict: DataDict, before: bool) -> Any:
    named = refs(data_dict or {})
    if before:
        if _unseen(kind, named, context):
            raise tk.ObjectNotFound()
        return action(context, data_dict)
    try:
        return action(context, data_dict)
    except (tk.ObjectNotFound, tk.NotAuthorized):
        if _unseen(kind, named, context):
            raise tk.ObjectNotFound() from None
        raise


def _chain(kind: str, refs: Refs = _ID, *, reads: bool = False,
           before: bool | None = None) -> ChainedAction:
    """A core or plugin action, guarded; ``reads``: side-effect free (GET),
    checked after it fails unless ``before``."""
    check_first = not reads if before is None else before

    def guarded(next_action: Action, context: Context, data_dict: DataDict) -> Any:
        return _guarded(kind, refs, next_action, context, data_dict, check_first)
    chained = tk.chained_action(guarded)
    return tk.side_effect_free(chained) if reads else chained


def _own(action: Action, kind: str = DATASET, refs: Refs = _ID, *,
         before: bool = True) -> Action:
    """One of our actions, guarded (its name, docstring and flags kept)."""
    @functools.wraps(action)
    def guarded(context: Context, data_dict: DataDict) -> Any:
        return _guarded(kind, refs, action, context, data_dict, before)
    return guarded


# datasets
package_show = _chain(DATASET, _first("id", "name_or_id"), reads=True)
package_activity_list = _chain(DATASET, reads=True)
package_relationships_list = _chain(DATASET, _each("id", "id2"), reads=True)
# reads that answer (or fail otherwise) without reading the dataset
_collaborator_list = _chain(DATASET, reads=True, before=True)


@tk.side_effect_free
@tk.chained_action
def package_collaborator_list(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    # CKAN's auth asserts a user (a 500 for a visitor): refuse a visitor plainly
    if not context.get("user") and not context.get("ignore_auth"):
        return _guarded(DATASET, _ID, _refuse, context, data_dict, before=True)
    return _collaborator_list(next_action, context, data_dict)


def _refuse(context: Context, data_dict: DataDict) -> Any:
    raise tk.NotAuthorized(tk._("Not authorized to see this page"))
dataset_follower_count = _chain(DATASET, reads=True, before=True)
am_following_dataset = _chain(DATASET, reads=True, before=True)
follow_dataset = _chain(DATASET)
unfollow_dataset = _chain(DATASET)
package_patch = _chain(DATASET, _first("id", "name"))
package_revise = _chain(DATASET, _match)
package_delete = _chain(DATASET)
package_resource_reorder = _chain(DATASET)
package_collaborator_create = _chain(DATASET)
package_collaborator_delete = _chain(DATASET)
package_relationship_create = _chain(DATASET, _each("subject", "object"))
package_relationship_update = _chain(DATASET, _each("subject", "object"))
package_relationship_delete = _chain(DATASET, _each("subject", "object"))
dcat_dataset_show = _chain(DATASET, before=False)      # a read, though POST only
resource_create = _chain(DATASET, _first("package_id"))


@tk.chained_action
@functools.wraps(_dataset.package_update)
def package_update(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    return _guarded(DATASET, _first("id", "name"),
                    functools.partial(_dataset.package_update, next_action),
                    context, data_dict, before=True)


# resources, resource views, activities
resource_show = _chain(RESOURCE, reads=True)
resource_view_list = _chain(RESOURCE, reads=True)
resource_update = _chain(RESOURCE)
resource_patch = _chain(RESOURCE)
resource_delete = _chain(RESOURCE)
resource_view_create = _chain(RESOURCE, _first("resource_id"))
resource_view_reorder = _chain(RESOURCE)
resource_view_show = _chain(VIEW, reads=True)
resource_view_update = _chain(VIEW)
resource_view_delete = _chain(VIEW)
_activity_show = _chain(ACTIVITY, reads=True)


@tk.side_effect_free
@tk.chained_action
def activity_show(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    # the activity's auth reads ``include_data`` unchecked (a 500 without it);
    # activity_show returns the activity's data, so it is checked as such
    data_dict = {"include_data": True, **(data_dict or {})}
    return _activity_show(next_action, context, data_dict)
activity_data_show = _chain(ACTIVITY, reads=True)
activity_diff = _chain(ACTIVITY, reads=True)

# ours, checked first but for the schedule (a read): the walidata's review
# auth lets it see any record and try any step, but a draft is its OPD's alone
satudata_dataset_submit = _own(_review.satudata_dataset_submit)
satudata_dataset_withdraw = _own(_review.satudata_dataset_withdraw)
satudata_dataset_verify = _own(_review.satudata_dataset_verify)
satudata_dataset_approve = _own(_review.satudata_dataset_approve)
satudata_dataset_return = _own(_review.satudata_dataset_return)
satudata_dataset_publish = _own(_review.satudata_dataset_publish)
satudata_dataset_unpublish = _own(_review.satudata_dataset_unpublish)
satudata_review_history = _own(_review.satudata_review_history)
satudata_revision_show = _own(_review.satudata_revision_show)
satudata_schedule_show = _own(_schedule.satudata_schedule_show, before=False)
satudata_dataset_confirm_current = _own(_schedule.satudata_dataset_confirm_current)
satudata_schedule_plan = _own(_schedule.satudata_schedule_plan)
