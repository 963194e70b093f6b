"""StatDCAT-AP for statistical datasets (those with MS-Keg or MS-Ind).

BPS's statistical metadata in the terms of StatDCAT-AP 3 (namespace
``http://data.europa.eu/s1n/``, the release aligned with DCAT-AP 3), beside
the JSON the ``satudata`` profile keeps for the way back (``sd:msKeg``,
``sd:msInd``, read by ``parse.py``):

- each MS-Keg activity: ``prov:wasGeneratedBy`` a ``prov:Activity`` (its
  title, purpose, kind and organiser);
- the unit of measure (``satuan``, each indicator's ``satuan``):
  ``stat:statUnitMeasure`` a ``skos:Concept``, and the SDMX unit-of-measure
  attribute as ``stat:attribute``;
- ``stat:dimension``: SDMX's reference period for data by year, reference
  area for data presented by region (``tingkat_penyajian``), and each
  indicator's breakdown (``klasifikasi_penyajian``);
- ``stat:numSeries``: the number of indicators;
- ``dqv:hasQualityAnnotation``: how the data were collected, sampled and
  processed, each indicator's definition, calculation and interpretation, as
  ``oa:Annotation``s with a textual body.
"""
from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT, FOAF, RDF, RDFS, SKOS, XSD

__all__ = ["STAT", "QB", "DQV", "OA", "PROV", "describe", "statistical"]

STAT = Namespace("http://data.europa.eu/s1n/")
QB = Namespace("http://purl.org/linked-data/cube#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
_INDONESIAN = URIRef("http://publications.europa.eu/resource/authority/language/IND")

# (id, en) labels of what the graph names
_KINDS = {"survei": ("Survei", "Survey"),
          "kompilasi_produk_administrasi": ("Kompilasi produk administrasi",
                                            "Compilation of administrative records"),
          "cara_lain": ("Cara lain", "Other method")}
_SDMX = {SDMX_DIMENSION.refPeriod: ("Periode referensi", "Reference period"),
         SDMX_DIMENSION.refArea: ("Wilayah referensi", "Reference area"),
         SDMX_ATTRIBUTE.unitMeasure: ("Satuan", "Unit of measure")}
# what each block says about quality: field → (id, en) label
_KEG_QUALITY = {"metode_pengumpulan": ("Metode pengumpulan data", "Data collection method"),
                "desain_sampel": ("Desain sampel", "Sample design"),
                "pengolahan_analisis": ("Pengolahan dan analisis", "Processing and analysis")}
_IND_QUALITY = {"definisi": ("Definisi", "Definition"),
                "metode_perhitungan": ("Metode perhitungan", "Calculation method"),
                "interpretasi": ("Interpretasi", "Interpretation")}


def statistical(dataset_dict: dict[str, Any]) -> bool:
    return bool(dataset_dict.get("ms_keg") or dataset_dict.get("ms_ind"))


def _entries(value: Any) -> list[dict[str, Any]]:
    return [e for e in value or [] if isinstance(e, dict)] if isinstance(value, list) else []


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.strip() if isinstance(value, str) else ""


def _labels(g: Graph, node: Any, predicate: URIRef, labels: tuple[str, str]) -> None:
    g.add((node, predicate, Literal(labels[0], lang="id")))
    g.add((node, predicate, Literal(labels[1], lang="en")))


def _concept(g: Graph, label: str) -> BNode:
    node = BNode()
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(label, lang="id")))
    return node


def _sdmx(g: Graph, dataset_ref: URIRef, predicate: URIRef, node: URIRef, cls: URIRef) -> None:
    g.add((dataset_ref, predicate, node))
    g.add((node, RDF.type, cls))
    _labels(g, node, RDFS.label, _SDMX[node])


