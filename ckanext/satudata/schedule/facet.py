"""The schedule status in search: a facet and a filter that are right on
the day they are asked, though the index is written once.

The index holds each dataset's thresholds as days (``jadwal_jatuh_tempo``,
``jadwal_terlambat``, ``jadwal_sangat_terlambat``, ``YYYY-MM-DD``, see
``sync.for_index``); a status is a range over them as of today:

- ``fq=jadwal_status:terlambat`` is rewritten (``before_dataset_search``)
  into ``jadwal_terlambat:[* TO today] -jadwal_sangat_terlambat:[* TO today]``;
- the ``jadwal_status`` facet is counted (``after_dataset_search``) from
  one more search over the same hits that facets the three day fields:
  a dataset reaches each threshold in turn, so the counts of days up to
  today give every status exactly.

Sorting by the next due date is ``sort=jadwal_jatuh_tempo asc``.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk

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


def _reached(counts: dict[str, int], today: str) -> int:
    return sum(n for day, n in counts.items() if day <= today)


def _context() -> dict[str, Any]:
    try:
        user = tk.current_user.name if tk.current_user.is_authenticated else ""
    except (AttributeError, RuntimeError):         # no request: the CLI, a job
        return {"ignore_auth": True}
    return {"user": user}


def after_search(search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
    """Fill the ``jadwal_status`` facet when it was asked for."""
    asked = search_params.get("facet.field") or []
    if FIELD not in asked:
        return search_results
    fq = search_params.get("fq") or ""
    if isinstance(fq, list):     # the query ran: CKAN appended its own filters (site, labels)
        fq = fq[0] if fq else ""
    inner = {"q": search_params.get("q") or "*:*", "fq": fq,
             "rows": 0, "include_private": True, "facet.field": [_DUE, _OVERDUE, _DELINQUENT],
             "facet.limit": -1, "facet.mincount": 1}
    if search_params.get("fq_list"):
        inner["fq_list"] = search_params["fq_list"]
    found = tk.get_action("package_search")(_context(), inner)
    days = {f: found["facets"].get(f) or {} for f in (_DUE, _OVERDUE, _DELINQUENT)}
    today = datetime.datetime.utcnow().date().isoformat()
    periodic = sum(days[_DUE].values())
    due, overdue, delinquent = (_reached(days[f], today) for f in (_DUE, _OVERDUE, _DELINQUENT))
    counts = {rules.CURRENT: periodic - due, rules.DUE: due - overdue,
              rules.OVERDUE: overdue - delinquent, rules.DELINQUENT: delinquent,
              rules.AD_HOC: found["count"] - periodic}
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
