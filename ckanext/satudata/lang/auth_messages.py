"""CKAN's one untranslatable auth message, in the visitor's language.

``ckan.authz.is_authorized`` turns an anonymous call of an action whose
auth function does not allow anonymous access away with the English literal
``"Action <name> requires an authenticated user"`` (no ``_()``), which a
page shows as is (e.g. the review queue for a visitor, a 403). ``install()``
wraps ``is_authorized`` once so that this one message becomes the
translatable "Log in first" (Indonesian "Silakan masuk terlebih dahulu");
every other answer, and the decision itself, are CKAN's unchanged. Called
from the plugin's ``update_config``.
"""
from __future__ import annotations

import functools
import re
from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

__all__ = ["install"]

_ENGLISH = re.compile(r"^Action \S+ requires an authenticated user$")


def install() -> None:
    if getattr(authz.is_authorized, "satudata_translated", False):
        return
    original = authz.is_authorized

    @functools.wraps(original)
    def is_authorized(action: str, context: Any, data_dict: Any = None) -> Any:
        result = original(action, context, data_dict)
        msg = result.get("msg") if isinstance(result, dict) else None
        if isinstance(msg, str) and _ENGLISH.match(msg):
            result = dict(result, msg=tk._("Log in first"))
        return result

    is_authorized.satudata_translated = True  # type: ignore[attr-defined]
    authz.is_authorized = is_authorized