def _annotate(g: Graph, dataset_ref: URIRef, labels: tuple[str, str], text: str) -> None:
    annotation, body = BNode(), BNode()
    g.add((dataset_ref, DQV.hasQualityAnnotation, annotation))
    for cls in (DQV.QualityAnnotation, OA.Annotation):
        g.add((annotation, RDF.type, cls))
    _labels(g, annotation, RDFS.label, labels)
    g.add((annotation, OA.hasTarget, dataset_ref))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add((annotation, OA.hasBody, body))
    g.add((body, RDF.type, OA.TextualBody))
    g.add((body, RDF.value, Literal(text, lang="id")))
    g.add((body, DCT.language, _INDONESIAN))
    g.add((body, DCT["format"], Literal("text/plain")))


def _activity(g: Graph, dataset_ref: URIRef, entry: dict[str, Any]) -> None:
    activity = BNode()
    g.add((dataset_ref, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    if _text(entry, "judul_kegiatan"):
        g.add((activity, RDFS.label, Literal(_text(entry, "judul_kegiatan"), lang="id")))
    if _text(entry, "tujuan"):
        g.add((activity, DCT.description, Literal(_text(entry, "tujuan"), lang="id")))
    kind = _KINDS.get(_text(entry, "jenis_kegiatan"))
    if kind:
        node = _concept(g, kind[0])
        g.add((node, SKOS.prefLabel, Literal(kind[1], lang="en")))
        g.add((activity, DCT.type, node))
    if _text(entry, "penyelenggara"):
        agent = BNode()
        g.add((activity, PROV.wasAssociatedWith, agent))
        for cls in (FOAF.Agent, PROV.Agent):
            g.add((agent, RDF.type, cls))
        g.add((agent, FOAF.name, Literal(_text(entry, "penyelenggara"))))


def describe(g: Graph, dataset_ref: URIRef, dataset_dict: dict[str, Any]) -> None:
    """Add the StatDCAT-AP description of a statistical dataset to ``g``."""
    if not statistical(dataset_dict):
        return
    g.bind("stat", STAT)
    g.bind("dqv", DQV)
    g.bind("oa", OA)
    g.bind("prov", PROV)
    g.bind("qb", QB)
    activities, indicators = _entries(dataset_dict.get("ms_keg")), _entries(dataset_dict.get("ms_ind"))
    for entry in activities:
        _activity(g, dataset_ref, entry)

    units = [dataset_dict.get("satuan")] + [i.get("satuan") for i in indicators]
    units = list(dict.fromkeys(u.strip() for u in units if isinstance(u, str) and u.strip()))
    for unit in units:
        g.add((dataset_ref, STAT.statUnitMeasure, _concept(g, unit)))
    if units:
        _sdmx(g, dataset_ref, STAT.attribute, SDMX_ATTRIBUTE.unitMeasure, QB.AttributeProperty)

    if dataset_dict.get("tahun") or dataset_dict.get("periode_awal"):
        _sdmx(g, dataset_ref, STAT.dimension, SDMX_DIMENSION.refPeriod, QB.DimensionProperty)
    if dataset_dict.get("tingkat_penyajian") or any(i.get("level_estimasi") for i in indicators):
        _sdmx(g, dataset_ref, STAT.dimension, SDMX_DIMENSION.refArea, QB.DimensionProperty)
    breakdowns = [b.strip() for i in indicators
                  for b in re.split(r"[,;]", _text(i, "klasifikasi_penyajian")) if b.strip()]
    for breakdown in dict.fromkeys(breakdowns):
        node = BNode()
        g.add((dataset_ref, STAT.dimension, node))
        g.add((node, RDF.type, QB.DimensionProperty))
        g.add((node, RDFS.label, Literal(breakdown, lang="id")))

    if indicators:
        g.add((dataset_ref, STAT.numSeries, Literal(len(indicators), datatype=XSD.integer)))
    for blocks, fields, tag in ((activities, _KEG_QUALITY, "MS-Keg"), (indicators, _IND_QUALITY, "MS-Ind")):
        for entry in blocks:
            name = _text(entry, "judul_kegiatan") or _text(entry, "nama_indikator")
            for key, (label_id, label_en) in fields.items():
                if _text(entry, key):
                    _annotate(g, dataset_ref, (f"{label_id} ({tag}: {name})", f"{label_en} ({tag}: {name})"),
                              _text(entry, key))
