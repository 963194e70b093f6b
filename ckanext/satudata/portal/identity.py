"""The kabupaten's own site: name, logo, colours, contact, address and
social links, from the ``ckanext.satudata.site.*`` options.

``site()`` gathers them for the templates (``h.satudata_site()``); colours
are checked to be hex colours before they reach the page's ``<style>``.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional
from urllib.parse import urlsplit

from markupsafe import Markup

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

__all__ = ["satudata_site", "satudata_site_css"]

_PREFIX = "ckanext.satudata.site."
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_DEFAULT_PRIMARY = "#1b5e95"
_DEFAULT_ACCENT = "#e0a100"
CKAN_FAVICON = "/base/images/ckan.ico"
# social sites named after their host (without www.)
_SOCIAL = {"facebook.com": "Facebook", "fb.com": "Facebook", "instagram.com": "Instagram",
           "x.com": "X", "twitter.com": "X", "youtube.com": "YouTube", "youtu.be": "YouTube",
           "tiktok.com": "TikTok", "linkedin.com": "LinkedIn", "threads.net": "Threads"}


def _option(name: str) -> str:
    return (tk.config.get(_PREFIX + name) or "").strip()


def colour(value: Optional[str], default: str) -> str:
    """``value`` as a lower-case ``#rrggbb`` when it is a hex colour, else ``default``."""
    value = (value or "").strip()
    if not value:
        return default
    if not _HEX.match(value):
        log.warning("Ignoring %r: not a hex colour (#rrggbb); using %s", value, default)
        return default
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def darker(hex_colour: str, by: float = 0.2) -> str:
    """The colour ``by`` (0–1) closer to black (hover and border shades)."""
    return "#" + "".join(f"{round(c * (1 - by)):02x}" for c in _rgb(hex_colour))


def on(hex_colour: str) -> str:
    """Black or white, whichever reads better on ``hex_colour`` (WCAG
    relative luminance)."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(hex_colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # contrast with white (1.05 / (L + .05)) against contrast with black ((L + .05) / .05)
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#000000"


def _http_url(value: str) -> Optional[str]:
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def social_links(urls: Any) -> list[dict[str, str]]:
    """``[{name, url}]`` for each http(s) URL; others are left out."""
    if isinstance(urls, str):
        urls = urls.split()
    links = []
    for url in urls or []:
        url = _http_url(str(url).strip())
        if not url:
            continue
        host = urlsplit(url).netloc.lower().split(":")[0]
        host = host[4:] if host.startswith("www.") else host
        host = host[2:] if host.startswith("m.") else host
        links.append({"name": _SOCIAL.get(host, host), "url": url})
    return links


def _logo(value: str) -> str:
    if not value:
        return tk.url_for("satudata_portal.logo")
    return tk.h.url_for_static_or_external(value)


def favicon() -> str:
    """``ckan.favicon`` when it was changed from CKAN's, else the portal's own."""
    configured = (tk.config.get("ckan.favicon") or "").strip()
    if configured and configured != CKAN_FAVICON:
        return tk.h.url_for_static_or_external(configured)
    return tk.url_for("satudata_portal.favicon_ico")


def site() -> dict[str, Any]:
    """Everything the header, footer and About page show of the site."""
    primary = colour(_option("primary_color"), _DEFAULT_PRIMARY)
    accent = colour(_option("accent_color"), _DEFAULT_ACCENT)
    address = [line.strip() for line in re.split(r"\\n|\n|\|", _option("address")) if line.strip()]
    phone = _option("phone")
    return {
        "name": _option("name") or tk.config.get("ckan.site_title") or "Satu Data",
        "tagline": _option("tagline") or tk.config.get("ckan.site_description") or "",
        "logo": _logo(_option("logo")),
        "favicon": favicon(),
        "favicon_svg": tk.url_for("satudata_portal.favicon_svg"),
        "organization": _option("organization"),
        "email": _option("email"),
        "phone": phone,
        "phone_uri": "tel:" + re.sub(r"[^0-9+]", "", phone) if phone else "",
        "address": address,
        "website": _http_url(_option("website")) or "",
        "social": social_links(tk.config.get(_PREFIX + "social")),
        "colours": {"primary": primary, "primary_dark": darker(primary), "on_primary": on(primary),
                    "accent": accent, "on_accent": on(accent)},
    }


def satudata_site() -> dict[str, Any]:
    """The site's name, logo, colours, contact, address and social links."""
    return site()


def satudata_site_css() -> Markup:
    """The colours as CSS custom properties, for a ``<style>`` in the page's
    head. Every value passed ``colour()``, so nothing else reaches the CSS."""
    c = site()["colours"]
    return Markup(
        ":root{"
        f"--satudata-primary:{c['primary']};--satudata-primary-dark:{c['primary_dark']};"
        f"--satudata-on-primary:{c['on_primary']};--satudata-accent:{c['accent']};"
        f"--satudata-on-accent:{c['on_accent']};"
        f"--bs-primary:{c['primary']};--bs-link-color:{c['primary']};"
        f"--bs-link-hover-color:{c['primary_dark']}"
        "}")
