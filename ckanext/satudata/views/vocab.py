"""The code lists on the web, through ``satudata_vocabulary_show``.

- ``/vocab/<list>``, ``/vocab/<list>/<code>`` and ``/vocab/ns``: SKOS at the
  URIs the DCAT feed uses, in the format of their suffix (``.ttl``,
  ``.rdf``, ``.xml``, ``.jsonld``) or of the Accept header, as
  ckanext-dcat's endpoints do; a browser gets a page;
- ``/api/satudata/autocomplete/<list>``: autocomplete in the shape CKAN's
  ``autocomplete`` JavaScript module reads (``ResultSet.Result``): forms use
  it for kode wilayah, where a drop-down of ~92k regions is no option.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from flask import Blueprint, jsonify, make_response
from rdflib import Graph

import ckan.plugins.toolkit as tk
from ckanext.dcat.utils import CONTENT_TYPES, parse_accept_header, url_to_rdflib_format

from ..dcat import skos, uris

__all__ = ["vocab"]

vocab = Blueprint("satudata_vocab", __name__)


@vocab.route("/api/satudata/autocomplete/<vocabulary>")
def autocomplete(vocabulary: str):
    q = tk.request.args.get("incomplete", "")
    try:
        found = tk.get_action("satudata_vocabulary_show")(
            {}, {"id": vocabulary, "q": q, "limit": 20})
    except tk.ObjectNotFound as err:
        return jsonify({"error": str(err)}), 404
    # `name` is what the module de-duplicates on; `code` and `label` are the
    # value and the text (data-module-key / data-module-label)
    results = [{"name": t["code"], "code": t["code"],
                "label": f"{t['code']} {t['label']}" + (f" ({t['path']})" if t.get("path") else "")}
               for t in found["terms"]]
    return jsonify({"ResultSet": {"Result": results}})


def _show(name: str, **params: Any) -> Optional[dict[str, Any]]:
    """``satudata_vocabulary_show`` with up to a page of 1,000 terms; None
    when no list has that name."""
    try:
        return tk.get_action("satudata_vocabulary_show")(
            {}, {"id": name, "limit": 1000, **params})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None


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


@vocab.route("/vocab/ns")
@vocab.route("/vocab/ns.<fmt>")
def namespace(fmt: Optional[str] = None):
    if fmt is not None and fmt not in CONTENT_TYPES:
        return tk.abort(404, tk._("Code not found"))
    # no page of its own: a browser reads it as Turtle
    return _answer(skos.ns_graph, fmt or "ttl", page=None)


@vocab.route("/vocab/<name>")
def scheme(name: str):
    name, fmt = _split(name)

    def page() -> Any:
        # the whole list; of kode wilayah only the provinces (each links on)
        vocabulary = _show(name, **({"level": 1} if name == "wilayah" else {}))
        if vocabulary is None:
            return None
        return tk.render("satudata/vocabulary.html", {
            "vocabulary": vocabulary, "name": name, "terms": vocabulary["terms"], "term": None,
            "links": _rdf_links(uris.scheme(name))})
    return _answer(lambda: skos.scheme_graph(name), fmt, page)


@vocab.route("/vocab/<name>/<path:code>")
def concept(name: str, code: str):
    code, fmt = _split(code)

    def page() -> Any:
        vocabulary = _show(name, code=[code])
        if vocabulary is None or not vocabulary["terms"]:
            return None
        term = vocabulary["terms"][0]
        children = _show(name, parent=code)
        parent = _show(name, code=[term["parent"]]) if term.get("parent") else None
        return tk.render("satudata/vocabulary.html", {
            "vocabulary": vocabulary, "name": name, "term": term,
            "parent": parent["terms"][0] if parent and parent["terms"] else None,
            "terms": children["terms"] if children else [],
            "links": _rdf_links(uris.concept(name, code))})
    return _answer(lambda: skos.concept_graph(name, code), fmt, page)
