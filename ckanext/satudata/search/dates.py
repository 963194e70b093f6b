"""Solr date syntax: ISO 8601 or ``NOW`` with date math (``NOW-7DAYS/DAY``)."""
from __future__ import annotations

import datetime
import re
from typing import Optional

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

from .syntax import QuerySyntaxError

__all__ = ["parse_date"]

_DATE_MATH_RE = re.compile(r"([+-]\d+|/)(YEAR|MONTH|DAY|DATE|HOUR|MINUTE|SECOND|MILLI|MILLISECOND)S?")
_UNITS = {"YEAR": "years", "MONTH": "months", "DAY": "days", "DATE": "days",
          "HOUR": "hours", "MINUTE": "minutes", "SECOND": "seconds"}


def parse_date(value: str, now: Optional[datetime.datetime] = None) -> datetime.datetime:
    """Solr date syntax: ISO 8601 or ``NOW`` with date math (``NOW-7DAYS/DAY``)."""
    now = now or datetime.datetime.utcnow()
    value = value.strip()
    if value.upper().startswith("NOW"):
        base, rest = now, value[3:]
    else:
        m = re.match(r"^[0-9T:\-.]+Z?", value)
        if not m:
            raise QuerySyntaxError("bad_date", value)
        try:
            base = isoparse(m.group(0).rstrip("Z"))
        except ValueError:
            raise QuerySyntaxError("bad_date", value)
        rest = value[m.end():]
    pos = 0
    for m in _DATE_MATH_RE.finditer(rest.upper()):
        if m.start() != pos:
            break
        op, unit = m.group(1), m.group(2)
        if unit.startswith("MILLI"):
            pos = m.end()
            continue
        try:
            if op == "/":
                base = _round_down(base, _UNITS[unit])
            else:
                base = base + relativedelta(**{_UNITS[unit]: int(op)})
        except (OverflowError, ValueError):
            raise QuerySyntaxError("bad_date", value)
        pos = m.end()
    if pos != len(rest):
        raise QuerySyntaxError("bad_date", value)
    return base.replace(tzinfo=None)


def _round_down(d: datetime.datetime, unit: str) -> datetime.datetime:
    order = ["years", "months", "days", "hours", "minutes", "seconds"]
    keep = order.index(unit)
    kwargs: dict[str, int] = {}
    for i, name in enumerate(["month", "day", "hour", "minute", "second"], start=1):
        if i > keep:
            kwargs[name] = 1 if name in ("month", "day") else 0
    return d.replace(microsecond=0, **kwargs)
