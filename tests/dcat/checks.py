"""What the DCAT tests check a feed against: the official DCAT-AP 3.0.1
SHACL shapes (read from ../shared/shacl/, see its SOURCE.md) and the Satu
Data fields a parsed dataset must give back."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from ckanext.dcat.processors import RDFParser
from ckanext.satudata import demo
from ckanext.satudata.dcat.uris import code_of
from ckanext.satudata.helpers import satudata_as_list

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


# ------------------------------------------------- what another portal reads

def parse_stock(body: str, fmt: str = "turtle") -> dict[str, dict[str, Any]]:
    """The datasets another portal reads: ckanext-dcat's parser with its
    DCAT-AP 3 profile alone, by CKAN id."""
    parser = RDFParser(profiles=["euro_dcat_ap_3"])
    parser.parse(body, _format=fmt)
    return {identifier(d): d for d in parser.datasets()}


def _envelope(geojson: Any) -> Any:
    """West, south, east, north of a GeoJSON geometry (text or dict)."""
    if not geojson:
        return None
    geometry = json.loads(geojson) if isinstance(geojson, str) else geojson
    points: list[tuple[float, float]] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], (int, float)):
            points.append((round(value[0], 6), round(value[1], 6)))
        else:
            for item in value:
                walk(item)
    walk(geometry["coordinates"])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def eu_codes() -> dict[str, dict[str, str]]:
    """EU authority URI → our code, for the code lists the feed maps."""
    from ckan import model
    from ckanext.satudata.vocab import store
    out = {}
    for name, column, table in (("frekuensi", "eu_frequency", "frequency"),
                                ("klasifikasi_akses", "eu_access_right", "access-right"),
                                ("format", "eu_file_type", "file-type")):
        out[name] = {f"http://publications.europa.eu/resource/authority/{table}/{t.extra[column]}": t.code
                     for t in store.all_terms(model.Session, name) if t.extra.get(column)}
    return out


def stock_fields(parsed: dict[str, Any], codes: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A stock parse, read back into the dataset's terms (EU URIs through
    the code lists): what :func:`expected_stock_fields` says it must keep."""
    extras = {e["key"]: e["value"] for e in parsed.get("extras", [])}
    themes = json.loads(extras.get("theme") or "[]")
    resources = []
    for r in parsed.get("resources", []):
        resources.append({"name": r.get("name"), "description": r.get("description") or None,
                          # a name CKAN knows ("CSV"), else the format's URI
                          "format": (codes["format"].get(r.get("format")) or code_of("format", r.get("format"))
                                     or r.get("format")),
                          # a licence without a URI (other-open) is a blank node
                          "licence": r.get("license") if "://" in (r.get("license") or "") else None,
                          "url": r.get("access_url"), "download_url": r.get("download_url")})
    return {
        "title": parsed.get("title"), "notes": parsed.get("notes"), "license_id": parsed.get("license_id"),
        "tags": sorted(t["name"] for t in parsed.get("tags", [])),
        "urusan": sorted(c for c in (code_of("urusan", t) for t in themes) if c),
        "frekuensi": codes["frekuensi"].get(extras.get("frequency")),
        "klasifikasi_akses": codes["klasifikasi_akses"].get(extras.get("access_rights")),
        "publisher": (extras.get("publisher_name"), extras.get("publisher_uri")),
        "kontak": sorted((c.get("name"), c.get("email") or None) for c in parsed.get("contact", [])),
        "dates": (extras.get("issued"), extras.get("modified")),
        "temporal": (extras.get("temporal_start"), extras.get("temporal_end")),
        "cakupan_wilayah": code_of("wilayah", extras.get("spatial_uri")),
        "extent": _envelope(extras.get("spatial_bbox")),
        "resources": sorted(resources, key=lambda r: r["name"] or ""),
    }


def expected_stock_fields(dataset: dict[str, Any], site: str) -> dict[str, Any]:
    """What a stock parse of a shown (public) dataset must give back."""
    years = [int(y) for y in dataset.get("tahun") or []]
    terbatas = dataset.get("klasifikasi_akses") == "terbatas"
    resources = []
    for r in dataset.get("resources", []):
        upload = r.get("url_type") == "upload"
        resources.append({
            "name": r.get("name"), "description": r.get("description") or None, "format": r.get("format"),
            "licence": LICENCE_URIS.get(dataset.get("license_id")),
            "url": f"{site}/dataset/access/{dataset['name']}" if terbatas else r.get("url"),
            "download_url": r.get("url") if upload and not terbatas else None})
    return {
        "title": dataset["title"], "notes": dataset.get("notes"),
        # ckanext-dcat reads a licence from the distributions only (a dataset
        # with none keeps its licence in our own parse, not in the stock one)
        "license_id": dataset.get("license_id") if dataset.get("resources") else "",
        "tags": sorted(t["name"] for t in dataset.get("tags", [])),
        "urusan": sorted(satudata_as_list(dataset.get("urusan"))),
        "frekuensi": dataset.get("frekuensi"), "klasifikasi_akses": dataset.get("klasifikasi_akses"),
        "publisher": (dataset["organization"]["title"], f"{site}/organization/{dataset['owner_org']}"),
        "kontak": sorted((k.get("nama"), k.get("email") or None) for k in dataset.get("kontak") or []),
        "dates": (dataset["metadata_created"], dataset["metadata_modified"]),
        "temporal": (dataset.get("periode_awal") or (str(min(years)) if years else None),
                     dataset.get("periode_akhir") or (str(max(years)) if years else None)),
        "cakupan_wilayah": dataset.get("cakupan_wilayah"),
        "extent": _envelope(dataset.get("spatial")),
        "resources": sorted(resources, key=lambda r: r["name"] or ""),
    }


# the licences of the demo and the tests, as the EU authority table names them
LICENCE_URIS = {"cc-by": "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
                "cc-zero": "http://publications.europa.eu/resource/authority/licence/CC0",
                "odc-odbl": "http://publications.europa.eu/resource/authority/licence/ODC_BL"}


def stock_losses(parsed: dict[str, Any], dataset: dict[str, Any], site: str,
                 codes: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Each field (each resource's, by name) a stock parse did not keep:
    field → (what it read, what the dataset says). Empty when nothing is lost."""
    got, want = stock_fields(parsed, codes), expected_stock_fields(dataset, site)
    lost = {k: (got[k], want[k]) for k in want if k != "resources" and got[k] != want[k]}
    read = {r["name"]: r for r in got["resources"]}
    for resource in want["resources"]:
        found = read.get(resource["name"], {})
        for key, value in resource.items():
            if found.get(key) != value:
                lost[f"{resource['name']}.{key}"] = (found.get(key), value)
    if len(got["resources"]) != len(want["resources"]):
        lost["resources"] = (len(got["resources"]), len(want["resources"]))
    return lost


# ------------------------------------------------------------- StatDCAT-AP

STATDCAT_SHAPES = Path(__file__).with_name("statdcat-shapes.ttl")


def statdcat_violations(data: Graph | str, fmt: str = "turtle") -> list[str]:
    """Every violation of StatDCAT-AP 3's constraints on its properties."""
    graph = data if isinstance(data, Graph) else Graph().parse(data=data, format=fmt)
    _, results, _ = validate(graph, shacl_graph=Graph().parse(STATDCAT_SHAPES), inference="none")
    return [f"{results.value(r, SH.focusNode)} {results.value(r, SH.resultPath)}: "
            f"{results.value(r, SH.resultMessage)}" for r in results.subjects(SH.resultSeverity, SH.Violation)]
