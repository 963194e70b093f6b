"""Create or update OPD organizations from rows of the OPD list."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ...opd import csv_rows

__all__ = ["satudata_opd_import"]


def satudata_opd_import(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Create each OPD that does not exist yet and update those whose
    fields differ; rows already matching the portal are left alone. Each row
    is committed on its own: a refused row changes nothing and the others go on.

    :param rows: OPD rows with the columns of ``ckan satudata opd export``
        (``name``, ``title``, ``kode_opd``, ``singkatan``, ``jenis_instansi``,
        ``urusan`` as a list, ``kode_wilayah``, ``induk``, ``alamat``,
        ``telepon``, ``email``, ``website``, ``description``); parents are
        written before the units that name them
    :type rows: list of dicts
    :param dry_run: check every row, then undo everything (default false)
    :type dry_run: bool
    :returns: per row: ``row`` (1-based), ``name``, ``status``
        (``created``, ``updated``, ``unchanged`` or ``error``) and, on error,
        ``errors`` (field: messages)
    :rtype: list of dicts
    """
    tk.check_access("satudata_opd_import", context, data_dict)
    rows = data_dict.get("rows")
    if not rows or not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise tk.ValidationError({"rows": [tk._("A list of OPD rows is required")]})
    dry_run = tk.asbool(data_dict.get("dry_run", False))
    numbered = {id(row): n for n, row in enumerate(rows, start=1)}
    results = []
    applied: list[dict[str, Any]] = []     # rows written in the open transaction (dry run)
    for row in csv_rows.parents_first(rows):
        result = {"row": numbered[id(row)], "name": row.get("name", "")}
        try:
            result["status"] = _upsert(context, row)
        except tk.ValidationError as err:
            result.update(status="error", errors=err.error_dict)
            # CKAN rolled the whole session back: a dry run writes its good
            # rows again so that later rows still see the OPDs they name
            for earlier in applied:
                _upsert(context, earlier)
        else:
            if dry_run:
                applied.append(row)
            else:
                model.Session.commit()
        results.append(result)
    if dry_run:
        model.Session.rollback()
    return sorted(results, key=lambda r: r["row"])


def _upsert(context: Context, row: dict[str, Any]) -> str:
    wanted = csv_rows.to_data_dict(row)
    if not wanted.get("name"):
        raise tk.ValidationError({"name": [tk._("Required")]})
    sub = tk.fresh_context(context)
    sub["defer_commit"] = True  # the caller commits, or rolls a dry run back
    existing = model.Group.get(wanted["name"])
    if existing is None or existing.state == "deleted" or not existing.is_organization:
        tk.get_action("organization_create")(sub, {**wanted, "type": "organization"})
        return "created"
    current = tk.get_action("organization_show")(
        tk.fresh_context(context), {"id": existing.id, "include_datasets": False,
                                    "include_users": False, "include_extras": True})
    if csv_rows.from_org(current) == csv_rows.from_org({**current, **wanted}):
        return "unchanged"
    tk.get_action("organization_patch")(sub, {**wanted, "id": existing.id})
    return "updated"
