"""Spatial extent of a dataset: a GeoJSON geometry in WGS 84 longitude/latitude.

An OPD may type a bounding box ``west,south,east,north`` instead; it is kept
as the equivalent polygon, which is what ckanext-dcat and ckanext-spatial
read from a ``spatial`` field.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

__all__ = ["SpatialError", "parse", "envelope"]

_TYPES = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
          "Polygon": 2, "MultiPolygon": 3}


class SpatialError(ValueError):
    """Not a geometry; ``message()`` says why in the user's language."""

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(reason)
        self.reason, self.values = reason, values

    def message(self) -> str:
        messages = {
            "syntax": tk._("Not a GeoJSON geometry nor a bounding box west,south,east,north"),
            "type": tk._("Unsupported geometry type: {type}"),
            "coordinates": tk._("Coordinates must be longitude -180..180 and latitude -90..90"),
            "bbox": tk._("In a bounding box west must be below east and south below north"),
        }
        return messages[self.reason].format(**self.values)


def parse(value: Any) -> dict[str, Any]:
    """The geometry as a dict; raises ``SpatialError``."""
    if isinstance(value, dict):
        geometry = value
    else:
        text = str(value).strip()
        if not text.startswith("{"):
            return _bbox(text)
        try:
            geometry = json.loads(text)
        except ValueError:
            raise SpatialError("syntax")
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise SpatialError("syntax")
    depth = _TYPES.get(geometry["type"])
    if depth is None:
        raise SpatialError("type", type=str(geometry["type"])[:40])
    _check(geometry.get("coordinates"), depth)
    return {"type": geometry["type"], "coordinates": geometry["coordinates"]}


def _bbox(text: str) -> dict[str, Any]:
    try:
        west, south, east, north = (float(p) for p in text.split(","))
    except ValueError:
        raise SpatialError("syntax")
    _check([west, south], 0)
    _check([east, north], 0)
    if west >= east or south >= north:
        raise SpatialError("bbox")
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _check(coordinates: Any, depth: int) -> None:
    if not isinstance(coordinates, list) or not coordinates:
        raise SpatialError("syntax")
    if depth == 0:
        if len(coordinates) < 2 or not all(isinstance(c, (int, float)) for c in coordinates[:2]):
            raise SpatialError("syntax")
        lon, lat = coordinates[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise SpatialError("coordinates")
        return
    for part in coordinates:
        _check(part, depth - 1)


def _points(coordinates: Any) -> list[list[float]]:
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [coordinates]
    return [p for part in coordinates for p in _points(part)]


def envelope(value: Any) -> tuple[str, str] | None:
    """The geometry's bounding box as a WKT polygon and its centre as a WKT
    point (DCAT's ``dcat:bbox`` and ``dcat:centroid``); None for a value
    that is not a geometry."""
    try:
        geometry = parse(value)
    except SpatialError:
        return None
    points = _points(geometry["coordinates"])
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    return (f"POLYGON(({west} {south}, {east} {south}, {east} {north}, "
            f"{west} {north}, {west} {south}))",
            f"POINT({(west + east) / 2} {(south + north) / 2})")
