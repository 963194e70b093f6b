"""For a Satu Data portal that harvests another one's catalogue with
ckanext-dcat's ``dcat_rdf`` harvester (plugin ``satudata_harvest``).

- What the feed carries was published by the source's walidata: a harvested
  dataset is published here too, with a ``harvest`` entry in the review
  record naming the source (our rules otherwise make every new dataset a
  private draft, which the harvester then cannot even read back on its next
  run). Tertutup data is never in a feed, and never published here.
- Each dataset goes to the OPD that produced it at the source, found or
  made here (``harvest/opd.py``).
- The stock harvester updates every dataset on every run. Each dataset of our
  feed carries its ``dct:modified``, which the copy keeps as its ``modified``
  extra: a dataset whose date did not move is left alone (ckanext-dcat's
  documented way: an emptied dict, reported "not modified").
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ..review import machine, store
from ..harvest.opd import local_owner
from .parse import ORIGIN

__all__ = ["create_schema", "publish_harvested", "published_on_create", "skip_unchanged", "take_origin"]


def _modified(extras: Any) -> Any:
    if isinstance(extras, dict):
        return extras.get("modified")
    return next((e.get("value") for e in extras or [] if e.get("key") == "modified"), None)


def take_origin(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
    """Where the dataset comes from (never saved): its producer becomes its
    OPD here (``harvest/opd.py``)."""
    origin = dataset_dict.pop(ORIGIN, None)
    if not isinstance(origin, dict):
        return
    source = getattr(harvest_object, "source", None)
    source_package = model.Package.get(source.id) if source is not None else None
    owner = local_owner(origin, source_package.owner_org if source_package else None)
    if owner:
        dataset_dict["owner_org"] = owner


def skip_unchanged(harvest_object: Any, dataset_dict: dict[str, Any]) -> None:
    existing = model.Package.get(dataset_dict.get("id"))
    incoming = _modified(dataset_dict.get("extras"))
    if existing is None or not incoming or _modified(existing.extras) != incoming:
        return
    # the harvester records the package only for datasets it writes; the
    # skipped one stays linked, or a later run could not delete it
    harvest_object.package_id = existing.id
    dataset_dict.clear()


def published_on_create(key: Any, data: Any, errors: Any, context: Any) -> None:
    """A ``__before`` validator of the harvester's create schema
    (``create_schema``): the dataset is saved published at once, one write
    instead of a draft and then its publication. Tertutup data is never
    published."""
    if data.get(("klasifikasi_akses",)) != "tertutup":
        context["satudata_status"] = machine.PUBLISHED


def create_schema(package_schema: dict[str, Any]) -> dict[str, Any]:
    package_schema["__before"] = [published_on_create, *package_schema.get("__before", [])]
    return package_schema


def publish_harvested(harvest_object: Any, dataset_dict: dict[str, Any]) -> Optional[str]:
    """Publish a dataset the harvester just created, unless it was created
    published (``create_schema``), and record the harvest in its review
    record (no error message for the harvest job: the dataset passed the
    same validation a moment ago)."""
    if dataset_dict.get("klasifikasi_akses") == "tertutup":
        return None
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    package = model.Package.get(dataset_dict["id"])
    if package is not None and machine.state_of(package.extras, package.private) == machine.PUBLISHED:
        shown = {"id": package.id, "name": package.name, "owner_org": package.owner_org}
    else:
        context = {"ignore_auth": True, "user": site_user["name"],
                   "satudata_status": machine.PUBLISHED}
        shown = tk.get_action("package_patch")(
            context, {"id": dataset_dict["id"], "satudata_status": machine.PUBLISHED})
    source = getattr(getattr(harvest_object, "source", None), "url", "") or ""
    store.append(model.Session, package=shown, actor_id=site_user["id"],
                  actor_name=site_user["name"], action="harvest", from_state=machine.DRAFT,
                  to_state=machine.PUBLISHED, revision=False, note=source, changes=[])
    return None
