"""Core dataset actions, tightened so the walidata's review is the only
way to the public."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Action, Context, DataDict

from ...access import files
from ...harvest import extras
from ...review import machine, revisions, roles

__all__ = ["package_create", "package_update", "bulk_update_public", "bulk_update_private",
           "tag_list"]


@tk.chained_action
def package_update(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """Every dataset write goes through here (package_patch, package_revise
    and the resource actions call it too). An OPD's edit of a published
    dataset becomes a revision for review; nothing but the walidata edits a
    dataset while it is under review. A withheld copy of a Terbatas
    dataset's resources written back keeps their addresses (``files.for_write``).
    Extras repeating our fields (search results carry them) are dropped."""
    extras.without_copies(data_dict)
    files.for_write(data_dict)
    if context.get("satudata_status"):        # a review decision writing its outcome
        return next_action(context, data_dict)
    package = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if package is None or package.state not in ("active", "draft") \
            or roles.is_walidata(context.get("user")):
        return next_action(context, data_dict)
    context["package"] = package        # as core sets it: the auth check skips its own groups
    tk.check_access("package_update", context, data_dict)
    if revisions.locked(package):
        raise tk.NotAuthorized(tk._("This dataset is under review: withdraw the submission "
                                    "to edit it"))
    if machine.state_of(package.extras, package.private) != machine.PUBLISHED:
        return next_action(context, data_dict)
    return revisions.save(next_action, context, package, data_dict)


@tk.chained_action
def package_create(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """Extras repeating our fields (a search result, a harvested copy) are dropped."""
    extras.without_copies(data_dict)
    return next_action(context, data_dict)


@tk.chained_action
def bulk_update_public(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's bulk "make public" writes the private flag past the dataset
    schema; publishing is the walidata's decision, one dataset at a time."""
    raise tk.ValidationError({"datasets": [
        tk._("Datasets become public only when the walidata publishes them")]})


@tk.chained_action
def bulk_update_private(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """Making published datasets private is a takedown, with a reason."""
    ids = data_dict.get("datasets") or []
    published = (model.Session.query(model.Package.name)
                 .filter(model.Package.id.in_(ids), model.Package.private.is_(False))
                 .order_by(model.Package.name).all()) if ids else []
    if published:
        raise tk.ValidationError({"datasets": [
            tk._("Published datasets are taken down by the walidata, with a reason: {names}")
            .format(names=", ".join(name for (name,) in published))]})
    return next_action(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def tag_list(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN lists the tags of every active dataset, private ones included;
    a draft's keywords must not reach the public."""
    result = next_action(context, data_dict)
    public = {name for (name,) in model.Session.execute(sa.text("""
        SELECT DISTINCT t.name FROM tag t
        JOIN package_tag pt ON pt.tag_id = t.id AND pt.state = 'active'
        JOIN package p ON p.id = pt.package_id AND p.state = 'active' AND NOT p.private"""))}
    return [tag for tag in result
            if (tag["name"] if isinstance(tag, dict) else tag) in public]
