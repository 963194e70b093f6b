"""navl schemas of the access actions and the checks of their values
(``berlaku_sampai``, states, lengths)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.schema import validator_args
from ckan.types import Context, Schema, Validator

from . import rules

__all__ = ["zone", "until", "max_days", "request_create", "request_target", "request_list",
           "approve", "decision_with_reason", "log_list", "MAX_TEXT", "MAX_LIMIT"]

MAX_TEXT = 2000         # keperluan, dasar hukum, notes
MAX_LIMIT = 1000
_LAST_YEAR = 2100


def zone() -> datetime.tzinfo:
    return rules.portal_zone(tk.config.get("ckan.display_timezone"))


def max_days() -> int:
    return max(1, tk.config["ckanext.satudata.access.max_days"])


def until(value: Any, context: Context) -> Any:
    """``berlaku_sampai``: an ISO 8601 date or date-time, in the future and
    within the longest grant (``ckanext.satudata.access.max_days``)."""
    if value is missing or value in (None, ""):
        return value
    try:
        ends = rules.parse_until(value, zone())
    except (ValueError, TypeError, OverflowError):
        raise tk.Invalid(tk._("Not a date (YYYY-MM-DD) or date and time (ISO 8601)"))
    now = datetime.datetime.now(datetime.timezone.utc)
    if ends.year > _LAST_YEAR or ends <= now:
        raise tk.Invalid(tk._("The end date must lie in the future"))
    if ends > now + datetime.timedelta(days=max_days() + 1):
        raise tk.Invalid(tk._("Access is granted for at most {days} days").format(days=max_days()))
    return ends


def _text(value: Any, context: Context) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_TEXT:
            raise tk.Invalid(tk._("At most {count} characters").format(count=MAX_TEXT))
    return value


# (navl runs a field's later validators after an earlier one refused it:
# each of these leaves a value of the wrong type to that refusal)


def _split(value: Any, context: Context) -> Any:
    """``a,b`` or a list of them: the codes."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [c.strip() for v in value for c in v.split(",") if c.strip()]
    return value


def _codes(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _states(value: Any, context: Context) -> Any:
    if not _codes(value):
        return value
    unknown = [v for v in value if v not in rules.STATES]
    if unknown:
        raise tk.Invalid(tk._("Unknown state: {codes}").format(codes=", ".join(unknown)[:200]))
    return value


def _kinds(value: Any, context: Context) -> Any:
    if not _codes(value):
        return value
    unknown = [v for v in value if v not in rules.EVENT_KINDS]
    if unknown:
        raise tk.Invalid(tk._("Unknown kind: {codes}").format(codes=", ".join(unknown)[:200]))
    return value


def _limit(value: Any, context: Context) -> Any:
    return min(value, MAX_LIMIT) if isinstance(value, int) else value


@validator_args
def request_create(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                   convert_to_list_if_string: Validator, list_of_strings: Validator) -> Schema:
    return {
        "package_id": [not_empty, unicode_safe],
        "keperluan": [not_empty, unicode_safe, _text, not_empty],
        "dasar_hukum": [ignore_missing, unicode_safe, _text],
        "berlaku_sampai": [not_empty, until],
        "resource_ids": [ignore_missing, convert_to_list_if_string, list_of_strings],
        "organization_id": [ignore_missing, unicode_safe],
    }


@validator_args
def request_target(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


def _paging(ignore_missing: Validator, is_positive_integer: Validator,
            natural_number_validator: Validator) -> Schema:
    given = tk.get_validator("satudata_given_number")
    return {"limit": [ignore_missing, given, is_positive_integer, _limit],
            "offset": [ignore_missing, given, natural_number_validator,
                       tk.get_validator("satudata_max_offset")]}


@validator_args
def request_list(ignore_missing: Validator, unicode_safe: Validator,
                 convert_to_list_if_string: Validator, list_of_strings: Validator,
                 boolean_validator: Validator, is_positive_integer: Validator,
                 natural_number_validator: Validator) -> Schema:
    return {
        "state": [ignore_missing, _split, list_of_strings, _states],
        "package_id": [ignore_missing, unicode_safe],
        "owner_org": [ignore_missing, unicode_safe],
        "mine": [ignore_missing, boolean_validator],
        **_paging(ignore_missing, is_positive_integer, natural_number_validator),
    }


@validator_args
def approve(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "berlaku_sampai": [ignore_missing, until],
            "note": [ignore_missing, unicode_safe, _text]}


@validator_args
def decision_with_reason(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "note": [not_empty, unicode_safe, _text, not_empty]}


@validator_args
def log_list(ignore_missing: Validator, unicode_safe: Validator,
             convert_to_list_if_string: Validator, list_of_strings: Validator,
             is_positive_integer: Validator, natural_number_validator: Validator) -> Schema:
    return {
        "package_id": [ignore_missing, unicode_safe],
        "request_id": [ignore_missing, unicode_safe],
        "owner_org": [ignore_missing, unicode_safe],
        "kind": [ignore_missing, _split, list_of_strings, _kinds],
        **_paging(ignore_missing, is_positive_integer, natural_number_validator),
    }
