"""The demo's access requests (``akses.json``): Terbatas datasets of
Disdukcapil and Dinkes asked for by other OPDs' officers, with a request in
every state (pending, approved, rejected, revoked, expired) and one grant
to a whole OPD (Dinsos, for its members).

Each request is made, decided and revoked through the actions by the people
who would do it (the requester, the owning OPD's admin, the walidata); an
expired grant is an approved one whose end is set in the past, as time
would. A request that exists already (same dataset and requester) is left
alone, so a second run adds nothing.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

__all__ = ["ACCESS_FILE", "load"]

ACCESS_FILE = Path(__file__).parent / "akses.json"


def _as(user: str, action: str, **data: Any) -> Any:
    return tk.get_action(action)({"user": user}, data)


def _exists(package_id: str, user_name: str) -> bool:
    user = model.User.get(user_name)
    return user is None or model.Session.execute(sa.text(
        "SELECT 1 FROM satudata_access_request WHERE package_id = :p AND user_id = :u"),
        {"p": package_id, "u": user.id}).first() is not None


def load(echo: Callable[[str], None], path: Path = ACCESS_FILE) -> int:
    """Make the requests of ``akses.json`` that do not exist yet; returns how many."""
    data = json.loads(path.read_text(encoding="utf-8"))
    walidata = data["walidata"]
    today = datetime.date.today()
    made = 0
    for spec in data["requests"]:
        package = model.Package.get(spec["dataset"])
        if package is None or (package.extras or {}).get("klasifikasi_akses") != "terbatas" \
                or package.private or _exists(package.id, spec["by"]):
            continue
        asked = {"package_id": package.id, "keperluan": spec["keperluan"],
                 "dasar_hukum": spec.get("dasar_hukum", ""),
                 "berlaku_sampai": (today + datetime.timedelta(days=spec["days"])).isoformat()}
        if spec.get("for_opd"):
            asked["organization_id"] = spec["for_opd"]
        request = _as(spec["by"], "satudata_access_request_create", **asked)
        state, admin = spec["state"], spec.get("admin")
        if state in ("approved", "revoked", "expired"):
            _as(admin, "satudata_access_request_approve", id=request["id"],
                note=spec.get("note", ""))
        if state == "rejected":
            _as(admin, "satudata_access_request_reject", id=request["id"], note=spec["note"])
        if state == "revoked":
            _as(walidata, "satudata_access_grant_revoke", id=request["id"],
                note=spec["revoke_note"])
        if state == "expired":
            model.Session.execute(sa.text(
                "UPDATE satudata_access_request SET ends = now() - interval '3 days', "
                "asked_until = now() - interval '3 days' WHERE id = :id"), {"id": request["id"]})
            model.Session.commit()
        made += 1
    echo(f"Access requests: {made} made")
    return made
