"""Write config/solr/schema.xml, the Solr schema production uses
(docker/compose.yaml mounts config/solr/ as the core's configset):
CKAN's own schema, read from the installed CKAN (ckan/config/solr/schema.xml,
whose name="ckan-X.Y" CKAN checks at start), plus what the portal needs:

- ``text_id``, the Indonesian text analysis (lowercasing, ASCII folding,
  Solr's IndonesianStemFilterFactory), for the fields CKAN's dismax query
  searches by default (title, notes and the catch-all ``text``);
- the fields our ``before_dataset_index`` (metadata/completeness.py) sends:
  every scheming field with output validators (schemas/dataset.yaml), which
  is indexed as a list (``tahun``), the derived ``kelengkapan`` (an integer
  to sort on) and ``kelengkapan_kurang`` (a list), ``walidata``;
- ``spatial`` kept out of the index: a GeoJSON text can exceed Lucene's
  32,766-byte term limit of the catch-all string field (it is still
  searchable as ``extras_spatial``);
- ``_version_`` as a long, which SolrCloud's recovery needs (ckan/ckan#8373).

    .venv/bin/python scripts/solr_configset.py            # (re)write the file
    .venv/bin/python scripts/solr_configset.py --check    # exit 1 if it is stale

tests/deploy/test_solr.py fails when the committed file differs from what
this script makes from the installed CKAN, so a CKAN upgrade is noticed.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import xml.etree.ElementTree as ET

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "config" / "solr" / "schema.xml"
DATASET_SCHEMA = ROOT / "ckanext" / "satudata" / "schemas" / "dataset.yaml"
OUR_PRESETS = ROOT / "ckanext" / "satudata" / "schemas" / "presets.yaml"

# CKAN's fields that change type here: field -> (attribute, value) pairs
RETYPED = {
    "title": {"type": "text_id"},
    "notes": {"type": "text_id"},
    "text": {"type": "text_id"},
    "_version_": {"type": "plong", "indexed": "false", "stored": "false", "docValues": "true"},
}
# what completeness.for_index derives (beside the list fields of the schema)
DERIVED = {
    "kelengkapan": {"type": "pint", "indexed": "true", "stored": "false", "docValues": "true"},
    "kelengkapan_kurang": {"type": "string", "indexed": "true", "stored": "false",
                           "docValues": "true", "multiValued": "true"},
    "walidata": {"type": "string", "indexed": "true", "stored": "false", "docValues": "true"},
    # quality/scores.for_index: the rating (facet) and the points (a numeric sort)
    "kualitas": {"type": "string", "indexed": "true", "stored": "false", "docValues": "true"},
    "skor_kualitas": {"type": "pint", "indexed": "true", "stored": "false", "docValues": "true"},
}
UNINDEXED = {"spatial": {"type": "string", "indexed": "false", "stored": "false"}}
LIST_FIELD = {"type": "string", "indexed": "true", "stored": "false", "docValues": "true",
              "multiValued": "true"}
TEXT_ID_FILTERS = [("solr.LowerCaseFilterFactory", {}),
                   ("solr.ASCIIFoldingFilterFactory", {"preserveOriginal": "false"}),
                   ("solr.IndonesianStemFilterFactory", {"stemDerivational": "true"})]


def ckan_schema_path() -> pathlib.Path:
    import ckan
    return pathlib.Path(ckan.__file__).parent / "config" / "solr" / "schema.xml"


def _presets() -> dict[str, dict]:
    import ckanext.scheming
    scheming = pathlib.Path(ckanext.scheming.__file__).parent / "presets.json"
    presets = {p["preset_name"]: p["values"] for p in json.loads(scheming.read_text())["presets"]}
    ours = yaml.safe_load(OUR_PRESETS.read_text(encoding="utf-8"))["presets"]
    presets.update({p["preset_name"]: p["values"] for p in ours})
    return presets


def list_fields() -> list[str]:
    """Dataset fields that for_index sends as lists: those with output
    validators (the rule completeness.for_index applies), presets expanded."""
    presets = _presets()
    schema = yaml.safe_load(DATASET_SCHEMA.read_text(encoding="utf-8"))
    names = []
    for field in schema["dataset_fields"]:
        expanded = {**presets.get(field.get("preset", ""), {}), **field}
        if "output_validators" in expanded:
            names.append(field["field_name"])
    return names


def _element(tag: str, attrs: dict[str, str]) -> ET.Element:
    element = ET.Element(tag)
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _text_id() -> ET.Element:
    field_type = _element("fieldType", {"name": "text_id", "class": "solr.TextField",
                                        "positionIncrementGap": "100"})
    analyzer = ET.SubElement(field_type, "analyzer")
    analyzer.append(_element("tokenizer", {"class": "solr.StandardTokenizerFactory"}))
    for cls, attrs in TEXT_ID_FILTERS:
        analyzer.append(_element("filter", {"class": cls, **attrs}))
    return field_type


def build(source: pathlib.Path | None = None) -> str:
    """The schema text for ``source`` (CKAN's installed schema by default)."""
    text = (source or ckan_schema_path()).read_text(encoding="utf-8")
    head = text[:text.index("<schema")]
    root = ET.fromstring(text, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))

    types = root.find("types")
    types.append(ET.Comment(" ckanext-satudata: Indonesian text (scripts/solr_configset.py) "))
    types.append(_text_id())

    fields = root.find("fields")
    by_name = {f.get("name"): f for f in fields.findall("field")}
    for name, attrs in RETYPED.items():
        for key, value in attrs.items():
            by_name[name].set(key, value)
    ours = {**{n: LIST_FIELD for n in list_fields()}, **DERIVED, **UNINDEXED}
    added = [_element("field", {"name": name, **attrs})
             for name, attrs in ours.items() if name not in by_name]
    position = list(fields).index(fields.find("dynamicField"))
    comment = ET.Comment(" ckanext-satudata: what before_dataset_index sends (scripts/solr_configset.py) ")
    for offset, element in enumerate([comment, *added]):
        fields.insert(position + offset, element)

    ET.indent(root, space="    ")
    generated = ("<!-- Generated by scripts/solr_configset.py from CKAN's ckan/config/solr/schema.xml;\n"
                 "     edit the script, not this file. -->\n")
    return head + generated + ET.tostring(root, encoding="unicode") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when config/solr/schema.xml is stale")
    args = parser.parse_args()
    schema = build()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != schema:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/solr_configset.py", file=sys.stderr)
            return 1
        print(f"==> {OUTPUT.relative_to(ROOT)} matches the installed CKAN's schema plus ours")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(schema, encoding="utf-8")
    print(f"==> Wrote {OUTPUT.relative_to(ROOT)} (CKAN's schema plus the Indonesian analysis and our fields)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
