"""Checks that keep the fast loader honest (figures, not assertions).

* :func:`shape` compares the dicts the loader builds with what CKAN's own
  ``package_show`` returns for the same datasets, key order included.
* :func:`doc_snapshot` reads the stored search documents, so the ones the
  bulk loader wrote can be compared with the ones CKAN's own
  ``search.rebuild`` writes for the same datasets.
"""
from __future__ import annotations

import json
import random
from typing import Any

import sqlalchemy as sa
from ckan import logic, model

__all__ = ["doc_snapshot", "shape"]


def _differences(i: int, label: str, mine: dict[str, Any], real: dict[str, Any]) -> list[str]:
    if mine == real and json.dumps(mine) == json.dumps(real):
        return []
    keys = sorted(k for k in set(mine) | set(real)
                  if mine.get(k, "<absent>") != real.get(k, "<absent>"))
    if not keys:       # same content, other key order: it orders the document's text
        return [f"dataset {i} {label}: key order {list(mine)} / {list(real)}"]
    return [f"dataset {i} {label}: " + "; ".join(
        f"{k}: built {mine.get(k, '<absent>')!r} / package_show {real.get(k, '<absent>')!r}"
        for k in keys[:3])]


def shape(loader: Any, sample: int = 20, seed: int = 1) -> tuple[int, int, list[str]]:
    """Compare the loader's dicts with ``package_show`` for ``sample``
    loaded datasets; returns (identical, checked, differences)."""
    total = loader.count()
    picks = sorted(random.Random(seed).sample(range(total), min(sample, total)))
    same, diffs = 0, []
    for i in picks:
        g = loader.generate(i)
        real = logic.package_show_default_and_custom_schemas({"ignore_auth": True},
                                                            g.default["id"])
        found = (_differences(i, "default", g.default, real[0])
                 + _differences(i, "custom", g.custom, real[1]))
        same += not found
        diffs += found
    model.Session.rollback()
    return same, len(picks), diffs


def doc_snapshot(ids: list[str]) -> dict[str, tuple]:
    """The stored search columns of some datasets (everything but the
    indexing time), to compare two indexings of the same datasets."""
    columns = [r[0] for r in model.Session.execute(sa.text(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'satudata_search_doc' AND column_name NOT IN ('indexed_at') "
        "ORDER BY ordinal_position"))]
    select = ", ".join(f"d.{c}::text" for c in columns)
    rows = model.Session.execute(sa.text(
        f"SELECT d.id, {select} FROM satudata_search_doc d WHERE d.id = ANY(:ids)"),
        {"ids": ids}).all()
    model.Session.rollback()
    return {r[0]: tuple(r[1:]) for r in rows}
