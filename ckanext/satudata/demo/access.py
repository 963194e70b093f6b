"""The demo's access requests (``akses.json``): Terbatas datasets of
Disdukcapil and Dinkes asked for by other OPDs' officers, with a request in
every state (pending, approved, rejected, revoked, expired) and one grant
to a whole OPD (Dinsos, for its members).

Each request is made, decided and revoked through the actions by the people
who would do it (the requester, the owning OPD's admin, the walidata); an
expired grant is an approved one whose end is set in the past, as time
would, then recorded by ``satudata_access_expire`` (the daily job). No
mail is sent (as the review stories send none).

Runs on every load and makes what is missing: a request that exists
already (same dataset and requester) is left alone, so a second run adds
nothing, and a portal loaded before this part gets its requests on the next
load. Such a portal holds the two datasets as Terbuka (``datasets.json``
had them so): while no request exists for one, it is reclassified Terbatas
first, as the site user (as the loader writes every dataset).
"""
from __future__ import annotations

import contextlib
import datetime
import json
from pathlib import Path
from typing import Any, Callable, Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ..access import rules

__all__ = ["ACCESS_FILE", "load"]

ACCESS_FILE = Path(__file__).parent / "akses.json"
_NOTIFY = "ckanext.satudata.workflow.notify"


def _requested(package_id: str, user_id: str | None = None) -> bool:
    """Whether the dataset has a request (from ``user_id``, or from anyone)."""
    return model.Session.execute(sa.text(
        "SELECT 1 FROM satudata_access_request WHERE package_id = :p "
        "AND (CAST(:u AS text) IS NULL OR user_id = :u) LIMIT 1"),
        {"p": package_id, "u": user_id}).first() is not None


@contextlib.contextmanager
def _no_mail() -> Iterator[None]:
    """The access actions mail the OPD's admins and the requester; the demo
    people's addresses are not to be written to."""
    notify = tk.config[_NOTIFY]
    tk.config[_NOTIFY] = False
    try:
        yield
    finally:
        tk.config[_NOTIFY] = notify


def load(echo: Callable[[str], Any], fail: Callable[[str], Exception],
         path: Path = ACCESS_FILE) -> int:
    """Make the requests of ``akses.json`` that do not exist yet.

    :param echo: where progress lines go
    :param fail: turns a refusal into the loader's error (``DemoLoadError``)
    :returns: how many requests were made
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    walidata = data["walidata"]
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    with _no_mail():
        _reclassify(data["requests"], site_user, echo, fail)
        made = [spec for spec in data["requests"] if _play(spec, walidata, fail)]
        if any(spec["state"] == rules.EXPIRED for spec in made):
            _call(site_user, "satudata_access_expire", "Expiry", fail)
    skipped = len(data["requests"]) - len(made)
    echo(f"Access requests: {len(made)} made" + (f", {skipped} already there" if skipped else ""))
    return len(made)


def _reclassify(requests: list[dict[str, Any]], site_user: str, echo: Callable[[str], Any],
                fail: Callable[[str], Exception]) -> None:
    for name in dict.fromkeys(spec["dataset"] for spec in requests):
        package = model.Package.get(name)
        if package is None or package.private or _requested(package.id) \
                or (package.extras or {}).get("klasifikasi_akses") != rules.TERBUKA:
            continue
        _call(site_user, "package_patch", f"Dataset {name}", fail, id=package.id,
              klasifikasi_akses=rules.TERBATAS)
        echo(f"Dataset {name}: reclassified Terbatas for the access demo")


def _play(spec: dict[str, Any], walidata: str, fail: Callable[[str], Exception]) -> bool:
    """Make one request and take it to its state; False when it cannot or
    need not be made (no such dataset or user, not Terbatas, already asked)."""
    package = model.Package.get(spec["dataset"])
    user = model.User.get(spec["by"])
    if package is None or user is None or package.private \
            or (package.extras or {}).get("klasifikasi_akses") != rules.TERBATAS \
            or _requested(package.id, user.id):
        return False
    what = f"Access request of {spec['by']} for {spec['dataset']}"
    asked = {"package_id": package.id, "keperluan": spec["keperluan"],
             "dasar_hukum": spec.get("dasar_hukum", ""),
             "berlaku_sampai": (datetime.date.today()
                                + datetime.timedelta(days=spec["days"])).isoformat()}
    if spec.get("for_opd"):
        asked["organization_id"] = spec["for_opd"]
    request_id = _call(spec["by"], "satudata_access_request_create", what, fail, **asked)["id"]
    state, admin = spec["state"], spec.get("admin", "")
    if state in (rules.APPROVED, rules.REVOKED, rules.EXPIRED):
        _call(admin, "satudata_access_request_approve", what, fail, id=request_id,
              note=spec.get("note", ""))
    if state == rules.REJECTED:
        _call(admin, "satudata_access_request_reject", what, fail, id=request_id,
              note=spec["note"])
    if state == rules.REVOKED:
        _call(walidata, "satudata_access_grant_revoke", what, fail, id=request_id,
              note=spec["revoke_note"])
    if state == rules.EXPIRED:      # as time would: its end three days ago
        model.Session.execute(sa.text(
            "UPDATE satudata_access_request SET ends = now() - interval '3 days', "
            "asked_until = least(asked_until, now() - interval '3 days') WHERE id = :id"),
            {"id": request_id})
        model.Session.commit()
    return True


def _call(user: str, action: str, what: str, fail: Callable[[str], Exception],
          **data_dict: Any) -> Any:
    try:
        return tk.get_action(action)({"user": user}, data_dict)
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound) as err:
        summary = getattr(err, "error_summary", None) or str(err)
        raise fail(f"{what}: {action} as {user} refused: {summary}") from err
