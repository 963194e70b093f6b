"""The demo's quality spread (``kualitas.json``): links served by the
portal itself (``ckan.site_url`` + a path: broken, or a "CSV" that is a
web page), never the internet; a few datasets left with thin metadata; the
uploaded files checked here, where the portal keeps them (the links are
checked by the background worker once the portal serves: ``make run``
allows the link check to reach 127.0.0.1, ``scripts/write-config.sh``).

Only datasets created by this run are changed (a second run leaves the
portal as it is).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..quality import link_jobs

__all__ = ["QUALITY_FILE", "read", "replaced", "load"]

QUALITY_FILE = Path(__file__).parent / "kualitas.json"


def read(path: Path = QUALITY_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def replaced(data: dict[str, Any] | None = None) -> set[str]:
    """Datasets whose files the spread replaces: a second run of the loader
    does not add their own files back."""
    return {name for name, patch in (data or read())["thin"].items() if "resources" in patch}


def load(call: Callable[..., Any], created: list[str], echo: Callable[[str], None],
         data: dict[str, Any] | None = None) -> None:
    """``call(action, what, **data_dict)`` runs an action as the site user."""
    data = data or read()
    site = tk.config["ckan.site_url"].rstrip("/")
    links = [entry for entry in data["links"] if entry["dataset"] in created]
    for entry in links:
        call("resource_create", f"Link {entry['name']}", package_id=entry["dataset"],
             name=entry["name"], format=entry["format"], description=entry["description"],
             url=site + entry["path"])
    thin = [name for name in data["thin"] if name in created]
    for name in thin:
        patch = json.loads(json.dumps(data["thin"][name]).replace("@site@", site))
        call("package_patch", f"Dataset {name}", id=name, **patch)
    uploads = []
    for name in created:
        package = model.Package.get(name)
        uploads += [r.id for r in package.resources if r.url_type == "upload"] if package else []
    counts = link_jobs.check_resources(uploads, workers=2)
    echo(f"Quality: {counts['ok']} uploaded files checked ({counts['broken'] + counts['error']} "
         f"missing), {len(links)} links for the worker to check, {len(thin)} datasets left thin")
