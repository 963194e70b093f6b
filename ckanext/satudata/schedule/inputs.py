"""navl schemas for the schedule's and the Daftar Data's actions, and the
checks they share (sane dates, known codes)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.schema import validator_args
from ckan.types import Context, Schema, Validator

from . import rules

__all__ = ["FIRST_YEAR", "LAST_YEAR", "parse_date", "sane_date", "future_date", "year",
           "statuses", "sort_key", "schedule_target", "schedule_list", "confirm_current", "schedule_plan",
           "daftar_list", "daftar_entry", "daftar_import", "daftar_summary", "daftar_target"]

FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_date(value: Any) -> datetime.date:
    """A date from ``YYYY-MM-DD`` (or a date/datetime); ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip()[:10])


def sane_date(value: Any, context: Context) -> Any:
    """A date between the years 2000 and 2100."""
    if value is missing or value in (None, ""):
        return value
    try:
        found = parse_date(value)
    except ValueError:
        raise tk.Invalid(tk._("Not a date (YYYY-MM-DD)"))
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise tk.Invalid(tk._("The date must lie between {first} and {last}").format(
            first=FIRST_YEAR, last=LAST_YEAR))
    return found


def future_date(value: Any, context: Context) -> Any:
    """A planned date: from today, at most ten years ahead."""
    if value is missing or value in (None, ""):
        return value
    found = sane_date(value, context)
    today = datetime.date.today()
    if found < today or found > today.replace(year=today.year + 10):
        raise tk.Invalid(tk._("A planned release lies between today and ten years ahead"))
    return found


def year(value: Any, context: Context) -> Any:
    try:
        found = int(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Not a year"))
    if not FIRST_YEAR <= found <= LAST_YEAR:
        raise tk.Invalid(tk._("The year must lie between {first} and {last}").format(
            first=FIRST_YEAR, last=LAST_YEAR))
    return found


def statuses(value: Any, context: Context) -> Any:
    unknown = [v for v in value if v not in rules.STATUSES]
    if unknown:
        raise tk.Invalid(tk._("Unknown schedule status: {codes}").format(codes=", ".join(unknown)))
    return value


def sort_key(value: Any, context: Context) -> Any:
    if value not in ("due", "opd"):
        raise tk.Invalid(tk._("Sort by due or opd"))
    return value


@validator_args
def schedule_target(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def schedule_list(ignore_missing: Validator, unicode_safe: Validator,
                  natural_number_validator: Validator, is_positive_integer: Validator,
                  convert_to_list_if_string: Validator, list_of_strings: Validator,
                  boolean_validator: Validator) -> Schema:
    return {
        "owner_org": [ignore_missing, unicode_safe],
        "status": [ignore_missing, convert_to_list_if_string, list_of_strings, statuses],
        "due_before": [ignore_missing, sane_date],
        "urusan": [ignore_missing, unicode_safe],
        "mine": [ignore_missing, boolean_validator],
        "sort": [ignore_missing, unicode_safe, sort_key],
        "limit": [ignore_missing, tk.get_validator("satudata_given_number"), is_positive_integer,
                  tk.get_validator("satudata_page_limit")],
        "offset": [ignore_missing, tk.get_validator("satudata_given_number"),
                   natural_number_validator],
    }


@validator_args
def confirm_current(not_empty: Validator, ignore_missing: Validator,
                    unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "note": [not_empty, unicode_safe],
            "planned": [ignore_missing, future_date]}


@validator_args
def schedule_plan(not_empty: Validator, ignore_missing: Validator,
                  unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe], "planned": [ignore_missing, future_date]}


@validator_args
def daftar_target(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def daftar_list(ignore_missing: Validator, unicode_safe: Validator,
                boolean_validator: Validator, natural_number_validator: Validator,
                is_positive_integer: Validator) -> Schema:
    return {
        "tahun": [ignore_missing, year],
        "owner_org": [ignore_missing, unicode_safe],
        "fulfilled": [ignore_missing, boolean_validator],
        "prioritas": [ignore_missing, boolean_validator],
        "limit": [ignore_missing, is_positive_integer],
        "offset": [ignore_missing, natural_number_validator],
    }


@validator_args
def daftar_entry(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                 boolean_validator: Validator) -> Schema:
    return {
        "id": [ignore_missing, unicode_safe],
        "tahun": [not_empty, year],
        "kode": [not_empty, unicode_safe],
        "judul": [not_empty, unicode_safe],
        "owner_org": [not_empty, unicode_safe],
        "frekuensi": [not_empty, unicode_safe],
        "prioritas": [ignore_missing, boolean_validator],
        "standar_data": [ignore_missing, unicode_safe],
        "catatan": [ignore_missing, unicode_safe],
    }


@validator_args
def daftar_import(not_empty: Validator, ignore_missing: Validator,
                  unicode_safe: Validator, boolean_validator: Validator) -> Schema:
    return {"tahun": [not_empty, year], "csv": [ignore_missing, unicode_safe],
            "upload": [ignore_missing], "replace": [ignore_missing, boolean_validator]}


@validator_args
def daftar_summary(not_empty: Validator) -> Schema:
    return {"tahun": [not_empty, year]}
