"""gettext's markers for the modules that only list messages for the
extractor (``core_*.py``, ``core_strings.py``, ``vocab_notes.py``): each
returns its text untranslated, as gettext's ``N_`` convention has it."""
from __future__ import annotations

__all__ = ["N_", "ungettext"]


def N_(message: str) -> str:  # noqa: N802 (gettext's marker name)
    return message


def ungettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural
