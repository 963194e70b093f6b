"""Search syntax errors as CKAN errors, in the user's language.

:class:`SearchSyntaxError` is both a ``ValidationError`` (the action API
answers 409 with the field named) and a ``SearchQueryError`` (the dataset
search page answers 400 with the message), never a 500.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError

from .syntax import QuerySyntaxError

__all__ = ["SearchSyntaxError", "query_error", "message_for"]


class SearchSyntaxError(tk.ValidationError, SearchQueryError):
    def __str__(self) -> str:
        return "; ".join(m for ms in self.error_dict.values() for m in ms)  # type: ignore[union-attr]


def message_for(error: QuerySyntaxError) -> str:
    _ = tk._
    detail = error.detail
    messages = {
        "unbalanced": _("The parentheses in the search query are not balanced."),
        "unterminated": _("A quotation mark or bracket in the search query is not closed."),
        "bad_range": _('Write a range as [from TO to], for example [2020 TO 2024]; "{value}" is not one.'),
        "bad_field": _('"{value}" is not a valid field name.'),
        "missing_value": _('The field "{value}" needs a value, for example {value}:something.'),
        "dangling_operator": _("An operator (AND, OR, NOT, +, -) in the search query has nothing to apply to."),
        "dangling_escape": _("A backslash at the end of the search query escapes nothing."),
        "unexpected": _('Unexpected "{value}" in the search query.'),
        "empty": _("The search query has an empty group ()."),
        "nested_field": _('A field cannot be inside another field ("{value}").'),
        "bad_boost": _("A boost (^) must be followed by a number."),
        "bad_date": _('"{value}" is not a date; use 2024-01-31T00:00:00Z or NOW-7DAYS.'),
        "bad_sort": _('"{value}" is not a valid sort; use "field asc" or "field desc".'),
        "range_needs_field": _("A range needs a field, for example metadata_modified:[2024-01-01T00:00:00Z TO NOW]."),
        "not_a_number": _('"{value}" is not a number.'),
        "sort_too_broad": _("Sorting by a field other than score, name, title_string, "
                            "metadata_modified or metadata_created works on at most {value} "
                            "results; narrow the search with a filter."),
        "too_many_wildcards": _("A search may have at most {value} words with a wildcard (* or ?)."),
    }
    return messages.get(error.code, _("The search query is not valid.")).format(value=detail)


def query_error(param: str, error: QuerySyntaxError) -> SearchSyntaxError:
    return SearchSyntaxError({param: [message_for(error)]})
