"""Views and downloads counted (``usage/``, CKAN's ``tracking`` tables)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Context, DataDict, Schema, Validator

from ...usage import record

__all__ = ["satudata_usage_record"]


def _url(value: Any, context: Context) -> Any:
    if len(value) > record.MAX_URL:
        raise tk.Invalid(tk._("Must be at most {max} characters long").format(max=record.MAX_URL))
    return value


@validator_args
def _schema(not_empty: Validator, unicode_safe: Validator, one_of: Validator) -> Schema:
    return {"url": [not_empty, unicode_safe, _url], "type": [not_empty, one_of(list(record.KINDS))]}


def _visitor() -> dict[str, str]:
    try:
        request = tk.request
        return {"address": request.remote_addr or "",
                "forwarded": request.headers.get("X-Forwarded-For", ""),
                "agent": request.headers.get("User-Agent", ""),
                "language": request.headers.get("Accept-Language", "")}
    except RuntimeError:     # outside a request (a script, a test's action call)
        return {}


@tk.validate_action_data(_schema)
def satudata_usage_record(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Count one page view or one download, as ``tracking.js`` reports them
    (anyone; the counts appear after ``ckan tracking update``).

    :param url: the page's path (``/dataset/…``) or the file's address
    :type url: string
    :param type: ``page`` or ``resource`` (a download)
    :type type: string
    :returns: ``counted``: false when this visitor was counted for it today
    :rtype: dict
    """
    tk.check_access("satudata_usage_record", context, data_dict)
    key = record.visitor_key(_visitor())
    return {"counted": record.record(data_dict["url"], data_dict["type"], key)}
