"""Facets counted over the hits read each document's ``facet_terms`` (the
commonly faceted fields' terms, revision 0016) when every field asked is
one of them, and all its terms otherwise or when a document has none."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

import ckan.model as model

from ckanext.satudata.search import cache
from ckanext.satudata.search import fields as F

from .conftest import search

pytestmark = pytest.mark.usefixtures("with_plugins")

# not a visibility-only search: counted over the hits, not from the kept counts
COUNTED = {"fq": "-name:tidak-ada", "rows": 0, "facet.limit": -1}


def _facets(fields: list[str]) -> dict:
    return search(None, **COUNTED, **{"facet.field": json.dumps(fields)})["facets"]


def _spoil(sql: str) -> None:
    """Change the documents behind the index's back, and forget cached counts."""
    model.Session.execute(sa.text(sql))
    cache.mark_dirty(model.Session)
    model.Session.commit()


def test_facet_terms_hold_the_faceted_fields_terms(read_corpus):
    for terms, kept in model.Session.execute(sa.text(
            "SELECT terms, facet_terms FROM satudata_search_doc")):
        assert kept == [t for t in terms if "=" in t and t.split("=", 1)[0] in F.FACETED]
    model.Session.rollback()


def test_facets_from_facet_terms_are_those_of_all_terms(corpus):
    fields = sorted(F.FACETED)
    from_facet_terms = _facets(fields)
    assert from_facet_terms["organization"] == {"dinkes": 3, "disdukcapil": 2, "dindikbud": 1}
    assert from_facet_terms["res_format"]["CSV"] == 3
    # a document written before revision 0016 has none: its terms are read
    _spoil("UPDATE satudata_search_doc SET facet_terms = NULL")
    assert _facets(fields) == from_facet_terms


def test_a_field_outside_them_is_counted_from_all_terms(corpus):
    _spoil("UPDATE satudata_search_doc SET facet_terms = '{}'")   # were they read, no counts
    facets = _facets(["version", "organization"])
    assert facets["version"] == {"2023": 1, "2022": 1, "2021": 1, "2020": 1, "2019": 1}
    assert facets["organization"]["dinkes"] == 3
    assert _facets(["organization"])["organization"] == {}           # the spoiled column read


def test_they_are_the_facets_of_the_portal_and_of_ckans_api(app):
    """``F.FACETED`` holds every field the /dataset page and CKAN's API
    facet on by default (a facet added to either and not here would be
    counted over every term again)."""
    import ckan.plugins.toolkit as tk
    from ckanext.satudata.metadata import facets
    from ckanext.satudata.quality import scores
    with app.flask_app.test_request_context():
        page = set(facets.dataset_facets()) | {scores.FACET}
    assert page | set(tk.config["search.facets"]) <= F.FACETED
