"""The portal's languages (Indonesian by default, English second).

- here: ``current()``, the language a label is shown in: the request's,
  else the portal default;
- ``core_strings.py``: CKAN core strings our pages show that CKAN's own
  Indonesian catalogue leaves empty (read by the message extractor only).

The catalogues themselves are in ``i18n/``.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.i18n import get_lang

__all__ = ["current"]


def current() -> str:
    try:
        return get_lang()
    except RuntimeError:    # no application context (a script): the portal default
        return tk.config["ckan.locale_default"]
