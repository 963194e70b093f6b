"""The ``satudata_ckan`` harvest source: another Satu Data portal (or any
CKAN) read through its action API, with ckanext-harvest's ``ckan``
harvester and what a Satu Data portal needs on top of it:

- each dataset under the OPD that produced it (``opd.py``), from the
  remote organisation (``organization_show``: kode OPD, abbreviation, kind,
  contacts) and the source's pemda given in the source's configuration
  (``{"kode_wilayah": "36.04", "pemda": "Pemerintah Kabupaten Serang"}``);
- published here as it was at the source, with a ``harvest`` entry in its
  review record (our rules would make it a private draft);
- what is only the source's to say (its review state, schedule, access
  summary, completeness) left out; the copy's ``url`` is its page there;
- deletions: the stock harvester never removes what the source took down
  or deleted (ckanext-harvest issues #396, #542); after each gather the
  source's whole list of ids is read (``fl=id``) and the copies no longer
  in it are deleted here.
"""
from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra

from ..dcat.harvest import publish_harvested
from .opd import local_owner

__all__ = ["SatuDataCKANHarvester"]

log = logging.getLogger(__name__)

# the source's own state and figures, derived there and here again
_THEIRS = ("satudata_status", "satudata_jadwal", "satudata_akses", "kelengkapan",
           "kelengkapan_kurang", "walidata", "satudata_revisi", "satudata_kualitas")
_DELETE = "delete"


