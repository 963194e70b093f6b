"""Who reads a resource's rows through the DataStore (``datastore_search``,
``datastore_info``, and with them the DataTables view and the dump)."""
from __future__ import annotations

from typing import Any, Mapping

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..access import files


def N_(message: str) -> str:  # noqa: N802 (gettext's marker: the extractor reads it)
    return message


# the DataStore's own words for a resource without a table, which upstream
# formats before translating (so they are never translated there)
SEARCH_NOT_FOUND = N_('Resource "{0}" was not found.')
INFO_NOT_FOUND = N_('Resource/Alias "{0}" was not found.')
# the DataStore's list of its tables (``datastore_search`` on it)
TABLE_LIST = "_table_metadata"


def not_found(resource_id: Any, message: str) -> tk.ObjectNotFound:
    """The DataStore's answer for a resource without a table (``message``,
    its msgid), translated: upstream formats it before translating it."""
    return tk.ObjectNotFound(tk._(message).format(resource_id))


def check(context: Mapping[str, Any], resource_id: Any, message: str) -> None:
    """Raise ``not_found`` unless the caller may read the rows of
    ``resource_id``: its dataset visible to the caller (the review's rule,
    through ``resource_show``'s auth) and, for a Terbatas dataset, its file
    reached."""
    if not isinstance(resource_id, str) or context.get("ignore_auth"):
        return
    if resource_id == TABLE_LIST:
        # upstream lets anyone ask for it (and answers 500 in CKAN 2.12);
        # it would name every table, a Terbatas dataset's and a draft's too
        raise not_found(resource_id, message)
    resource = model.Resource.get(resource_id)
    if resource is None or resource.package is None:
        return                               # the DataStore answers as it would
    try:
        tk.check_access("resource_show", dict(context), {"id": resource.id})
    except tk.NotAuthorized:
        raise not_found(resource_id, message) from None
    package = resource.package
    if not files.restricted(package.extras or {}):
        return
    if not files.reach(context.get("user") or None, package.id, package.owner_org).reaches(resource.id):
        raise not_found(resource_id, message)
