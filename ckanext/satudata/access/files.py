"""Who reaches a Terbatas dataset's files, and every shown copy withheld.

``reach(user, dataset)`` answers every file for the owning OPD's members,
the walidata and sysadmins, the files of the caller's live grants (their
own or their OPD's) for a grantee, and none for anyone else. Only
``klasifikasi_akses = terbatas`` withholds; Terbuka files are everyone's and
a Tertutup dataset is never published.

A withheld resource keeps its metadata but loses every address
(``URL_KEYS``): ``url`` becomes ``""`` and ``akses_terbatas`` is true. The
dataset says what the caller reaches in ``satudata_akses`` (``berkas``:
``semua``, ``sebagian`` or ``tidak``; ``permintaan_url``: where to ask).

- ``for_show``: ``package_show`` (so ``resource_show`` and every page built
  on them), after the review's revision; restores the addresses a reader
  may see when CKAN answered from the (withheld) search document;
- ``for_index``: the search document (stored dicts, ``res_url``) keeps no
  address of a Terbatas dataset, so search results, ``fl`` and queries on
  ``res_url`` reveal none;
- ``for_activity``: an activity's copy of the dataset (streams, diffs);
- ``for_write``: a withheld copy written back (``package_show`` then
  ``package_update``, as ``resource_create`` does, by a caller who does not
  reach the files: a job without a user) keeps the stored addresses, and the
  ``akses_terbatas`` mark is never stored;
- a grantee's reveal of a link is logged here (``log.reveal``).
"""
from __future__ import annotations

import datetime
import json
from typing import Any, Iterable, Mapping, NamedTuple, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.dictization import model_dictize
from flask import g, has_request_context
from sqlalchemy.orm.util import identity_key

from . import log, rules, store

__all__ = ["URL_KEYS", "Reach", "restricted", "reach", "forget", "for_write", "strip",
           "for_show", "for_index", "for_activity", "withhold_copy"]


class Reach(NamedTuple):
    """The files of one dataset a user reaches: ``every`` one, or those in
    ``ids``; ``granted``: through a grant (their use is logged), ``grants``
    the live grants (request id, resource ids or None for all)."""
    every: bool
    ids: frozenset
    granted: bool
    grants: tuple = ()
    user_id: str = ""

    def reaches(self, resource_id: str) -> bool:
        return self.every or resource_id in self.ids

    def grant_for(self, resource_id: str) -> Optional[str]:
        """The grant through which the file is reached (None: by role or not at all)."""
        return next((request_id for request_id, ids in self.grants
                     if ids is None or resource_id in ids), None)


ROLE = Reach(True, frozenset(), False)
NONE = Reach(False, frozenset(), False)
# resource keys that hold an address of the file (xloader keeps the original)
URL_KEYS = ("url", "cache_url", "original_url")
_INDEX_KEYS = ("res_url", "urls") + tuple(f"res_extras_{k}" for k in URL_KEYS[1:])


def restricted(dataset: Mapping[str, Any]) -> bool:
    return dataset.get("klasifikasi_akses") == rules.TERBATAS


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def reach(user_name: Optional[str], package_id: str, owner_org: Optional[str]) -> Reach:
    """What files of a Terbatas dataset ``user_name`` reaches. Remembered for
    the rest of a web request (a page reads a dataset several times)."""
    memo = None
    if has_request_context():
        memo = g.setdefault("_satudata_reach", {})
        if (user_name, package_id) in memo:
            return memo[(user_name, package_id)]
    found = _reach(user_name, package_id, owner_org)
    if memo is not None:
        memo[(user_name, package_id)] = found
    return found


def forget() -> None:
    """Drop what this request remembered (a grant was just decided or revoked)."""
    if has_request_context():
        g.pop("_satudata_reach", None)
        g.pop("_satudata_addresses", None)


def _reach(user_name: Optional[str], package_id: str, owner_org: Optional[str]) -> Reach:
    """One statement (``store.reach_row``): the roles as ``roles.sees_review``
    reads them (members of the OPD, the walidata, sysadmins) and the grants."""
    if not user_name:
        return NONE
    row = store.reach_row(
        model.Session, user_name=user_name, package_id=package_id, owner_org=owner_org,
        steward=tk.config["ckanext.satudata.walidata_organization"] or "",
        cascade=list(tk.config.get("ckan.auth.roles_that_cascade_to_sub_groups") or []),
        now=_now())
    if row is None:
        return NONE
    if row["sysadmin"] or row["in_opd"] or row["walidata"]:
        return ROLE
    grants = tuple(row["grants"])
    if not grants:
        return NONE
    if any(ids is None for _, ids in grants):
        return Reach(True, frozenset(), True, grants, row["id"])
    return Reach(False, frozenset(i for _, ids in grants for i in ids), True, grants, row["id"])


def _withhold(resource: dict[str, Any]) -> None:
    for key in URL_KEYS[1:]:
        if key in resource:     # kept as keys: a schema applied later expects them
            resource[key] = None
    resource["url"] = ""
    resource["akses_terbatas"] = True


def _access_url(name: str) -> str:
    try:
        return tk.url_for("satudata_access.request_page", id=name, _external=True)
    except RuntimeError:        # no application or request (a bare script)
        return f"{tk.config.get('ckan.site_url', '').rstrip('/')}/dataset/access/{name}"


