"""Template helpers (all prefixed satudata_)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import lang, roles
from .vocab import store

__all__ = ["satudata_vocabulary_choices", "satudata_opd_choices", "satudata_vocab_labels",
           "satudata_as_list", "satudata_kode_wilayah", "satudata_sees_completeness"]


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
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


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


def satudata_sees_completeness(pkg: dict[str, Any]) -> bool:
    """What a dataset still lacks is for its OPD (who can edit it) and the walidata."""
    user = tk.current_user.name if tk.current_user.is_authenticated else None
    return roles.is_walidata(user) or tk.h.check_access("package_update", {"id": pkg["id"]})
