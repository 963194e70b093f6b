"""navl schema of ``satudata_monev_show``: the year an integer from 2000
to next year, the OPD text."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

__all__ = ["monev_show", "year"]


def year(value: Any, context: Any) -> int:
    latest = datetime.datetime.utcnow().year + 1
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise tk.Invalid(tk._("Give a year from 2000 to {latest}").format(latest=latest))
    if not 2000 <= number <= latest:
        raise tk.Invalid(tk._("Give a year from 2000 to {latest}").format(latest=latest))
    return number


@validator_args
def monev_show(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"owner_org": [ignore_missing, unicode_safe], "tahun": [ignore_missing, year]}
