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
  (two queries per call, the same figures);
- ``TrackingPlugin.before_dataset_index``, one query per dataset: the same
  fields, read once a batch in a bulk reindex (``search/hooks.py``),
  upstream's own ``get_for_package`` otherwise.

``tests/usage/test_seam.py`` fails when upstream renames or stops using
these names.
"""
from __future__ import annotations

from typing import Any

from ..search import hooks
from . import summary

__all__ = ["install", "UPSTREAM"]

# what the seam replaced, as upstream shipped it (its tests compare)
UPSTREAM: dict[str, Any] = {}


def _leave(response: Any) -> Any:
    return response


def _after_dataset_show(self: Any, context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    summary.attach([pkg_dict])
    return pkg_dict


def _after_dataset_search(self: Any, search_results: dict[str, Any],
                          search_params: dict[str, Any]) -> dict[str, Any]:
    summary.attach(search_results.get("results") or [])
    return search_results


_VIEWS = hooks.Slot("usage_views", read_many=summary.for_packages)
_NONE = {"total": 0, "recent": 0}


def _before_dataset_index(self: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    from ckanext.tracking.model import TrackingSummary
    pkg_dict.pop("tracking_summary", None)
    for resource in pkg_dict.get("resources", []):
        resource.pop("tracking_summary", None)
    pkg_id = pkg_dict["id"]
    views = _VIEWS.read(pkg_id, lambda: TrackingSummary.get_for_package(pkg_id)) or _NONE
    pkg_dict["views_total"], pkg_dict["views_recent"] = views["total"], views["recent"]
    return pkg_dict


def install() -> None:
    """Replace the parts above (idempotent; before CKAN builds its app)."""
    from ckanext.tracking import plugin as upstream
    for name in ("after_dataset_show", "after_dataset_search", "before_dataset_index"):
        UPSTREAM.setdefault(name, upstream.TrackingPlugin.__dict__[name])
    upstream.track_request = _leave
    upstream.TrackingPlugin.after_dataset_show = _after_dataset_show
    upstream.TrackingPlugin.after_dataset_search = _after_dataset_search
    upstream.TrackingPlugin.before_dataset_index = _before_dataset_index
