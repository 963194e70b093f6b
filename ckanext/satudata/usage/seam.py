"""The seam over ckanext-tracking (CKAN core's ``tracking`` plugin, 2.12).

Two of its parts are replaced; the rest (tables, ``tracking.js``, the
``ckan tracking update`` roll-up, the ``views_*`` index fields, the
``popular`` helper) runs as shipped:

- ``ckanext.tracking.plugin.track_request``, which its ``make_middleware``
  adds as an ``after_request`` of every response: it re-reads the raw
  body of a ``POST /_tracking`` and splits it by hand, so a body already
  read (web/limits.py reads forms), a pair without ``=`` or a request
  without a User-Agent raised a 500 after the response was made. It
  becomes a no-op; ``POST /_tracking`` is a route of ours
  (``views/usage.py``: validated, 204 or 400);
- ``TrackingPlugin.after_dataset_show`` and ``after_dataset_search``,
  one query per dataset and per file: replaced by ``summary.attach``
  (two queries per call, the same figures).

``tests/usage/test_seam.py`` fails when upstream renames or stops using
these names.
"""
from __future__ import annotations

from typing import Any

from . import summary

__all__ = ["install"]


def _leave(response: Any) -> Any:
    return response


def _after_dataset_show(self: Any, context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    summary.attach([pkg_dict])
    return pkg_dict


def _after_dataset_search(self: Any, search_results: dict[str, Any],
                          search_params: dict[str, Any]) -> dict[str, Any]:
    summary.attach(search_results.get("results") or [])
    return search_results


def install() -> None:
    """Replace the parts above (idempotent; before CKAN builds its app)."""
    from ckanext.tracking import plugin as upstream
    upstream.track_request = _leave
    upstream.TrackingPlugin.after_dataset_show = _after_dataset_show
    upstream.TrackingPlugin.after_dataset_search = _after_dataset_search
