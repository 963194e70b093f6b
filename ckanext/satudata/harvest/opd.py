"""The OPD a harvested dataset belongs to here: its producer at the source.

A province harvesting its kabupaten (or any Satu Data portal harvesting
another) shows each dataset under the OPD that produced it, not under the
harvest source's organisation. The feed says who that is (``parse.py``
puts it under ``satudata_asal``: the OPD as ``dct:publisher``, the source
pemda's region and name from the catalogue record). The OPD is found among
those already harvested from the same pemda (``pemda_asal`` and
``kode_opd``; OPD codes are unique within one pemda) or made: named after
its abbreviation and the region (``dinkes-36-04``), titled with its pemda,
under the harvest source's organisation (``induk``). Without a region or a
publisher the dataset stays with the source's organisation.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.munge import munge_title_to_name

__all__ = ["local_owner"]

log = logging.getLogger(__name__)

# a feed without sd:jenisInstansi: the kind told by the title's first word
_KINDS = (("dinas", "department"), ("badan", "agency"), ("kecamatan", "district"),
          ("sekretariat", "secretariat"), ("inspektorat", "inspectorate"), ("kantor", "office"),
          ("rumah sakit", "hospital"), ("rsud", "hospital"), ("uptd", "technical_unit"),
          ("kelurahan", "village"), ("desa", "village"))


def _kind(opd: dict[str, Any]) -> str:
    if opd.get("jenis_instansi"):
        return opd["jenis_instansi"]
    title = opd.get("title", "").lower()
    return next((kind for prefix, kind in _KINDS if title.startswith(prefix)), "agency")


def _code(opd: dict[str, Any]) -> Optional[str]:
    """The kode OPD the local OPD carries: the source's, else its address there."""
    return opd.get("kode_opd") or opd.get("uri")


def _found(region: str, code: str, parent: Optional[str]) -> Optional[str]:
    """An OPD harvested from this pemda with this code, under the source's
    organisation (an OPD elsewhere that claims the same is never used)."""
    return model.Session.execute(sa.text(
        'SELECT g.id FROM "group" g WHERE g.is_organization AND g.state = \'active\' '
        "AND g.extras->>'pemda_asal' = :region AND g.extras->>'kode_opd' = :code "
        "AND coalesce(g.extras->>'induk', '') = :parent LIMIT 1"),
        {"region": region, "code": code, "parent": parent or ""}).scalar()


def _free_name(base: str) -> str:
    name, n = base, 1
    while model.Session.query(model.Group.id).filter(model.Group.name == name).first():
        n += 1
        name = f"{base[:95]}-{n}"
    return name


def local_owner(origin: dict[str, Any], source_owner: Optional[str]) -> Optional[str]:
    """The id of the local OPD for a harvested dataset's producer, made when
    it is new; None keeps the dataset with the source's organisation."""
    opd, region = origin.get("opd"), origin.get("kode_wilayah")
    if not isinstance(opd, dict) or not opd.get("title") or not _code(opd) or not isinstance(region, str):
        return None
    parent = model.Group.get(source_owner) if source_owner else None
    found = _found(region, _code(opd), parent.name if parent is not None else None)
    if found:
        return found
    pemda = origin.get("pemda")
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    data = {"name": _free_name(munge_title_to_name(f"{opd.get('singkatan') or opd['title']} {region}")),
            "title": f"{opd['title']} ({pemda})" if pemda else opd["title"],
            "kode_opd": _code(opd), "jenis_instansi": _kind(opd),
            "kode_wilayah": region, "pemda_asal": region, "singkatan": opd.get("singkatan"),
            "induk": parent.name if parent is not None else None,
            **{k: opd[k] for k in ("email", "telepon", "website") if opd.get(k)}}
    context = {"user": site_user["name"], "ignore_auth": True}
    try:
        return tk.get_action("organization_create")(context, {k: v for k, v in data.items() if v})["id"]
    except tk.ValidationError as error:
        # a contact the source accepted and we do not: the OPD without it
        log.info("Harvested OPD %s: %s; made without its contacts", data["name"], error.error_dict)
        for key in ("email", "telepon", "website"):
            data.pop(key, None)
        try:
            return tk.get_action("organization_create")(context, {k: v for k, v in data.items() if v})["id"]
        except tk.ValidationError as error:
            log.warning("Harvested OPD %s not made: %s", data["name"], error.error_dict)
            return None
