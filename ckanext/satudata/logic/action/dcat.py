"""ckanext-dcat's catalogue action, answered from the kept Turtle parts."""
from __future__ import annotations

import datetime
from typing import Any

from dateutil.parser import parse as dateutil_parse

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict
from ...dcat import compat, feed

__all__ = ["dcat_catalog_show"]


def _utc(value: Any) -> Any:
    """``modified_since`` as naive UTC: ckanext-dcat appends ``Z`` to what it
    is given, so a client writing its own offset (``+07:00`` here) got a 409."""
    if not value:
        return value
    try:
        moment = dateutil_parse(value)
    except (ValueError, OverflowError):
        raise tk.ValidationError({"modified_since": [
            tk._("Use an ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-01T08:00:00+07:00")]})
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """The same page ckanext-dcat serializes (same search, paging and
    profiles); Turtle pages are assembled from each dataset's kept part
    (dcat/feed.py)."""
    data_dict = dict(data_dict, modified_since=_utc(data_dict.get("modified_since")))
    if not feed.applies(data_dict):
        return next_action(context, data_dict)
    tk.check_access("dcat_catalog_show", context, data_dict)
    # ckanext-dcat's own search and paging, so both paths list the same datasets
    query = compat.search_datasets(context, data_dict)
    page = feed.catalog_page(query["results"], compat.pagination_info(query, data_dict))
    return page if page is not None else next_action(context, data_dict)
