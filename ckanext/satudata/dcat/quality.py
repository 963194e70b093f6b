"""A dataset's quality score in the feed, as W3C DQV quality measurements
(``dqv:hasQualityMeasurement``): the total and each dimension
(``quality/criteria.py``), each measurement of a ``dqv:Metric`` of this
portal's vocabulary (``sd:quality-total``, ``sd:quality-findability`` …)
in a ``dqv:Dimension``, with the rating as ``sd:peringkatKualitas``.
Written only for a dataset already scored (``satudata_quality_score``).
"""
from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ..quality import criteria, scores
from . import uris
from .statdcat import DQV

__all__ = ["describe", "metric"]

_NAMES = {"total": ("Skor kualitas data", "Data quality score"),
          "findability": ("Kemudahan ditemukan", "Findability"),
          "accessibility": ("Keteraksesan", "Accessibility"),
          "interoperability": ("Interoperabilitas", "Interoperability"),
          "reusability": ("Kemudahan digunakan ulang", "Reusability"),
          "contextuality": ("Konteks", "Contextuality"),
          "timeliness": ("Kemutakhiran", "Timeliness")}


def metric(code: str) -> URIRef:
    return uris.SD["quality-" + code]


def _metric(g: Graph, code: str, of: int) -> URIRef:
    node = metric(code)
    dimension = uris.SD["dimension-" + code]
    g.add((node, RDF.type, DQV.Metric))
    g.add((node, DQV.expectedDataType, XSD.integer))
    g.add((node, DQV.inDimension, dimension))
    g.add((dimension, RDF.type, DQV.Dimension))
    id_label, en_label = _NAMES[code]
    for subject in (node, dimension):
        g.add((subject, SKOS.prefLabel, Literal(id_label, lang="id")))
        g.add((subject, SKOS.prefLabel, Literal(en_label, lang="en")))
    g.add((node, SKOS.definition, Literal(f"Poin dari {of} (metodologi portal Satu Data, "
                                          f"diadaptasi dari MQA data.europa.eu)", lang="id")))
    return node


def _measure(g: Graph, dataset_ref: URIRef, code: str, points: int, of: int) -> None:
    measurement = BNode()
    g.add((dataset_ref, DQV.hasQualityMeasurement, measurement))
    g.add((measurement, RDF.type, DQV.QualityMeasurement))
    g.add((measurement, DQV.computedOn, dataset_ref))
    g.add((measurement, DQV.isMeasurementOf, _metric(g, code, of)))
    g.add((measurement, DQV.value, Literal(points, datatype=XSD.integer)))


def describe(g: Graph, dataset_ref: URIRef, dataset_dict: dict[str, Any]) -> None:
    kept = scores.kept(dataset_dict.get("id") or "")
    if kept is None:
        return
    g.bind("dqv", DQV)
    result = criteria.with_status(kept, (dataset_dict.get("satudata_jadwal") or {}).get("status"),
                                  dataset_dict.get("frekuensi"))
    _measure(g, dataset_ref, "total", result["points"], result["max_points"])
    for dimension in criteria.DIMENSIONS:
        shown = [c for c in result["criteria"] if c["dimension"] == dimension]
        _measure(g, dataset_ref, dimension, sum(c["points"] for c in shown),
                 sum(c["of"] for c in shown))
    g.add((dataset_ref, uris.SD.peringkatKualitas, Literal(result["rating"])))
