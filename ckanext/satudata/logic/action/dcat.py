"""ckanext-dcat's catalogue action, answered from the kept Turtle parts."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict
from ckanext.dcat import logic as dcat_logic

from ...dcat import feed

__all__ = ["dcat_catalog_show"]


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(next_action: Action, context: Context, data_dict: DataDict) -> Any:
    """The same page ckanext-dcat serializes (same search, paging and
    profiles); Turtle pages are assembled from each dataset's kept part
    (dcat/feed.py)."""
    if not feed.applies(data_dict):
        return next_action(context, data_dict)
    tk.check_access("dcat_catalog_show", context, data_dict)
    # ckanext-dcat's own search and paging, so both paths list the same datasets
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    page = feed.catalog_page(query["results"], dcat_logic._pagination_info(query, data_dict))
    return page if page is not None else next_action(context, data_dict)
