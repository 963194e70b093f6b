"""Linked data beside ckanext-dcat's feed: the code lists as SKOS at the
URIs the feed uses, and the page where a Terbatas dataset is asked for.

``/vocab/<list>``, ``/vocab/<list>/<code>`` and ``/vocab/ns`` answer RDF in
the format of their suffix (``.ttl``, ``.rdf``, ``.xml``, ``.jsonld``) or
of the Accept header, as ckanext-dcat's endpoints do; a browser gets a
page.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, make_response
from rdflib import Graph

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.dcat.utils import CONTENT_TYPES, parse_accept_header, url_to_rdflib_format

from ..dcat import skos, uris
from ..vocab import store

__all__ = ["linked_data"]

linked_data = Blueprint("satudata_linked_data", __name__)


def _split(path: str) -> tuple[str, Optional[str]]:
    """``36.04.ttl`` → (``36.04``, ``ttl``); codes hold dots, formats never do."""
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in CONTENT_TYPES:
        return stem, suffix
    return path, None


def _answer(build: Callable[[], Optional[Graph]], fmt: Optional[str],
            page: Optional[Callable[[], Any]]):
    """RDF in the asked format, or the page (None from either: not found)."""
    fmt = fmt or parse_accept_header(tk.request.headers.get("Accept", ""))
    if not fmt and page is not None:
        shown = page()
        return shown if shown is not None else tk.abort(404, tk._("Code not found"))
    graph = build()
    if graph is None:
        return tk.abort(404, tk._("Code not found"))
    fmt = fmt or "ttl"
    response = make_response(graph.serialize(format=url_to_rdflib_format(fmt)))
    response.headers["Content-Type"] = f"{CONTENT_TYPES[fmt]}; charset=utf-8"
    return response


def _rdf_links(path: str) -> list[dict[str, str]]:
    return [{"format": fmt, "url": f"{path}.{fmt}"} for fmt in ("ttl", "rdf", "jsonld")]


@linked_data.route("/vocab/ns")
@linked_data.route("/vocab/ns.<fmt>")
def namespace(fmt: Optional[str] = None):
    if fmt is not None and fmt not in CONTENT_TYPES:
        return tk.abort(404, tk._("Code not found"))
    # no page of its own: a browser reads it as Turtle
    return _answer(skos.ns_graph, fmt or "ttl", page=None)


@linked_data.route("/vocab/<name>")
def scheme(name: str):
    name, fmt = _split(name)

    def page() -> Any:
        vocabulary = store.vocabulary(model.Session, name)
        if vocabulary is None:
            return None
        terms = (store.search(model.Session, name, level=1, limit=store.MAX_LIMIT)[1]
                 if name == "wilayah" else store.all_terms(model.Session, name))
        return tk.render("satudata/vocabulary.html", {
            "vocabulary": vocabulary, "name": name, "terms": terms, "term": None,
            "links": _rdf_links(uris.scheme(name))})
    return _answer(lambda: skos.scheme_graph(name), fmt, page)


@linked_data.route("/vocab/<name>/<path:code>")
def concept(name: str, code: str):
    code, fmt = _split(code)

    def page() -> Any:
        session = model.Session
        term = store.terms(session, name, [code]).get(code)
        if term is None:
            return None
        children = store.search(session, name, parent=code, limit=store.MAX_LIMIT)[1]
        parent = store.terms(session, name, [term.parent]).get(term.parent) if term.parent else None
        return tk.render("satudata/vocabulary.html", {
            "vocabulary": store.vocabulary(session, name), "name": name, "term": term,
            "parent": parent, "terms": children, "links": _rdf_links(uris.concept(name, code))})
    return _answer(lambda: skos.concept_graph(name, code), fmt, page)


@linked_data.route("/dataset/access/<id>")
def access(id: str):
    """How to ask for a Terbatas dataset: its OPD and contacts."""
    try:
        dataset = tk.get_action("package_show")({}, {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("Dataset not found"))
    organization = tk.get_action("organization_show")(
        {}, {"id": dataset["owner_org"], "include_datasets": False,
             "include_users": False, "include_extras": True})
    return tk.render("satudata/access_request.html",
                     {"pkg_dict": dataset, "organization": organization})
