"""Which formats are open (non-proprietary) and machine-readable.

After data.europa.eu's Metadata Quality Assessment, which reads the EU
vocabularies' lists of non-proprietary and machine-readable file types;
here by the format codes of ``vocab/format.csv`` (upper case).
"""
from __future__ import annotations

__all__ = ["OPEN", "MACHINE_READABLE", "is_open", "is_machine_readable"]

OPEN = frozenset({
    "CSV", "TSV", "ODS", "ODT", "JSON", "XML", "RDF", "TTL", "JSONLD", "GEOJSON", "KML",
    "GPKG", "GML", "TXT", "HTML", "WMS", "WFS", "API", "PNG", "TIFF", "ZIP", "SHP", "PARQUET",
})
MACHINE_READABLE = frozenset({
    "CSV", "TSV", "XLSX", "XLS", "ODS", "JSON", "XML", "RDF", "TTL", "JSONLD", "GEOJSON",
    "SHP", "KML", "KMZ", "GPKG", "GML", "WMS", "WFS", "API", "PARQUET",
})


def _code(fmt: str | None) -> str:
    return (fmt or "").strip().lstrip(".").upper()


def is_open(fmt: str | None) -> bool:
    return _code(fmt) in OPEN


def is_machine_readable(fmt: str | None) -> bool:
    return _code(fmt) in MACHINE_READABLE
