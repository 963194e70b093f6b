"""The internals of ckanext-dcat that dcat/compat.py reaches are still
there and still do what the kept feed relies on."""
from __future__ import annotations

import inspect

from rdflib import Graph

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

from ckanext.satudata.dcat import compat


def test_ckanext_dcat_still_has_what_compat_uses():
    for owner, name in compat.USED:
        assert callable(getattr(owner, name, None)), f"{owner.__name__}.{name} is gone"
    # the catalogue action still runs the search and paging we reuse, in that order
    source = inspect.getsource(dcat_logic.dcat_catalog_show)
    assert "_search_ckan_datasets(context, data_dict)" in source
    assert "_pagination_info(query, data_dict)" in source
    assert list(inspect.signature(dcat_logic._pagination_info).parameters) == ["query", "data_dict"]
    assert list(inspect.signature(RDFSerializer._add_pagination_triples).parameters) == [
        "self", "paging_info"]


def test_state_kept_on_a_graph_is_read_back():
    graph = Graph()
    assert compat.graph_state(graph) is None
    compat.set_graph_state(graph, "lookup")
    assert compat.graph_state(graph) == "lookup"
    assert compat.graph_state(Graph()) is None
