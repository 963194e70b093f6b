"""A file's real kind from its first bytes, against its declared format."""
from __future__ import annotations

import re
from typing import Optional

__all__ = ["TABULAR", "KINDS", "HEAD_BYTES", "detect", "mismatch"]

# what a file of each declared format begins as (``detect``'s kinds); formats
# not listed (API, WMS, WFS…) are services or have no signature here
KINDS = {
    "csv": "text", "tsv": "text", "txt": "text", "json": "text", "geojson": "text",
    "xml": "text", "rdf": "text", "kml": "text", "pdf": "pdf", "html": "html",
    "xlsx": "zip", "ods": "zip", "docx": "zip", "odt": "zip", "zip": "zip", "shp": "zip",
    "kmz": "zip", "xls": "xls", "doc": "xls",
}
# the uploads whose structure is checked (tabular.py)
TABULAR = frozenset({"csv", "tsv", "txt", "xlsx", "xls"})
HEAD_BYTES = 4096
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<(html|!doctype))", re.I)


def detect(head: bytes) -> str:
    """``pdf``, ``html``, ``zip`` (XLSX and other OOXML/ODF), ``xls`` (OLE2),
    ``binary`` or ``text``."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if b"\x00" in head[:1024] and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "binary"
    return "text"


def mismatch(declared: str, detected: str) -> Optional[str]:
    """None when a file of the ``declared`` format may begin as detected
    (or the format has no signature here); else the detected kind (``pdf``,
    ``html``, ``zip``…)."""
    expected = KINDS.get((declared or "").strip().lstrip(".").lower())
    return None if expected is None or detected == expected else detected
