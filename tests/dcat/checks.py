"""What the DCAT tests check a feed against: the official DCAT-AP 3.0.1
SHACL shapes (read from ../shared/shacl/, see its SOURCE.md) and the Satu
Data fields a parsed dataset must give back."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from ckanext.dcat.processors import RDFParser
from ckanext.satudata import demo

SHAPES_DIR = Path(__file__).resolve().parents[3] / "shared" / "shacl" / "dcat-ap-3.0.1"
# the canonical shapes (cardinalities, datatypes and ranges) and the
# recommended ones (warnings only, but a violation there still counts)
SHAPES = ("dcat-ap-SHACL.ttl", "html/shapes_recommended.ttl")

DATASET_FIELDS = ("title", "notes", "license_id", "urusan", "frekuensi", "klasifikasi_akses",
                  "jenis_data", "tahun", "periode_awal", "periode_akhir", "cakupan_wilayah",
                  "tingkat_penyajian", "satuan", "sumber_data", "kode_daftar_data",
                  "standar_data", "kontak", "spatial", "ms_keg", "ms_ind")
RESOURCE_FIELDS = ("name", "description", "format", "tahun", "periode", "language")

_shapes: dict[str, Graph] = {}


def _load(name: str) -> Graph:
    path = SHAPES_DIR / name
    # fail, never skip: a feed nobody validated is the failure this guards against
    assert path.is_file(), f"DCAT-AP SHACL shapes missing: {path} (see shared/README.md)"
    if name not in _shapes:
        _shapes[name] = Graph().parse(path)
    return _shapes[name]


def violations(data: Graph | str, fmt: str = "turtle") -> list[str]:
    """Every sh:Violation of ``data`` against the shapes, as readable lines."""
    graph = data if isinstance(data, Graph) else Graph().parse(data=data, format=fmt)
    found = []
    for name in SHAPES:
        _, results, _ = validate(graph, shacl_graph=_load(name), ont_graph=_load("offline-imports.ttl"),
                                 inference="none", allow_warnings=True)
        for result in results.subjects(SH.resultSeverity, SH.Violation):
            found.append(f"{name}: {results.value(result, SH.focusNode)} "
                         f"{results.value(result, SH.resultPath)}: {results.value(result, SH.resultMessage)}")
    return found


def parse(body: str, fmt: str = "turtle") -> list[dict[str, Any]]:
    """The datasets ckanext-dcat's parser (this site's profiles) reads."""
    parser = RDFParser()
    parser.parse(body, _format=fmt)
    return list(parser.datasets())


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def satudata_fields(dataset: dict[str, Any]) -> dict[str, Any]:
    """The fields a round trip keeps: the dataset's Satu Data metadata and
    each resource's (resources by name; the feed does not keep their order)."""
    out = {k: dataset.get(k) for k in DATASET_FIELDS if not _empty(dataset.get(k))}
    out["tags"] = sorted(t["name"] for t in dataset.get("tags", []))
    out["resources"] = sorted(
        ({k: r.get(k) for k in RESOURCE_FIELDS if not _empty(r.get(k))} for r in dataset["resources"]),
        key=lambda r: r.get("name", ""))
    return out


def identifier(parsed: dict[str, Any]) -> str:
    """The CKAN id a parsed dataset came from (its dct:identifier)."""
    return next(e["value"] for e in parsed["extras"] if e["key"] == "identifier")


def statistical() -> dict[str, Any]:
    """The statistical metadata of a demo dataset (MS-Keg and MS-Ind)."""
    stunting = next(d for d in demo.read_data()["datasets"]
                    if d["name"] == "prevalensi-balita-stunting-2023")
    return {"jenis_data": "statistik", "ms_keg": stunting["ms_keg"], "ms_ind": stunting["ms_ind"]}
