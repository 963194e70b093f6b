"""The About page and the "Tentang Satu Data" page, from Markdown files.

Each page is ``<name>.<lang>.md`` (or ``<name>.md`` for every language),
looked up first in the pemda's own directory
(``ckanext.satudata.site.pages_dir``), then in the portal's ``pages/``;
in each, the request's language first, then the portal's default one.
A few placeholders are filled in from the site's identity (``{site_name}``,
``{organization}``, ``{email}``, ``{phone}``, ``{address}``, ``{site_url}``);
the text is rendered with CKAN's ``h.render_markdown`` (sanitised HTML).
"""
from __future__ import annotations

import os
from typing import Any, Optional

from markupsafe import Markup

import ckan.plugins.toolkit as tk

from ..lang import current as current_language
from . import identity

__all__ = ["satudata_site_page", "satudata_site_page_is_own"]

PAGES = ("about", "tentang")
SHIPPED = os.path.join(os.path.dirname(__file__), "pages")


def _directories() -> list[str]:
    own = (tk.config.get("ckanext.satudata.site.pages_dir") or "").strip()
    return [own, SHIPPED] if own else [SHIPPED]


def find(name: str, language: str) -> Optional[str]:
    """The path of page ``name``'s Markdown for ``language``, or None."""
    if name not in PAGES:
        return None
    default = tk.config.get("ckan.locale_default") or "id"
    for directory in _directories():
        for candidate in dict.fromkeys((f"{name}.{language}.md", f"{name}.md",
                                        f"{name}.{default}.md")):
            path = os.path.join(directory, candidate)
            if os.path.isfile(path):
                return path
    return None


def _placeholders(site: dict[str, Any]) -> dict[str, str]:
    return {"{site_name}": site["name"], "{organization}": site["organization"] or site["name"],
            "{email}": site["email"], "{phone}": site["phone"],
            "{address}": ", ".join(site["address"]),
            "{site_url}": tk.config.get("ckan.site_url", "").rstrip("/")}


def text(name: str, language: Optional[str] = None) -> Optional[str]:
    """Page ``name``'s Markdown with its placeholders filled in, or None."""
    path = find(name, language or current_language())
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        content = f.read()
    for key, value in _placeholders(identity.site()).items():
        content = content.replace(key, value)
    return content


def from_pemda(name: str, language: Optional[str] = None) -> bool:
    """Whether the pemda's own directory has the page (it wins over CKAN's
    ``ckan.site_about`` on the About page; the portal's text does not)."""
    path = find(name, language or current_language())
    return bool(path) and not path.startswith(SHIPPED + os.sep)


def render(name: str, language: Optional[str] = None) -> Markup:
    content = text(name, language)
    return tk.h.render_markdown(content) if content else Markup("")


def satudata_site_page(name: str) -> Markup:
    """Page ``name`` (``about``, ``tentang``) in the request's language, as HTML."""
    return render(name)


def satudata_site_page_is_own(name: str) -> bool:
    """Whether the pemda's directory has page ``name`` in the request's language."""
    return from_pemda(name)
