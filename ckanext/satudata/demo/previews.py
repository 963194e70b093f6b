"""The demo's previews and counts (issue 19): a chart on each OPD's flagship
table, view and download counts.

The tables themselves are loaded by xloader on the background worker (``make
run`` starts it after the portal; the uploads queued them), and each upload's
file check is queued the same way (``quality/``). A chart is made at once,
with the columns of the table the demo generated (``chart.py`` checks a
loaded table itself); it is drawn once the worker has loaded the table.

The counts are visits as ``tracking.js`` would have recorded them over the
last four weeks (keys ``demo-…``, seeded by the dataset's name, so a re-run
adds none), rolled up by CKAN's own ``ckan tracking update`` code.
"""
from __future__ import annotations

import contextlib
import datetime
import io
import random
from typing import Any, Callable

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from . import tables

__all__ = ["charts", "counts", "DAYS"]

_NUMERIC = {"int", "float", "part_of", "sum", "ratio", "product"}
DAYS = 28


def _flagships(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Per OPD, its first published dataset whose table has one dimension
    and numbers (its total row, if any, is not drawn: ``skip_label``)."""
    chosen: dict[str, dict[str, Any]] = {}
    for spec in data["datasets"]:
        table = spec.get("table") or {}
        numeric = [c["name"] for c in table.get("columns", []) if _NUMERIC & set(c)]
        if spec["org"] in chosen or len(table.get("dims", [])) != 1 or not numeric \
                or spec["review"] not in ("published", "revision") \
                or not any(r.get("format") == "CSV" for r in spec["resources"]):
            continue
        chosen[spec["org"]] = spec
    return list(chosen.values())


def charts(data: dict[str, Any], site_user: str, echo: Callable[[str], Any]) -> int:
    """A bar chart on the first CSV of each OPD's flagship dataset (none
    made twice); returns how many were made."""
    if not plugins.plugin_loaded("satudata_preview"):
        return 0
    made = 0
    for spec in _flagships(data):
        dataset = tk.get_action("package_show")({"user": site_user}, {"id": spec["name"]})
        index, resource = next(((i, r) for i, r in enumerate(dataset["resources"])
                                if r.get("format") == "CSV"), (None, None))
        if resource is None:
            continue
        views = tk.get_action("resource_view_list")({"user": site_user}, {"id": resource["id"]})
        if any(v["view_type"] == "satudata_chart" for v in views):
            continue
        table = spec["table"]
        built = tables.build_table(table, data["lists"], seed=f"{spec['name']}/{index}")
        numeric = {c["name"] for c in table["columns"] if _NUMERIC & set(c)}
        # the DataStore's column names: the header as xloader writes it (ASCII)
        from ckanext.xloader.loader import encode_headers
        stored = dict(zip(built.header, encode_headers(built.header)))
        columns = {stored[name]: ("numeric" if name in numeric else "text") for name in built.header}
        series = [stored[c["name"]] for c in table["columns"] if c["name"] in numeric][:2]
        tk.get_action("resource_view_create")(
            {"user": site_user, "satudata_table_columns": columns},
            {"resource_id": resource["id"], "view_type": "satudata_chart",
             "title": spec["title"][:100], "chart_type": "bar",
             "x_field": stored[table["dims"][0]["column"]], "y_fields": series,
             "skip_label": table.get("total") or ""})
        made += 1
    echo(f"Charts: {made} made (one per OPD's flagship table)")
    return made


def counts(data: dict[str, Any], site_user: str, echo: Callable[[str], Any]) -> int:
    """Views and downloads of the published datasets over the last DAYS
    days, once; returns the rows recorded (0 on a re-run or without the
    tracking plugin)."""
    if not plugins.plugin_loaded("tracking"):
        return 0
    session = model.Session
    if session.execute(sa.text("SELECT 1 FROM tracking_raw WHERE user_key LIKE 'demo-%' LIMIT 1")).first():
        return 0
    today = datetime.datetime.combine(datetime.date.today(), datetime.time(9))
    rows = []
    for spec in data["datasets"]:
        if spec["review"] not in ("published", "revision"):
            continue
        dataset = tk.get_action("package_show")({"user": site_user}, {"id": spec["name"]})
        rng = random.Random(f"views/{spec['name']}")
        visitors = rng.randint(2, 90)
        for visitor in range(visitors):
            when = today - datetime.timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600))
            key = f"demo-{spec['name'][:40]}-{visitor}"
            rows.append({"key": key, "url": f"/dataset/{spec['name']}", "kind": "page", "at": when})
            for resource in dataset["resources"]:
                if resource.get("url") and rng.random() < 0.35:
                    rows.append({"key": key, "url": resource["url"], "kind": "resource", "at": when})
    if rows:
        session.execute(sa.text(
            "INSERT INTO tracking_raw (user_key, url, tracking_type, access_timestamp) "
            "VALUES (:key, :url, :kind, :at)"), rows)
        session.commit()
        from ckanext.tracking.cli.tracking import update_all
        with contextlib.redirect_stdout(io.StringIO()):      # its line per day
            update_all((today - datetime.timedelta(days=DAYS + 1)).strftime("%Y-%m-%d"))
    echo(f"Views and downloads: {len(rows)} recorded over {DAYS} days")
    return len(rows)
