"""Counts of facet queries (Solr's ``facet.query``) over the hits of a
search that has run: for plugins that count what a facet field cannot (the
schedule status, a range of days as of today).

CKAN's ``package_search`` does not pass ``facet.query`` on
(``VALID_SOLR_PARAMETERS``), so this asks the search connection itself,
``make_connection()`` as ``PackageSearchQuery.run`` does: our PostgreSQL
backend (``query.run``: from the kept counts when the search filters on
visibility only, else in the pass that counts the hits) or CKAN's pysolr
connection. ``search_params`` are the parameters the search ran with, as
``after_dataset_search`` receives them: CKAN's own filters (site, state,
permission labels) already in ``fq``, so the counts are the caller's.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

import ckan.lib.search.query as query_module

__all__ = ["count"]

# what a count needs of the search (pysolr sends every keyword as a parameter)
_KEPT = ("fq", "defType", "tie", "mm", "qf", "df", "q.op", "wt")


def count(search_params: Mapping[str, Any], queries: list[str]) -> Optional[dict[str, int]]:
    """How many hits of the search that ran with ``search_params`` match
    each of ``queries``; None when that search did not run (a plugin
    aborted it: CKAN then leaves ``fq`` as it was given)."""
    if not isinstance(search_params.get("fq"), list):
        return None
    params: dict[str, Any] = {k: search_params[k] for k in _KEPT if k in search_params}
    params.update({"rows": 0, "facet": "true", "facet.query": list(queries),
                   "facet.mincount": 0})
    connection = query_module.make_connection(decode_dates=False)
    found = connection.search(search_params.get("q") or "*:*", **params)
    counted = (found.facets or {}).get("facet_queries") or {}
    return {q: int(counted.get(q, 0)) for q in queries}