def strip(dataset: dict[str, Any], found: Reach) -> dict[str, Any]:
    """Withhold the resources of ``dataset`` outside ``found`` (in place)."""
    for resource in dataset.get("resources") or []:
        if not found.reaches(resource.get("id") or ""):
            _withhold(resource)
    berkas = "semua" if found.every else ("sebagian" if found.ids else "tidak")
    dataset["satudata_akses"] = {"terbatas": True, "berkas": berkas,
                                 "permintaan_url": _access_url(dataset.get("name") or "")}
    return dataset


def _addresses(resource_ids: list[str]) -> dict[str, dict[str, str]]:
    """Resources' addresses as ``package_show`` shows them (CKAN's
    ``resource_dictize``; read in one query, remembered for the rest of a
    web request: a download reads its dataset twice)."""
    memo = g.setdefault("_satudata_addresses", {}) if has_request_context() else {}
    wanted = [i for i in resource_ids if i not in memo]
    if wanted:
        # those the request already loaded (a download's own file) without a query
        session = model.Session()
        loaded = [session.identity_map.get(identity_key(model.Resource, i)) for i in wanted]
        objects = [o for o in loaded if o is not None]
        missing = [i for i, o in zip(wanted, loaded) if o is None]
        if missing:
            objects += session.query(model.Resource).filter(model.Resource.id.in_(missing)).all()
        for obj in objects:
            shown = model_dictize.resource_dictize(obj, {"model": model})
            memo[obj.id] = {key: shown[key] for key in URL_KEYS
                            if isinstance(shown.get(key), str)}   # (navl's ``missing`` is not)
    return {i: memo.get(i, {}) for i in resource_ids}


def _restore(resources: Iterable[dict[str, Any]], found: Reach) -> None:
    """Addresses a reader reaches but the search document withheld."""
    todo = [r for r in resources
            if r.pop("akses_terbatas", None) and found.reaches(r.get("id", ""))]
    if todo:
        found_addresses = _addresses([r["id"] for r in todo])
        for resource in todo:
            resource.update(found_addresses[resource["id"]])


def _stored_restricted(package_id: str) -> bool:
    package = model.Package.get(package_id)
    return package is not None and restricted(package.extras or {})


def for_show(context: Mapping[str, Any], dataset: dict[str, Any]) -> dict[str, Any]:
    """``package_show``'s result as the caller of ``context`` may see it
    (Terbatas as stored: ``use_default_schema`` shows the field as an extra)."""
    if not dataset.get("id") or not (restricted(dataset) or _stored_restricted(dataset["id"])):
        return dataset
    user_name = context.get("user") or ""
    found = reach(user_name, dataset["id"], dataset.get("owner_org"))
    _restore(dataset.get("resources") or [], found)
    strip(dataset, found)
    if found.granted:
        log.reveals(found, user_name, dataset)
    return dataset


def _without_urls(text: Optional[str]) -> Optional[str]:
    """A stored dict as the public sees it (whoever's change indexed it)."""
    if not text:
        return text
    data = json.loads(text)
    strip(data, NONE)
    return json.dumps(data)


def for_index(doc: dict[str, Any], shown: dict[str, Any]) -> None:
    """A Terbatas dataset's search document without any file address
    (``shown``: its stored dict, parsed, which ``search/hooks.chain``
    writes back)."""
    if not (restricted(doc) or restricted(shown)):
        return
    for key in _INDEX_KEYS:
        doc.pop(key, None)
    if doc.get("data_dict"):
        doc["data_dict"] = _without_urls(doc["data_dict"])
    if shown is not doc:
        strip(shown, NONE)


def _current(package_id: Optional[str]) -> Optional[model.Package]:
    return model.Package.get(package_id) if package_id else None


def for_activity(context: Mapping[str, Any], activity: dict[str, Any]) -> dict[str, Any]:
    """An activity's copy of a dataset, withheld when the dataset is (or
    was, at that moment) Terbatas and the caller does not reach its files."""
    data = activity.get("data") if isinstance(activity, dict) else None
    copy = data.get("package") if isinstance(data, dict) else None
    if isinstance(copy, dict):
        withhold_copy(context, copy, activity.get("object_id"))
    return activity


def withhold_copy(context: Mapping[str, Any], copy: dict[str, Any],
                  package_id: Optional[str]) -> dict[str, Any]:
    """A copy of a dataset (an activity's) withheld for the caller."""
    package = _current(package_id or copy.get("id"))
    now_restricted = package is not None and (package.extras or {}).get(
        "klasifikasi_akses") == rules.TERBATAS
    if not (restricted(copy) or now_restricted):
        return copy
    owner = package.owner_org if package is not None else copy.get("owner_org")
    found = reach(context.get("user") or "", package.id if package else copy.get("id", ""), owner)
    for resource in copy.get("resources") or []:
        if not found.reaches(resource.get("id") or ""):
            _withhold(resource)
    return copy


def for_write(data_dict: dict[str, Any]) -> None:
    """Put back the addresses of withheld resources in a dataset about to
    be written (in place): the stored ones, as they are."""
    if has_request_context():
        g.pop("_satudata_addresses", None)      # what this request read may change now
    resources = data_dict.get("resources") if isinstance(data_dict, dict) else None
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or not resource.pop("akses_terbatas", None):
            continue
        stored = model.Resource.get(resource.get("id") or "")
        if stored is None or resource.get("url"):
            continue
        for key in URL_KEYS:
            value = stored.url if key == "url" else (stored.extras or {}).get(key)
            if value is not None:
                resource[key] = value
    if isinstance(data_dict, dict):
        data_dict.pop("satudata_akses", None)
