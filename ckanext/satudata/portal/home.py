"""What the home page shows: the catalogue's figures, a tile per urusan,
the latest and the most used datasets and the year's Data Prioritas.

Everything comes from actions, as an anonymous visitor sees it (the page
is the same for everyone and is kept by ``web/page_cache.py``):

- one ``package_search`` (``rows`` = the latest datasets, facets on
  ``organization``, ``urusan`` and ``num_resources``, no limit) gives the
  dataset count, the OPDs and urusan with data, the number of files
  (the sum over the ``num_resources`` facet) and the latest datasets;
- the downloads figure is the tracking plugin's count of the public
  files' downloads (``usage/summary.downloads``), shown once there is one;
- the most used datasets come from a second ``package_search`` sorted by
  ``views_recent`` only when CKAN's ``tracking`` plugin is enabled, and
  are shown only when some of them have been viewed;
- the Data Prioritas are the ``prioritas`` entries of the Daftar Data
  (``satudata_daftar_data_list``) of this year or, while this year has
  none, of the latest earlier year that has some.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

__all__ = ["satudata_home"]

LATEST = 6          # datasets in the "latest" and "most used" lists
PRIORITAS = 6       # Data Prioritas entries shown (the page links to all)

# A Font Awesome icon per urusan (Permendagri 90/2019 codes); others get _ICON.
_ICON = "folder-open"
_ICONS = {
    "1.01": "graduation-cap", "1.02": "heart-pulse", "1.03": "road", "1.04": "house",
    "1.05": "shield-halved", "1.06": "hand-holding-heart", "2.07": "briefcase",
    "2.08": "children", "2.09": "wheat-awn", "2.10": "map", "2.11": "leaf",
    "2.12": "id-card", "2.13": "people-roof", "2.14": "people-group", "2.15": "bus",
    "2.16": "tower-broadcast", "2.17": "store", "2.18": "chart-line", "2.19": "futbol",
    "2.20": "chart-column", "2.21": "lock", "2.22": "masks-theater", "2.23": "book",
    "2.24": "box-archive", "3.25": "fish", "3.26": "umbrella-beach", "3.27": "seedling",
    "3.28": "tree", "3.29": "bolt", "3.30": "cart-shopping", "3.31": "industry",
    "3.32": "truck-moving", "4.01": "landmark", "4.02": "landmark",
    "5.01": "compass-drafting", "5.02": "coins", "5.03": "user-tie",
    "5.04": "chalkboard-user", "5.05": "flask", "6.01": "magnifying-glass",
    "7.01": "map-location-dot", "8.01": "flag",
}


def _context() -> dict[str, Any]:
    """An anonymous visitor's context: the page shows what the public sees."""
    return {"user": "", "auth_user_obj": None}


def _items(facets: dict[str, Any], field: str) -> list[dict[str, Any]]:
    return list((facets.get(field) or {}).get("items") or [])


def _files(items: list[dict[str, Any]]) -> int:
    """The number of files: each ``num_resources`` value times its datasets."""
    total = 0
    for item in items:
        try:
            total += int(item["name"]) * int(item["count"])
        except (TypeError, ValueError):
            continue
    return total


def _topics(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The urusan with published data, most datasets first, then by code."""
    ordered = sorted(items, key=lambda i: (-int(i["count"]), i["name"]))
    return [{"code": i["name"], "label": i.get("display_name") or i["name"],
             "count": int(i["count"]), "icon": _ICONS.get(i["name"], _ICON)} for i in ordered]


def _catalogue() -> dict[str, Any]:
    result = tk.get_action("package_search")(_context(), {
        "q": "*:*", "rows": LATEST, "sort": "metadata_created desc", "include_private": False,
        "facet.field": ["organization", "urusan", "num_resources"], "facet.limit": -1})
    facets = result.get("search_facets") or {}
    topics = _topics(_items(facets, "urusan"))
    return {
        "figures": {"datasets": result["count"], "opd": len(_items(facets, "organization")),
                    "urusan": len(topics), "files": _files(_items(facets, "num_resources"))},
        "topics": topics,
        "latest": result["results"],
    }


def _views(dataset: dict[str, Any]) -> int:
    summary = dataset.get("tracking_summary") or {}
    return int(summary.get("recent") or 0) or int(summary.get("total") or 0)


def _most_used() -> list[dict[str, Any]]:
    """The most viewed datasets; none without the tracking plugin or its counts."""
    if not plugins.plugin_loaded("tracking"):
        return []
    result = tk.get_action("package_search")(_context(), {
        "q": "*:*", "rows": LATEST, "include_private": False,
        "sort": "views_recent desc, views_total desc, metadata_modified desc"})
    used = [d for d in result["results"] if _views(d) > 0]
    return sorted(used, key=_views, reverse=True)


def _downloads() -> int:
    """The public files' downloads counted; 0 without the tracking plugin."""
    if not plugins.plugin_loaded("tracking"):
        return 0
    from ..usage import summary
    return summary.downloads(model.Session)


def _prioritas(today: datetime.date) -> dict[str, Any] | None:
    """The Data Prioritas of this year or, while it has none, of the latest
    earlier year that has some (a later year's plan is not shown yet)."""
    action = tk.get_action("satudata_daftar_data_list")
    found = action(_context(), {"tahun": today.year, "prioritas": True})["results"]
    if not found:
        earlier = [e for e in action(_context(), {"prioritas": True})["results"]
                   if e["tahun"] < today.year]
        if not earlier:
            return None
        tahun = max(e["tahun"] for e in earlier)
        found = [e for e in earlier if e["tahun"] == tahun]
    entries = sorted(found, key=lambda e: (not e["fulfilled"], e["judul"]))
    return {"tahun": found[0]["tahun"], "count": len(found),
            "fulfilled": sum(1 for e in found if e["fulfilled"]), "entries": entries[:PRIORITAS]}


def satudata_home() -> dict[str, Any]:
    """The home page's data: ``figures`` (``datasets``, ``opd``, ``urusan``,
    ``files``, ``downloads``), ``topics`` (``code``, ``label``, ``count``, ``icon``),
    ``latest`` and ``most_used`` (dataset dicts; ``most_used`` empty without
    view counts) and ``prioritas`` (``tahun``, ``count``, ``fulfilled``,
    ``entries``; None without Data Prioritas)."""
    home = _catalogue()
    home["most_used"] = _most_used()
    home["figures"]["downloads"] = _downloads()
    home["prioritas"] = _prioritas(datetime.date.today())
    return home
