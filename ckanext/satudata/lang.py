"""The language a label is shown in: the request's, else the portal default."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.i18n import get_lang

__all__ = ["current"]


def current() -> str:
    try:
        return get_lang()
    except RuntimeError:    # no application context (a script): the portal default
        return tk.config["ckan.locale_default"]
