"""The chart view (``satudata_chart``): a bar, line or pie chart over chosen
columns of a DataStore table, drawn in the browser by Chart.js (npm, pinned,
served by the portal: ``assets/vendor/chartjs``, ``scripts/vendor-js.sh``)
from ``datastore_search``, so that it reads the rows exactly as the Data API
does for the viewer (a Terbatas table only for whom reaches it).

The OPD configures it on the file's views (type, the column of the labels,
one to five columns of numbers, checked against the table; a label not to
draw, such as a total row's); the dataset
page shows the first chart of its files (``dataset_chart``).
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

__all__ = ["TYPES", "LIMIT", "MAX_SERIES", "NUMERIC", "info", "template_variables",
           "dataset_chart"]

TYPES = ("bar", "line", "pie")
LIMIT = 1000            # rows a chart draws (the table's first, in its order)
MAX_SERIES = 5
NUMERIC = ("int", "int4", "int8", "integer", "bigint", "float", "float8", "numeric",
           "double precision", "real")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)):
        raise tk.Invalid(tk._("Choose the columns of numbers"))
    found = [v.strip() for v in value if isinstance(v, str) and v.strip()]
    if not found:
        raise tk.Invalid(tk._("Choose the columns of numbers"))
    if len(found) > MAX_SERIES:
        raise tk.Invalid(tk._("At most {max} columns").format(max=MAX_SERIES))
    return found


def _columns(resource_id: str) -> dict[str, str]:
    try:
        found = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except (tk.ObjectNotFound, tk.ValidationError, KeyError):
        return {}
    return {f["id"]: f.get("type", "") for f in found.get("fields", []) if f["id"] != "_id"}


def _in_table(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Context) -> None:
    """The chosen columns exist in the table; the series are numbers. A
    caller that made the file (the demo) may name its columns
    (``satudata_table_columns``: name to DataStore type) for a table the
    worker has not loaded yet."""
    x, series = data.get(("x_field",)), data.get(("y_fields",)) or []
    if errors.get(("x_field",)) or errors.get(("y_fields",)):
        return
    columns = _columns(data.get(("resource_id",)) or "") or context.get("satudata_table_columns") or {}
    if not columns:
        errors[("x_field",)].append(tk._("The file is not loaded into a table yet"))
        return
    if x not in columns:
        errors[("x_field",)].append(tk._("The table has no column {name}").format(name=x))
    for name in series:
        if name not in columns:
            errors[("y_fields",)].append(tk._("The table has no column {name}").format(name=name))
        elif columns[name] not in NUMERIC:
            errors[("y_fields",)].append(tk._("Column {name} does not hold numbers").format(name=name))


def info() -> dict[str, Any]:
    not_empty = tk.get_validator("not_empty")
    unicode_safe = tk.get_validator("unicode_safe")
    default = tk.get_validator("default")
    one_of = tk.get_validator("one_of")
    ignore_missing = tk.get_validator("ignore_missing")
    return {
        "name": "satudata_chart",
        "title": tk._("Chart"),
        "icon": "bar-chart",
        "requires_datastore": True,
        "iframed": False,
        "preview_enabled": False,
        "default_title": tk._("Chart"),
        "schema": {
            "chart_type": [default("bar"), one_of(list(TYPES))],
            "x_field": [not_empty, unicode_safe],
            "y_fields": [not_empty, _as_list, _in_table],
            # a label of the first column not drawn (a total row: "Jumlah")
            "skip_label": [ignore_missing, unicode_safe],
        },
    }


def template_variables(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The view's and its form's variables: the table's columns (``fields``:
    ``id``, ``numeric``), the chart types and the row limit."""
    resource = data_dict.get("resource") or {}
    columns = _columns(resource.get("id") or "") if resource.get("datastore_active") else {}
    view = data_dict.get("resource_view") or {}
    series = view.get("y_fields") or []
    if isinstance(series, str):
        series = [series]
    return {"fields": [{"id": name, "numeric": kind in NUMERIC} for name, kind in columns.items()],
            "chart_types": [{"value": t, "text": {"bar": tk._("Bar"), "line": tk._("Line"),
                                                  "pie": tk._("Pie")}[t]} for t in TYPES],
            "series": series, "limit": LIMIT}


def dataset_chart(pkg: dict[str, Any], most: int = 10) -> Optional[dict[str, Any]]:
    """The first chart view among the dataset's first ``most`` loaded files,
    as ``{"resource", "view"}``; None without one. The views are read as
    the viewer (a file one does not reach has none)."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    for resource in [r for r in pkg.get("resources") or [] if r.get("datastore_active")][:most]:
        try:
            views = tk.get_action("resource_view_list")(dict(context), {"id": resource["id"]})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            continue
        for view in views:
            if view.get("view_type") == "satudata_chart":
                return {"resource": resource, "view": view}
    return None
