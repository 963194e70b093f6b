"""What the portal derives from a dataset's Satu Data metadata.

- ``kelengkapan``: the completeness score, 0–100: the share of the fields
  the schema marks ``satudata_completeness: required`` or ``recommended``
  (plus at least one resource, and the statistical or spatial metadata
  its ``jenis_data`` calls for) that are filled;
  ``kelengkapan_kurang`` names those that are not.
- ``walidata``: the steward organisation of the portal
  (``ckanext.satudata.walidata_organization``), never typed by an OPD.

Both are computed whenever a dataset is shown (``after_dataset_show``),
so they are never stale, and CKAN indexes them with the rest of the
dataset: they can be searched, filtered and sorted on.
"""
from __future__ import annotations

import json
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.scheming.helpers import scheming_get_dataset_schema

__all__ = ["derive", "completeness", "for_index"]

_BY_KIND = {"statistik": ("ms_keg", "ms_ind"), "geospasial": ("spatial",)}
_DERIVED = ("kelengkapan", "kelengkapan_kurang", "walidata")
# form fields whose value a shown dataset holds under another key
_SHOWN_AS = {"tag_string": "tags"}


def _filled(value: Any) -> bool:
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return value not in (None, "")


def completeness(pkg_dict: dict[str, Any]) -> tuple[int, list[str]]:
    """(score 0–100, names of the fields that are missing)."""
    schema = scheming_get_dataset_schema(pkg_dict.get("type") or "dataset") or {}
    wanted = [f["field_name"] for f in schema.get("dataset_fields", [])
              if f.get("satudata_completeness") in ("required", "recommended")]
    wanted += list(_BY_KIND.get(pkg_dict.get("jenis_data", ""), ()))
    wanted.append("resources")
    missing = [name for name in wanted if not _filled(pkg_dict.get(_SHOWN_AS.get(name, name)))]
    return round(100 * (len(wanted) - len(missing)) / len(wanted)), missing


def _walidata() -> str | None:
    name = tk.config["ckanext.satudata.walidata_organization"]
    group = model.Group.get(name) if name else None
    return group.title if group is not None else None


def derive(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    if pkg_dict.get("type", "dataset") != "dataset":
        return pkg_dict
    pkg_dict["kelengkapan"], pkg_dict["kelengkapan_kurang"] = completeness(pkg_dict)
    pkg_dict["walidata"] = _walidata()
    return pkg_dict


def for_index(pkg_dict: dict[str, Any], shown: dict[str, Any]) -> None:
    """The document CKAN indexes: list fields (tahun, several urusan …) as
    lists, not the JSON text CKAN stores them as, so that each value is a
    term of its own (fq=tahun:2023); and the derived fields, which CKAN
    computes (``after_dataset_show``) only for the dict that search returns."""
    schema = scheming_get_dataset_schema(pkg_dict.get("dataset_type") or "dataset") or {}
    for field in schema.get("dataset_fields", []):
        name = field["field_name"]
        value = pkg_dict.get(name)
        if "output_validators" in field and isinstance(value, str) and value.startswith("["):
            try:
                pkg_dict[name] = json.loads(value)
            except ValueError:
                pass    # not JSON after all: indexed as the text it is
    if shown is not pkg_dict:
        pkg_dict.update({k: shown[k] for k in _DERIVED if k in shown})
