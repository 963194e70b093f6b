"""Terbatas files withheld in every action that returns a copy of a
dataset or of its resources besides ``package_show`` (whose result
``after_dataset_show`` withholds, and with it ``resource_show``,
``package_search`` through the withheld search document, and the pages):

- activity streams (``*_activity_list``, ``activity_show``,
  ``activity_data_show``) and ``activity_diff``, whose diff is made again
  from the withheld copies;
- resource views (``resource_view_list`` answers none, ``resource_view_show``
  not found) of a resource the caller does not reach;
- ``dataset_followee_list`` and ``followee_list``, which dictize the
  datasets a user follows themselves;
- ``resource_search``, which reads ``resource`` directly: no resource of a
  Terbatas dataset for anyone but the walidata (a criterion added to the
  query through SQLAlchemy's ``with_loader_criteria`` while it runs;
  ``tests/access`` fails when CKAN's query stops taking it).

Several of these are guarded by ``hidden.py`` too; this module wraps those
and is imported after it (``__init__``).
"""
from __future__ import annotations

import contextvars
import difflib
import json
import re
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Action, ChainedAction, Context, DataDict
from sqlalchemy import event, orm

from ...access import files, rules
from ...review import roles
from . import hidden as _hidden

__all__ = ["package_activity_list", "user_activity_list", "group_activity_list",
           "organization_activity_list", "recently_changed_packages_activity_list",
           "dashboard_activity_list", "activity_show", "activity_data_show", "activity_diff",
           "resource_view_list", "resource_view_show", "resource_search",
           "dataset_followee_list", "followee_list"]

Post = Callable[[Context, DataDict, Any], Any]


def _after(post: Post, inner: Any = None, *, reads: bool = True) -> ChainedAction:
    """A chained action whose result ``post`` withholds; ``inner`` is the
    chained action of ``hidden.py`` for the same name, if any."""
    def chained(next_action: Action, context: Context, data_dict: DataDict) -> Any:
        result = (inner(next_action, context, data_dict) if inner is not None
                  else next_action(context, data_dict))
        return post(context, data_dict, result)
    chained = tk.chained_action(chained)
    return tk.side_effect_free(chained) if reads else chained


def _activities(context: Context, data_dict: DataDict, result: Any) -> Any:
    for activity in result or []:
        files.for_activity(context, activity)
    return result


def _activity(context: Context, data_dict: DataDict, result: Any) -> Any:
    return files.for_activity(context, result)


def _activity_object(activity_id: Any) -> str | None:
    from ckanext.activity.model import Activity
    found = model.Session.get(Activity, activity_id) if isinstance(activity_id, str) else None
    return found.object_id if found is not None else None


def _activity_data(context: Context, data_dict: DataDict, result: Any) -> Any:
    object_id = _activity_object(data_dict.get("id"))
    if data_dict.get("object_type") == "package":
        return files.withhold_copy(context, result, object_id)
    if isinstance(result, dict) and isinstance(result.get("package"), dict):
        files.withhold_copy(context, result["package"], object_id)
    return result


def _diff(objects: list[Any], diff_type: str) -> str:
    """CKAN's activity_diff over ``objects`` (``ckanext/activity/logic/action.py``)."""
    lines = [json.dumps(obj, indent=2, sort_keys=True).split("\n") for obj in objects]
    if diff_type == "unified":
        return "\n".join(difflib.unified_diff(*lines))
    if diff_type == "context":
        return "\n".join(difflib.context_diff(*lines))
    wrapped = [[part for line in obj_lines for part in re.findall(r".{1,70}(?:\s+|$)", line)]
               for obj_lines in lines]
    return difflib.HtmlDiff().make_table(*wrapped)


def _activity_diff(context: Context, data_dict: DataDict, result: Any) -> Any:
    activities = result.get("activities") or []
    before = json.dumps([a.get("data") for a in activities], sort_keys=True, default=str)
    for activity in activities:
        files.for_activity(context, activity)
    if json.dumps([a.get("data") for a in activities], sort_keys=True, default=str) != before:
        object_type = data_dict.get("object_type") or "package"
        result["diff"] = _diff([(a.get("data") or {}).get(object_type) for a in activities],
                               data_dict.get("diff_type") or "unified")
    return result


def _unreached(context: Context, resource_id: Any) -> bool:
    resource = model.Resource.get(resource_id) if isinstance(resource_id, str) else None
    if resource is None or resource.package is None:
        return False
    package = resource.package
    if (package.extras or {}).get("klasifikasi_akses") != rules.TERBATAS:
        return False
    return not files.reach(context.get("user") or "", package.id,
                           package.owner_org).reaches(resource.id)


def _views(context: Context, data_dict: DataDict, result: Any) -> Any:
    return [] if _unreached(context, data_dict.get("id")) else result


def _view(context: Context, data_dict: DataDict, result: Any) -> Any:
    if isinstance(result, dict) and _unreached(context, result.get("resource_id")):
        raise tk.ObjectNotFound(tk._("Resource view not found"))
    return result


def _followed(context: Context, data_dict: DataDict, result: Any) -> Any:
    for entry in result or []:
        # followee_list: {"type": "dataset", "dict": …}; dataset_followee_list: the dicts
        dataset = entry.get("dict") if isinstance(entry.get("dict"), dict) else entry
        if isinstance(dataset, dict) and "resources" in dataset:
            files.withhold_copy(context, dataset, dataset.get("id"))
    return result


dataset_followee_list = _after(_followed)
followee_list = _after(_followed)
package_activity_list = _after(_activities, _hidden.package_activity_list)
user_activity_list = _after(_activities)
group_activity_list = _after(_activities)
organization_activity_list = _after(_activities)
recently_changed_packages_activity_list = _after(_activities)
dashboard_activity_list = _after(_activities)
activity_show = _after(_activity, _hidden.activity_show)
activity_data_show = _after(_activity_data, _hidden.activity_data_show)
activity_diff = _after(_activity_diff, _hidden.activity_diff)
resource_view_list = _after(_views, _hidden.resource_view_list)
resource_view_show = _after(_view, _hidden.resource_view_show)


# resource_search: a criterion on ``package`` while the action runs
_NO_TERBATAS: contextvars.ContextVar[bool] = contextvars.ContextVar("satudata_no_terbatas",
                                                                   default=False)


@event.listens_for(orm.Session, "do_orm_execute")
def _without_terbatas(state: orm.ORMExecuteState) -> None:
    if _NO_TERBATAS.get() and state.is_select:
        state.statement = state.statement.options(orm.with_loader_criteria(
            model.Package,
            lambda cls: sa.func.coalesce(cls.extras["klasifikasi_akses"].astext, "")
            != rules.TERBATAS, include_aliases=True))


@tk.side_effect_free
@tk.chained_action
def resource_search(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    if context.get("ignore_auth") or roles.is_walidata(context.get("user")):
        return next_action(context, data_dict)
    token = _NO_TERBATAS.set(True)
    try:
        return next_action(context, data_dict)
    finally:
        _NO_TERBATAS.reset(token)
