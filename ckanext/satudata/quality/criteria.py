"""The quality score of one dataset, as pure computation (no CKAN imports).

Adapted from data.europa.eu's Metadata Quality Assessment (MQA: 405 points
over findability, accessibility, interoperability, reusability and
contextuality) to Satu Data, with the update schedule as a sixth
dimension (timeliness): 435 points in all. The README lists every
criterion with its points. A criterion over the dataset's files gives its
points in proportion to the files that meet it.

``score(pkg, checks, status)`` reads the dataset as ``package_show`` gives
it, the link checks of its resources (``resource_id`` → a row of
``satudata_link_check``: ``state``, ``format_ok``, ``size``,
``media_type``) and its schedule status today; every criterion comes back
with its ``points``, ``of`` and what is ``missing`` (field codes or
resource ids), language-neutral: ``labels.py`` says it in the reader's
language.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Callable, Optional

from . import formats

__all__ = ["CRITERIA", "DIMENSIONS", "MAX_POINTS", "RATINGS", "score", "rating_of",
           "with_status", "timeliness_points"]

DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability",
              "contextuality", "timeliness")
# (code, dimension, points): the order in which they are shown
CRITERIA = (
    ("keywords", "findability", 30), ("urusan", "findability", 30),
    ("wilayah", "findability", 20), ("period", "findability", 20),
    ("reachable", "accessibility", 50), ("download_url", "accessibility", 20),
    ("content_matches", "accessibility", 30),
    ("format", "interoperability", 20), ("media_type", "interoperability", 10),
    ("code_lists", "interoperability", 10), ("open_format", "interoperability", 20),
    ("machine_readable", "interoperability", 20), ("dcat_ap", "interoperability", 30),
    ("licence", "reusability", 20), ("open_licence", "reusability", 10),
    ("access_class", "reusability", 15), ("contact", "reusability", 20),
    ("producer", "reusability", 10),
    ("size", "contextuality", 10), ("issued", "contextuality", 5),
    ("modified", "contextuality", 5),
    ("schedule", "timeliness", 30),
)
MAX_POINTS = sum(points for _, _, points in CRITERIA)
# MQA's bands (351, 221, 121 of 405) scaled to 435 points
RATINGS = (("sangat_baik", 377), ("baik", 237), ("cukup", 130), ("kurang", 0))
# schedule status (schedule/rules.py) -> timeliness points; a dataset without
# a declared frequency gets none, one declared irregular (tidak_berkala) all
_STATUS_POINTS = {"mutakhir": 30, "jatuh_tempo": 20, "terlambat": 10, "sangat_terlambat": 0,
                  "tidak_berkala": 30}
_CODE_LISTS = ("urusan", "frekuensi", "klasifikasi_akses", "jenis_data", "tingkat_penyajian",
               "cakupan_wilayah")
_NOT_A_LICENCE = ("", "notspecified", "other-closed")


def _media_typed() -> frozenset[str]:
    """Format codes of ``vocab/format.csv`` that carry an IANA media type."""
    path = Path(__file__).parent.parent / "vocab" / "format.csv"
    with open(path, encoding="utf-8") as handle:
        return frozenset(row["code"].upper() for row in csv.DictReader(handle) if row["media_type"])


_MEDIA_TYPED = _media_typed()


def _filled(value: Any) -> bool:
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return value not in (None, "")


def rating_of(points: int) -> str:
    return next(code for code, low in RATINGS if points >= low)


def timeliness_points(status: Optional[str], frekuensi: Any) -> int:
    if not _filled(frekuensi):
        return 0
    return _STATUS_POINTS.get(status or "", 0)


def _share(of: int, resources: list[dict[str, Any]],
           meets: Callable[[dict[str, Any]], bool]) -> tuple[int, list[str]]:
    """Points in proportion to the files that meet a criterion, and those that do not."""
    if not resources:
        return 0, []
    missing = [r.get("id") or r.get("name") or "" for r in resources if not meets(r)]
    return round(of * (len(resources) - len(missing)) / len(resources)), missing


def _fields(of: int, pkg: dict[str, Any], names: tuple[str, ...]) -> tuple[int, list[str]]:
    missing = [n for n in names if not _filled(pkg.get(n))]
    return round(of * (len(names) - len(missing)) / len(names)), missing


def score(pkg: dict[str, Any], checks: dict[str, dict[str, Any]],
          status: Optional[str]) -> dict[str, Any]:
    """``points``, ``max_points``, ``rating`` and ``criteria`` of ``pkg``."""
    resources = [r for r in pkg.get("resources") or [] if r.get("state", "active") == "active"]
    check = lambda r: checks.get(r.get("id") or "") or {}    # noqa: E731
    fmt = lambda r: (r.get("format") or "").strip().upper()  # noqa: E731
    # a Terbatas file's address is withheld from whoever indexed it without
    # a grant (access/files.py): it has one all the same (the feed gives its access page)
    has_url = lambda r: _filled(r.get("url")) or bool(r.get("akses_terbatas"))  # noqa: E731
    kontak = pkg.get("kontak") or []
    kontak = kontak if isinstance(kontak, list) else [kontak]
    licence = pkg.get("license_id") or ""
    found: dict[str, tuple[int, list[str]]] = {
        "keywords": _fields(30, pkg, ("tags",)),
        "urusan": _fields(30, pkg, ("urusan",)),
        "wilayah": (20, []) if _filled(pkg.get("cakupan_wilayah")) or _filled(pkg.get("spatial"))
        else (0, ["cakupan_wilayah"]),
        "period": (20, []) if _filled(pkg.get("tahun")) or (
            _filled(pkg.get("periode_awal")) and _filled(pkg.get("periode_akhir")))
        else (0, ["tahun"]),
        "reachable": _share(50, resources, lambda r: check(r).get("state") == "ok"),
        "download_url": _share(20, resources, has_url),
        "content_matches": _share(30, resources, lambda r: check(r).get("format_ok") is True),
        "format": _share(20, resources, lambda r: bool(fmt(r))),
        "media_type": _share(10, resources, lambda r: fmt(r) in _MEDIA_TYPED
                             or _filled(r.get("mimetype")) or _filled(check(r).get("media_type"))),
        "code_lists": _fields(10, pkg, _CODE_LISTS),
        "open_format": _share(20, resources, lambda r: formats.is_open(fmt(r))),
        "machine_readable": _share(20, resources, lambda r: formats.is_machine_readable(fmt(r))),
        "dcat_ap": (30, []) if resources and all(_filled(pkg.get(n)) for n in ("title", "notes"))
        and all(has_url(r) for r in resources)
        else (0, [n for n in ("title", "notes", "resources") if not _filled(pkg.get(n))]
              or ["resources"]),
        "licence": (20, []) if licence not in _NOT_A_LICENCE else (0, ["license_id"]),
        "open_licence": (10, []) if pkg.get("isopen") else (0, ["license_id"]),
        "access_class": _fields(15, pkg, ("klasifikasi_akses",)),
        # the kontak, else the maintainer or author the feed gives as dcat:contactPoint
        "contact": (20, []) if any(_filled(k.get("email")) or _filled(k.get("telepon"))
                                   for k in kontak if isinstance(k, dict))
        or _filled(pkg.get("maintainer_email")) or _filled(pkg.get("author_email"))
        else (0, ["kontak"]),
        "producer": (10, []) if _filled(pkg.get("owner_org")) and _filled(pkg.get("walidata"))
        else (0, [n for n in ("owner_org", "walidata") if not _filled(pkg.get(n))]),
        "size": _share(10, resources, lambda r: _filled(r.get("size")) or _filled(check(r).get("size"))),
        "issued": _fields(5, pkg, ("metadata_created",)),
        "modified": _fields(5, pkg, ("metadata_modified",)),
        "schedule": (timeliness_points(status, pkg.get("frekuensi")),
                     [] if _filled(pkg.get("frekuensi")) else ["frekuensi"]),
    }
    criteria = []
    for code, dimension, of in CRITERIA:
        points, missing = found[code]
        entry = {"code": code, "dimension": dimension, "points": points, "of": of,
                 "missing": missing}
        if code == "schedule":
            entry["status"] = status
        criteria.append(entry)
    return _totalled(criteria)


def _totalled(criteria: list[dict[str, Any]]) -> dict[str, Any]:
    points = sum(c["points"] for c in criteria)
    return {"points": points, "max_points": MAX_POINTS, "rating": rating_of(points),
            "criteria": criteria}


def with_status(kept: dict[str, Any], status: Optional[str], frekuensi: Any) -> dict[str, Any]:
    """A kept score with its timeliness as of today's ``status``: the rest
    changes only with the dataset or its checks, which rescore it."""
    criteria = [dict(c) for c in kept["criteria"]]
    for c in criteria:
        if c["code"] == "schedule":
            c["points"], c["status"] = timeliness_points(status, frekuensi), status
    return _totalled(criteria)
