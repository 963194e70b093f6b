"""navl schemas for the input of our own actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

__all__ = ["vocabulary_show", "review_decision", "review_target", "review_list"]


@validator_args
def vocabulary_show(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                    int_validator: Validator, is_positive_integer: Validator,
                    natural_number_validator: Validator, convert_to_list_if_string: Validator,
                    list_of_strings: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "q": [ignore_missing, unicode_safe],
        "parent": [ignore_missing, unicode_safe],
        "level": [ignore_missing, int_validator, tk.get_validator("satudata_level")],
        "code": [ignore_missing, convert_to_list_if_string, list_of_strings],
        "limit": [ignore_missing, is_positive_integer, tk.get_validator("satudata_page_limit")],
        "offset": [ignore_missing, natural_number_validator],
    }


@validator_args
def review_target(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def review_decision(not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator,
                    boolean_validator: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "note": [ignore_missing, unicode_safe],
        "publish": [ignore_missing, boolean_validator],
    }


@validator_args
def review_list(ignore_missing: Validator, unicode_safe: Validator, boolean_validator: Validator,
                natural_number_validator: Validator, is_positive_integer: Validator,
                convert_to_list_if_string: Validator, list_of_strings: Validator) -> Schema:
    return {
        "state": [ignore_missing, convert_to_list_if_string, list_of_strings,
                  tk.get_validator("satudata_review_states")],
        "owner_org": [ignore_missing, unicode_safe],
        "older_than": [ignore_missing, natural_number_validator],
        "mine": [ignore_missing, boolean_validator],
        "limit": [ignore_missing, is_positive_integer, tk.get_validator("satudata_page_limit")],
        "offset": [ignore_missing, natural_number_validator],
    }
