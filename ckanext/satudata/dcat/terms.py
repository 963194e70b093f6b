"""Code-list terms and OPDs for one RDF serialization or parsing.

ckanext-dcat builds a new profile object per dataset, all writing to one
graph; the lookups are kept on that graph, so a catalogue page of 100
datasets reads each small code list once and each OPD once, and nothing
outlives the request (a renamed OPD is never served stale).
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
from rdflib import Graph

from ..vocab import store
from . import compat

__all__ = ["Lookup", "lookup"]

# the lists a feed reads whole; wilayah (~92k terms) is read code by code
_SMALL = ("urusan", "frekuensi", "klasifikasi_akses", "format", "jenis_data",
          "tingkat_penyajian", "tema_eu", "jenis_instansi")


class Lookup:
    def __init__(self) -> None:
        self._lists: dict[str, dict[str, store.Term]] = {}
        self._wilayah: dict[str, Optional[store.Term]] = {}
        self._opds: dict[str, Optional[dict[str, Any]]] = {}

    def terms(self, name: str) -> dict[str, store.Term]:
        if name not in self._lists:
            assert name in _SMALL, name
            self._lists[name] = {t.code: t for t in store.all_terms(model.Session, name)}
        return self._lists[name]

    def term(self, name: str, code: Any) -> Optional[store.Term]:
        if not isinstance(code, str) or not code:
            return None
        if name != "wilayah":
            return self.terms(name).get(code)
        if code not in self._wilayah:
            self._wilayah[code] = store.terms(model.Session, "wilayah", [code]).get(code)
        return self._wilayah[code]

    def by_extra(self, name: str, column: str, value: Optional[str]) -> Optional[str]:
        """The code whose ``column`` (e.g. ``eu_frequency``) is ``value``."""
        if not value:
            return None
        return next((t.code for t in self.terms(name).values()
                     if t.extra.get(column) == value), None)

    def opd(self, org_id: Optional[str]) -> Optional[dict[str, Any]]:
        """The OPD's name, title and Satu Data fields (group extras)."""
        if not org_id:
            return None
        if org_id not in self._opds:
            group = model.Group.get(org_id)
            self._opds[org_id] = None if group is None else {
                "id": group.id, "name": group.name, "title": group.title,
                **{k: v for k, v in group.extras.items()}}
        return self._opds[org_id]


def lookup(graph: Graph) -> Lookup:
    found = compat.graph_state(graph)
    if found is None:
        found = Lookup()
        compat.set_graph_state(graph, found)
    return found
