"""Template helpers (all prefixed satudata_)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import lang
from .access.helpers import *  # noqa: F401,F403
from .access.helpers import __all__ as _access
from .metadata import values
from .portal import api_page as _api_page, identity as _identity, pages as _pages
from .portal.home import satudata_home
from .preview import chart as _chart
from .review import labels, roles, status
from .quality.helpers import *  # noqa: F401,F403
from .quality.helpers import __all__ as _quality
from .schedule.helpers import *  # noqa: F401,F403
from .schedule.helpers import __all__ as _schedule
from .vocab import store

satudata_site = _identity.satudata_site
satudata_site_css = _identity.satudata_site_css
satudata_site_page = _pages.satudata_site_page
satudata_site_page_is_own = _pages.satudata_site_page_is_own
satudata_dcat_links = _api_page.satudata_dcat_links
satudata_dataset_chart = _chart.dataset_chart

__all__ = ["satudata_vocabulary_choices", "satudata_opd_choices", "satudata_vocab_labels",
           "satudata_as_list", "satudata_kode_wilayah",
           "satudata_sees_review", "satudata_is_walidata", "satudata_state_label",
           "satudata_review_steps", "satudata_review_status", "satudata_change_label",
           "satudata_resource_field_label",
           "satudata_site", "satudata_site_css", "satudata_site_page", "satudata_site_page_is_own",
           "satudata_dcat_links", "satudata_my_datasets", "satudata_dataset_chart",
           "satudata_home", *_schedule, *_access, *_quality]


def satudata_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Choices of a select field from the code list it names (scheming ``choices_helper``)."""
    language = lang.current()
    name = field["satudata_vocabulary"]
    terms = store.all_terms(model.Session, name)
    if field.get("satudata_show_codes"):     # numbered official lists: "1.02 Kesehatan"
        return [{"value": t.code, "label": f"{t.code} {t.label(language)}"} for t in terms]
    return [{"value": t.code, "label": t.label(language)} for t in terms]


def satudata_opd_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """Every active OPD, for the parent (induk) select."""
    rows = (model.Session.query(model.Group.name, model.Group.title)
            .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
            .order_by(model.Group.title))
    return [{"value": name, "label": title or name} for name, title in rows]


def satudata_as_list(value: Any) -> list[Any]:
    """A field's several values for display (see ``metadata/values.py``)."""
    try:
        return values.as_list(value)
    except ValueError:
        return [value]


def satudata_vocab_labels(vocabulary: str, codes: Any) -> list[dict[str, Any]]:
    """``[{code, label, path}]`` for display; unknown codes keep the code as label."""
    language = lang.current()
    codes = [str(c) for c in satudata_as_list(codes)]
    found = store.terms(model.Session, vocabulary, codes)
    return [{"code": c, "label": found[c].label(language) if c in found else c,
             "path": found[c].extra.get("path", "") if c in found else ""} for c in codes]


def satudata_kode_wilayah() -> str:
    """The portal's own region, what a new dataset covers unless told otherwise."""
    return tk.config["ckanext.satudata.kode_wilayah"]


def _user() -> str | None:
    return tk.current_user.name if tk.current_user.is_authenticated else None


def satudata_sees_review(pkg: dict[str, Any]) -> bool:
    """A dataset's review state and record are for its OPD's members and the walidata."""
    return roles.sees_review(_user(), pkg.get("owner_org"))


def satudata_is_walidata() -> bool:
    return roles.is_walidata(_user())


def satudata_state_label(state: str | None) -> str:
    return labels.state_label(state)


def satudata_review_steps(pkg: dict[str, Any]) -> list[str]:
    """The review steps the signed-in user can take on the dataset now."""
    return status.available(_user(), pkg["id"])


def satudata_review_status(pkg: dict[str, Any]) -> dict[str, Any]:
    """The dataset's state, its pending revision's state and the last note."""
    return status.summary(pkg["id"], last_note=True)


def satudata_change_label(change: str) -> str:
    """A changed field by its label in the reader's language; resources
    (``resource:<name>``, ``+``/``-`` when added/removed) by their name."""
    kind, _, name = change.partition("resource:")
    if _ == "resource:":
        return {"+": tk._("Resource added: {name}"), "-": tk._("Resource removed: {name}")}.get(
            kind, tk._("Resource: {name}")).format(name=name)
    if change == "tags":
        return tk._("Keywords")
    return _schema_label("dataset_fields", change)


def _schema_label(fields: str, name: str) -> str:
    """A field of the dataset schema's ``fields`` list by its label in the
    reader's language (its name when the schema has no such field)."""
    schema = tk.h.scheming_get_dataset_schema("dataset") or {}
    field = tk.h.scheming_field_by_name(schema.get(fields, []), name)
    return tk.h.scheming_language_text(field["label"]) if field else name


def satudata_resource_field_label(name: str) -> str:
    """A resource field by its schema label in the reader's language."""
    return _schema_label("resource_fields", name)


def satudata_my_datasets(limit: int = 20) -> dict[str, Any]:
    """The dashboard's "Dataset Saya" tab: the user's OPDs' datasets (not only
    those the user created, as CKAN's tab lists), newest review first."""
    if not _user():
        return {"count": 0, "counts": {}, "results": []}
    return tk.get_action("satudata_review_list")({"user": _user()}, {"mine": True, "limit": limit})
