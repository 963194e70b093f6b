"""The demo's update schedule (``jadwal.json``): files dated back so that
every schedule status shows, planned releases and a "still current"
confirmation for the release calendar, and the Daftar Data of two years.

Only datasets created by this run are dated back (a second run leaves the
portal as it is); the Daftar Data import is an upsert, so it is idempotent.
"""
from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, Callable

import ckan.lib.search as search
import ckan.model as model

__all__ = ["SCHEDULE_FILE", "read", "load"]

SCHEDULE_FILE = Path(__file__).parent / "jadwal.json"


def read(path: Path = SCHEDULE_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _date_back(name: str, days: int) -> None:
    """The dataset's files as if last changed ``days`` ago (a demo's clock:
    CKAN dates an upload to the moment it is made), then indexed again."""
    package = model.Package.get(name)
    if package is None:
        return
    when = datetime.datetime.utcnow() - datetime.timedelta(days=days)
    for resource in package.resources:
        resource.created = when
        resource.last_modified = when
    model.Session.commit()
    search.rebuild(package.id)
    model.Session.commit()


def load(call: Callable[..., Any], created: list[str], echo: Callable[[str], None],
         data: dict[str, Any] | None = None, data_dir: Path = SCHEDULE_FILE.parent) -> None:
    """``call(action, what, **data_dict)`` runs an action as the site user."""
    data = data or read()
    aged = [n for n in data["aged"] if n in created]
    for name in aged:
        _date_back(name, data["aged"][name])
    today = datetime.date.today()
    for name, days in data["planned"].items():
        if name in created:
            call("satudata_schedule_plan", f"Planned release of {name}", id=name,
                 planned=(today + datetime.timedelta(days=days)).isoformat())
    for name, note in data["confirmed"].items():
        if name in created:
            call("satudata_dataset_confirm_current", f"Confirmation of {name}", id=name, note=note)
    for year, filename in data["daftar_data"].items():
        text = (data_dir / filename).read_text(encoding="utf-8")
        result = call("satudata_daftar_data_import", f"Daftar Data {year}", tahun=int(year),
                      csv=text)
        echo(f"Daftar Data {year}: {result['created']} created, {result['updated']} updated")
    echo(f"Schedule: {len(aged)} datasets dated back, "
         f"{sum(n in created for n in data['planned'])} planned releases")
