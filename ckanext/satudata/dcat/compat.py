"""Every use of ckanext-dcat's internals, in one place.

ckanext-dcat 2.4 has no public hook for what the kept Turtle feed needs:
the catalogue action's own search and paging (so both paths list the same
datasets), the serializer's pagination triples, and somewhere to keep our
per-graph lookup while its profiles run. Each is reached here and nowhere
else; ``tests/dcat/test_compat.py`` fails the moment the installed
ckanext-dcat moves or renames one of them.
"""
from __future__ import annotations

from typing import Any

from rdflib import Graph

from ckan.types import Context, DataDict
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

__all__ = ["USED", "search_datasets", "pagination_info", "add_pagination", "graph_state",
           "set_graph_state"]

# (object, attribute) of every internal used below
USED = ((dcat_logic, "_search_ckan_datasets"), (dcat_logic, "_pagination_info"),
        (RDFSerializer, "_add_pagination_triples"))

_STATE = "_satudata_lookup"


def search_datasets(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The search ``dcat_catalog_show`` runs (``count`` and ``results``)."""
    return dcat_logic._search_ckan_datasets(context, data_dict)


def pagination_info(query: dict[str, Any], data_dict: DataDict) -> dict[str, Any]:
    """The paging ``dcat_catalog_show`` computes for that search."""
    return dcat_logic._pagination_info(query, data_dict)


def add_pagination(serializer: RDFSerializer, pagination: dict[str, Any]) -> None:
    """The Hydra paging triples, as ckanext-dcat's serializer adds them."""
    serializer._add_pagination_triples(pagination)


def graph_state(graph: Graph) -> Any:
    """What we keep on an rdflib graph while the profiles run (or None)."""
    return getattr(graph, _STATE, None)


def set_graph_state(graph: Graph, value: Any) -> None:
    setattr(graph, _STATE, value)
