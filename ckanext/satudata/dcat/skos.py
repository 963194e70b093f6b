"""Our code lists as SKOS, so that the URIs the DCAT feed uses resolve.

``{site}/vocab/<list>`` is a ``skos:ConceptScheme`` with its top concepts
(for kode wilayah: the provinces; each region links its parent and
children), ``{site}/vocab/<list>/<code>`` one ``skos:Concept``. Each concept
says which EU authority term it matches (``skos:exactMatch`` for frequency,
access right and file type, ``skos:closeMatch`` for the urusan's data
theme). ``{site}/vocab/ns`` describes the few Satu Data properties the feed
uses that DCAT-AP has no term for.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT, OWL, RDF, RDFS, SKOS, XSD

from ..vocab import store
from . import uris

__all__ = ["scheme_graph", "concept_graph", "ns_graph"]

# code-list column → (EU table, SKOS mapping property)
_MATCHES = {
    "eu_frequency": ("frequency", SKOS.exactMatch),
    "eu_access_right": ("access-right", SKOS.exactMatch),
    "eu_file_type": ("file-type", SKOS.exactMatch),
    "eu_data_theme": ("data-theme", SKOS.closeMatch),
}
_WILAYAH_CHILDREN = 1000   # a kecamatan has at most a few dozen desa


def _graph() -> Graph:
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dct", DCT)
    g.bind("sd", uris.SD)
    return g


def _describe_scheme(g: Graph, row: dict[str, Any]) -> URIRef:
    node = uris.scheme(row["name"])
    g.add((node, RDF.type, SKOS.ConceptScheme))
    for language, title in row["title"].items():
        g.add((node, DCT.title, Literal(title, lang=language)))
    g.add((node, DCT.source, Literal(row["source"])))
    g.add((node, DCT.rights, Literal(row["licence"])))
    return node


def _describe_concept(g: Graph, name: str, term: store.Term) -> URIRef:
    node = uris.concept(name, term.code)
    g.add((node, RDF.type, SKOS.Concept))
    if name == "wilayah":
        g.add((node, RDF.type, DCT.Location))
    g.add((node, SKOS.prefLabel, Literal(term.label_id, lang="id")))
    g.add((node, SKOS.prefLabel, Literal(term.label_en, lang="en")))
    g.add((node, SKOS.notation, Literal(term.code)))
    g.add((node, SKOS.inScheme, uris.scheme(name)))
    if term.parent:
        g.add((node, SKOS.broader, uris.concept(name, term.parent)))
    else:
        g.add((node, SKOS.topConceptOf, uris.scheme(name)))
    for column, (table, mapping) in _MATCHES.items():
        if term.extra.get(column):
            g.add((node, mapping, uris.eu(table, term.extra[column])))
    if term.extra.get("media_type"):
        g.add((node, SKOS.exactMatch, uris.media_type(term.extra["media_type"])))
    return node


def scheme_graph(name: str) -> Optional[Graph]:
    row = store.vocabulary(model.Session, name)
    if row is None:
        return None
    g = _graph()
    scheme = _describe_scheme(g, row)
    if name == "wilayah":
        _, top = store.search(model.Session, name, level=1, limit=store.MAX_LIMIT)
    else:
        top = store.all_terms(model.Session, name)
    for term in top:
        node = _describe_concept(g, name, term)
        if not term.parent:
            g.add((scheme, SKOS.hasTopConcept, node))
    return g


def concept_graph(name: str, code: str) -> Optional[Graph]:
    term = store.terms(model.Session, name, [code]).get(code)
    row = store.vocabulary(model.Session, name)
    if term is None or row is None:
        return None
    g = _graph()
    _describe_scheme(g, row)
    node = _describe_concept(g, name, term)
    _, children = store.search(model.Session, name, parent=code, limit=_WILAYAH_CHILDREN)
    for child in children:
        g.add((node, SKOS.narrower, _describe_concept(g, name, child)))
    if term.parent:
        parent = store.terms(model.Session, name, [term.parent]).get(term.parent)
        if parent is not None:
            _describe_concept(g, name, parent)
    return g


# property → (labels id/en, range); what DCAT-AP 3 lacks for Satu Data
_PROPERTIES = {
    "satuan": (("Satuan", "Unit of measure"), XSD.string),
    "sumberData": (("Sumber data", "Data source"), XSD.string),
    "tingkatPenyajian": (("Tingkat penyajian", "Presentation level"), SKOS.Concept),
    "msKeg": (("Metadata Kegiatan Statistik (MS-Keg), JSON", "Statistical activity metadata (MS-Keg), JSON"),
              RDF.JSON),
    "msInd": (("Metadata Indikator (MS-Ind), JSON", "Indicator metadata (MS-Ind), JSON"), RDF.JSON),
    "tahun": (("Tahun data (dataset atau distribusi)", "Years a dataset or distribution covers"),
              XSD.gYear),
    "periode": (("Periode distribusi", "Period a distribution covers"), XSD.string),
    "urutan": (("Urutan kontak", "Position of a contact (0 first)"), XSD.integer),
    "jenisInstansi": (("Jenis instansi (OPD)", "Kind of agency (OPD)"), SKOS.Concept),
}


def ns_graph() -> Graph:
    g = _graph()
    ontology = URIRef(str(uris.SD).rstrip("#"))
    g.add((ontology, RDF.type, OWL.Ontology))
    g.add((ontology, DCT.title, Literal("Satu Data Indonesia metadata (ckanext-satudata)", lang="en")))
    for name, ((label_id, label_en), range_) in _PROPERTIES.items():
        node = uris.SD[name]
        g.add((node, RDF.type, RDF.Property))
        g.add((node, RDFS.label, Literal(label_id, lang="id")))
        g.add((node, RDFS.label, Literal(label_en, lang="en")))
        g.add((node, RDFS.range, range_))
        g.add((node, RDFS.isDefinedBy, ontology))
    datatype = uris.SD.KodeDaftarData
    g.add((datatype, RDF.type, RDFS.Datatype))
    g.add((datatype, RDFS.label, Literal("Kode Daftar Data", lang="id")))
    g.add((datatype, RDFS.label, Literal("Data list code (Daftar Data)", lang="en")))
    g.add((datatype, RDFS.isDefinedBy, ontology))
    return g
