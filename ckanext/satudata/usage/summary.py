"""The view and download counts of many datasets at once.

ckanext-tracking gives each dataset ``tracking_summary`` (``total``,
``recent``: its page's latest row in ``tracking_summary``) and each file
the same for its address, one query per dataset and one per file: a
``package_search`` of 1,000 rows ran thousands. Here the same figures
(the latest row, as upstream reads them) come from two queries per call.
"""
from __future__ import annotations

from typing import Any, Iterable

import sqlalchemy as sa

import ckan.model as model

__all__ = ["attach", "downloads", "for_packages"]

_NONE = {"total": 0, "recent": 0}
_BY_PACKAGE = sa.text(
    "SELECT DISTINCT ON (package_id) package_id AS key, running_total, recent_views "
    "FROM tracking_summary WHERE package_id = ANY(:keys) "
    "ORDER BY package_id, tracking_date DESC")
_BY_URL = sa.text(
    "SELECT DISTINCT ON (url) url AS key, running_total, recent_views "
    "FROM tracking_summary WHERE url = ANY(:keys) ORDER BY url, tracking_date DESC")


# each file address's latest row (as upstream reads a file's count), counted
# only when it is a file of a public, active dataset: a link by its address,
# an upload by the resource id in CKAN's download path
_DOWNLOADS = sa.text("""
    WITH latest AS (
        SELECT DISTINCT ON (url) url, running_total,
               substring(url from '/resource/([0-9a-f-]{36})/download/') AS resource_id
        FROM tracking_summary WHERE tracking_type = 'resource'
        ORDER BY url, tracking_date DESC),
    public AS (
        SELECT r.id, r.url FROM resource r JOIN package p ON p.id = r.package_id
        WHERE r.state = 'active' AND p.state = 'active' AND NOT p.private)
    SELECT coalesce(sum(running_total), 0) FROM latest WHERE url IN (
        SELECT l.url FROM latest l JOIN public ON public.id = l.resource_id
        UNION SELECT l.url FROM latest l JOIN public ON public.url = l.url)""")


def downloads(session: Any) -> int:
    """Downloads counted of the files of public datasets, all time."""
    return int(session.execute(_DOWNLOADS).scalar() or 0)


def _latest(session: Any, query: sa.TextClause, keys: set[str]) -> dict[str, dict[str, int]]:
    if not keys:
        return {}
    rows = session.execute(query, {"keys": sorted(keys)})
    return {r.key: {"total": r.running_total, "recent": r.recent_views} for r in rows}


def for_packages(session: Any, package_ids: list[str]) -> dict[str, dict[str, int]]:
    """The figures of these datasets by id (those with none left out)."""
    return _latest(session, _BY_PACKAGE, set(package_ids))


def attach(datasets: Iterable[dict[str, Any]]) -> None:
    """Set ``tracking_summary`` on each dataset (with an ``id``) and on each
    of its files (with a ``url``), in place."""
    datasets = [d for d in datasets if isinstance(d, dict) and d.get("id")]
    resources = [r for d in datasets for r in (d.get("resources") or [])
                 if isinstance(r, dict) and r.get("url")]
    by_package = _latest(model.Session, _BY_PACKAGE, {d["id"] for d in datasets})
    by_url = _latest(model.Session, _BY_URL, {r["url"] for r in resources})
    for dataset in datasets:
        dataset["tracking_summary"] = dict(by_package.get(dataset["id"], _NONE))
    for resource in resources:
        resource["tracking_summary"] = dict(by_url.get(resource["url"], _NONE))