class SatuDataCKANHarvester(CKANHarvester):

    def info(self) -> dict[str, str]:
        # shown where the walidata picks a source type (in a request: translated)
        return {"name": "satudata_ckan", "title": tk._("Satu Data portal (CKAN API)"),
                "description": tk._("Another Satu Data portal or CKAN, read through its action "
                                    "API: datasets under their OPD, published, deletions followed")}

    # ------------------------------------------------------------- gather

    def gather_stage(self, harvest_job: Any) -> Any:
        ids = super().gather_stage(harvest_job)
        if ids is None:
            return None
        current = model.Session.query(HarvestObject.guid, HarvestObject.package_id).filter(
            HarvestObject.current == True, HarvestObject.harvest_source_id == harvest_job.source.id  # noqa: E712
        ).all()
        if not current:
            return ids
        try:
            remote = self._remote_ids(harvest_job.source.url.rstrip("/"))
        except Exception as error:    # unreachable, not JSON, not CKAN's shape, paging broken
            self._save_gather_error(tk._("The source's list of datasets could not be read, so "
                                         "nothing was deleted: {error}").format(error=error), harvest_job)
            return ids
        gone = [(guid, package_id) for guid, package_id in current if guid not in remote]
        if gone and not remote:
            # an empty source is far likelier a broken one than a withdrawn catalogue
            self._save_gather_error(tk._("The source lists no datasets at all: nothing was deleted"),
                                    harvest_job)
            return ids
        for guid, package_id in gone:
            obj = HarvestObject(guid=guid, job=harvest_job, package_id=package_id,
                                extras=[HarvestObjectExtra(key="status", value=_DELETE)])
            obj.save()
            ids = [*ids, obj.id]
        return ids

    def _remote_ids(self, base_url: str) -> set[str]:
        """Every dataset id the source lists, checked against its count."""
        found: set[str] = set()
        start, total, previous = 0, None, None
        while True:
            query = urlencode({"q": "*:*", "fl": "id", "rows": 1000, "start": start, "sort": "id asc"})
            content = self._get_content(f"{base_url}{self._get_search_api_offset()}?{query}")
            if content == previous:
                raise ValueError("the paging does not move")
            previous = content
            result = json.loads(content)["result"]
            total = int(result["count"]) if total is None else total
            ids = [d["id"] for d in result["results"]]
            found.update(ids)
            if not ids:
                break
            start += len(ids)
        if len(found) != total:
            raise ValueError(f"{len(found)} ids read, {total} counted")
        return found

    # ------------------------------------------------------------- import

    def modify_package_dict(self, package_dict: dict[str, Any], harvest_object: Any) -> dict[str, Any]:
        for key in _THEIRS:
            package_dict.pop(key, None)
        base_url = harvest_object.source.url.rstrip("/")
        page = f"{base_url}/dataset/{package_dict.get('name')}"
        if not package_dict.get("url"):
            package_dict["url"] = page
        for resource in package_dict.get("resources") or []:
            if not isinstance(resource, dict):
                continue
            if resource.pop("akses_terbatas", False) or (
                    package_dict.get("klasifikasi_akses") == "terbatas" and not resource.get("url")):
                # a Terbatas file is not the harvester's: where to ask for it is
                resource["url"] = f"{base_url}/dataset/access/{package_dict.get('name')}"
        config = self.config or {}
        organization = package_dict.get("organization")
        remote_org = organization.get("name") if isinstance(organization, dict) else None
        if config.get("kode_wilayah") and remote_org:
            org = self._remote_org(harvest_object, base_url, remote_org)
            if org:
                opd = {k: org.get(k) for k in ("title", "kode_opd", "singkatan", "jenis_instansi",
                                              "email", "telepon", "website") if org.get(k)}
                opd["uri"] = f"{base_url}/organization/{org.get('name')}"
                source_package = model.Package.get(harvest_object.source.id)
                owner = local_owner({"kode_wilayah": config["kode_wilayah"], "pemda": config.get("pemda"),
                                     "opd": opd}, source_package.owner_org if source_package else None)
                if owner:
                    package_dict["owner_org"] = owner
        return package_dict

    def _remote_org(self, harvest_object: Any, base_url: str, name: str) -> Any:
        """The remote ``organization_show``, read once per job and OPD."""
        key = (harvest_object.harvest_job_id, name)
        cache = self.__dict__.setdefault("_orgs", {})
        if key not in cache:
            if len(cache) > 1000:       # the harvester lives as long as the process
                cache.clear()
            try:
                cache[key] = self._get_organization(base_url, name)
            except Exception:       # RemoteResourceError, and whatever the remote answered
                cache[key] = None
        return cache[key]

    def import_stage(self, harvest_object: Any) -> Any:
        status = next((e.value for e in harvest_object.extras if e.key == "status"), None)
        if status == _DELETE:
            return self._delete(harvest_object)
        incoming = json.loads(harvest_object.content or "{}")
        local = model.Package.get(incoming.get("id") or "")
        if local is not None and not model.Session.query(HarvestObject.id).filter(
                HarvestObject.package_id == local.id,
                HarvestObject.harvest_source_id == harvest_object.source.id).first():
            # the same id as a dataset of this portal's own: never written over
            self._save_object_error(tk._("Dataset {id} is one of this portal's own, not a copy of "
                                         "this source's: left alone").format(id=local.id),
                                    harvest_object, "Import")
            return False
        result = super().import_stage(harvest_object)
        if result is True and harvest_object.package_id:
            package = model.Package.get(harvest_object.package_id)
            if package is not None and package.private:
                try:
                    publish_harvested(harvest_object, {
                        "id": package.id, "klasifikasi_akses": package.extras.get("klasifikasi_akses")})
                except Exception as error:      # recorded against the record; the job goes on
                    model.Session.rollback()
                    self._save_object_error(tk._("Harvested but not published: {error}").format(
                        error=error), harvest_object, "Import")
                    return False
        return result

    def _delete(self, harvest_object: Any) -> bool:
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        try:
            tk.get_action("package_delete")({"user": site_user, "ignore_auth": True},
                                            {"id": harvest_object.package_id})
        except tk.ObjectNotFound:
            pass
        except Exception as error:          # recorded against the record; the job goes on
            model.Session.rollback()
            self._save_object_error(tk._("Not deleted: {error}").format(error=error),
                                    harvest_object, "Import")
            return False
        model.Session.query(HarvestObject).filter(
            HarvestObject.guid == harvest_object.guid).update({"current": False})
        harvest_object.current = False
        harvest_object.report_status = "deleted"
        harvest_object.save()
        return True
