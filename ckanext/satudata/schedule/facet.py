"""The schedule status in search: a facet and a filter that are right on
the day they are asked, though the index is written once.

The index holds each dataset's thresholds as days (``jadwal_jatuh_tempo``,
``jadwal_terlambat``, ``jadwal_sangat_terlambat``, ``YYYY-MM-DD``, see
``sync.for_index``); a status is a range over them as of today:

- ``fq=jadwal_status:terlambat`` is rewritten (``before_dataset_search``)
  into ``jadwal_terlambat:[* TO today] -jadwal_sangat_terlambat:[* TO today]``;
- the ``jadwal_status`` facet is counted (``after_dataset_search``) by four
  facet queries over the same hits (``search/facet_query.py``): those with
  a due day, and those past each threshold today; a dataset reaches each
  threshold in turn, so they give every status exactly.

The days are date columns of the search document too
(``search/fields.DAY_COLUMNS``): the ranges and ``sort=jadwal_jatuh_tempo
asc`` (next due first, datasets without a due day last) read an index.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk

from ..search import facet_query
from . import labels, rules
from .sync import INDEX_FIELDS

__all__ = ["FIELD", "status_filter", "before_search", "after_search", "with_facet"]

FIELD = "jadwal_status"
_DUE, _OVERDUE, _DELINQUENT = (INDEX_FIELDS[k] for k in ("due", "overdue", "delinquent"))
_FQ = re.compile(FIELD + r':(?:"([a-z_]+)"|([a-z_]+))')


def status_filter(status: str, today: datetime.date) -> str:
    """The search clause for datasets in ``status`` on ``today``."""
    day = today.isoformat()
    reached = lambda field: f"{field}:[* TO {day}]"    # noqa: E731
    return {
        rules.AD_HOC: f"(*:* -{_DUE}:*)",
        rules.CURRENT: f"{_DUE}:{{{day} TO *]",
        rules.DUE: f"({reached(_DUE)} -{reached(_OVERDUE)})",
        rules.OVERDUE: f"({reached(_OVERDUE)} -{reached(_DELINQUENT)})",
        rules.DELINQUENT: reached(_DELINQUENT),
    }.get(status, f"{FIELD}:{status}")     # an unknown status matches nothing, as a term would


def before_search(search_params: dict[str, Any]) -> dict[str, Any]:
    """``jadwal_status:<code>`` in ``fq`` (a facet link) as its ranges."""
    fq = search_params.get("fq")
    if isinstance(fq, str) and FIELD in fq:
        today = datetime.datetime.utcnow().date()
        search_params["fq"] = _FQ.sub(lambda m: status_filter(m.group(1) or m.group(2), today), fq)
    return search_params


def _queries(today: str) -> dict[str, str]:
    """A dataset reaches each threshold in turn: the datasets that have one
    and those past each as of ``today`` give every status's count."""
    return {"periodic": f"{_DUE}:*", "due": f"{_DUE}:[* TO {today}]",
            "overdue": f"{_OVERDUE}:[* TO {today}]",
            "delinquent": f"{_DELINQUENT}:[* TO {today}]"}


def after_search(search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
    """Fill the ``jadwal_status`` facet when it was asked for."""
    asked = search_params.get("facet.field") or []
    if FIELD not in asked:
        return search_results
    queries = _queries(datetime.datetime.utcnow().date().isoformat())
    found = facet_query.count(search_params, list(queries.values()))
    if found is None:           # the search did not run
        return search_results
    n = {name: found[q] for name, q in queries.items()}
    counts = {rules.CURRENT: n["periodic"] - n["due"], rules.DUE: n["due"] - n["overdue"],
              rules.OVERDUE: n["overdue"] - n["delinquent"], rules.DELINQUENT: n["delinquent"],
              rules.AD_HOC: int(search_results.get("count") or 0) - n["periodic"]}
    mincount = int(search_params.get("facet.mincount", 1) or 0)
    shown = {code: n for code, n in counts.items() if n >= mincount}
    search_results.setdefault("facets", {})[FIELD] = shown
    names = labels.status_labels()
    items = [{"name": code, "display_name": names[code], "count": n}
             for code, n in sorted(shown.items(), key=lambda kv: -kv[1])]
    search_results.setdefault("search_facets", {})[FIELD] = {
        "title": FIELD, "items": items}
    return search_results


def with_facet(facets: dict[str, str]) -> dict[str, str]:
    """The /dataset facets with the schedule status after the OPD."""
    out: dict[str, str] = {}
    for name, title in facets.items():
        out[name] = title
        if name == "organization":
            out[FIELD] = tk._("Update schedule")
    if FIELD not in out:
        out[FIELD] = tk._("Update schedule")
    return out
