"""The quality rating in search: the ``kualitas`` facet (after the
schedule's) and its items named in the reader's language; the value is
indexed by ``scores.for_index``."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import criteria, labels
from .scores import FACET

__all__ = ["with_facet", "label"]


def with_facet(facets: dict[str, str]) -> dict[str, str]:
    return {**facets, FACET: tk._("Data quality")}


def label(search_results: dict[str, Any]) -> dict[str, Any]:
    """Name the ratings, best first."""
    facet = (search_results.get("search_facets") or {}).get(FACET)
    if facet:
        order = [code for code, _ in criteria.RATINGS]
        for item in facet.get("items") or []:
            item["display_name"] = labels.rating_label(item["name"])
        facet["items"] = sorted(facet.get("items") or [],
                                key=lambda i: order.index(i["name"]) if i["name"] in order else 9)
    return search_results
