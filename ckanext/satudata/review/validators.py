"""The review's validators: the review state changes only through the
review's actions, only a published dataset is public, and the queue's
state filter names known states. Wired through ``logic/validators.py``."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from . import machine


def _stored(data: FlattenDataDict, context: Context) -> model.Package | None:
    """The dataset being updated (package_update puts it in the context
    before validating); None on create."""
    package = context.get("package")
    if package is not None and data.get(("id",)) == package.id:
        return package
    return None


def satudata_review_state(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                          context: Context) -> None:
    """The review state is the workflow's: only the review actions change it
    (they name the new state in ``context["satudata_status"]``). A new
    dataset is a draft whatever its input says."""
    package = _stored(data, context)
    decided = context.get("satudata_status")
    stored = machine.state_of(package.extras, package.private) if package is not None else None
    target = decided or stored or machine.DRAFT
    given = data.get(key, missing)
    if package is not None and not decided and given not in (missing, None, "", target):
        errors.setdefault(key, []).append(tk._("The review state changes only through the walidata's "
                                "review (submit, approve, publish …)"))
    data[key] = target


def satudata_review_rules(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                          context: Context) -> None:
    """Only a published dataset is public; a new one starts private."""
    public = data.get(("satudata_status",)) == machine.PUBLISHED
    if public and data.get(("klasifikasi_akses",)) == "tertutup":
        errors.setdefault(("klasifikasi_akses",), []).append(tk._(
            "A published dataset cannot become Tertutup: the walidata must take it down first"))
        return
    given = data.get(("private",), missing)
    updating = _stored(data, context) is not None
    if updating and not context.get("satudata_status") and given not in (missing, None) \
            and bool(given) == public and not errors.get(("private",)):
        errors.setdefault(("private",), []).append(
            tk._("Take a published dataset down through the walidata (unpublish)") if public
            else tk._("A dataset becomes public only when the walidata publishes it"))
    data[("private",)] = not public


def satudata_review_states(value: Any, context: Context) -> Any:
    unknown = [state for state in value if state not in machine.STATES]
    if unknown:
        raise tk.Invalid(tk._("Unknown review state: {states}").format(states=", ".join(unknown)))
    return value
