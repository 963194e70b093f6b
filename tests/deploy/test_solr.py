"""config/solr/, the configset production's Solr uses: CKAN's own schema,
regenerated from the installed CKAN, with the Indonesian analysis and the
fields our index documents need (what CKAN sends with backend = solr is
checked against it in tests/search/test_seam.py)."""
from __future__ import annotations

import importlib.util
import xml.dom.minidom
import xml.etree.ElementTree as ET

import ckan.lib.search as search
import ckan.lib.search.query as query_module

from tests.deploy.solr_schema import CONFIGSET, ROOT, Schema

_spec = importlib.util.spec_from_file_location("solr_configset", ROOT / "scripts" / "solr_configset.py")
configset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(configset)


def test_committed_schema_is_what_the_script_makes_from_the_installed_ckan():
    # fails after a CKAN upgrade until scripts/solr_configset.py is run again
    committed = (CONFIGSET / "schema.xml").read_text(encoding="utf-8")
    assert committed == configset.build(), "config/solr/schema.xml is stale: run scripts/solr_configset.py"


def test_schema_version_is_one_this_ckan_accepts():
    # the parser and the attribute CKAN's start-up check reads
    name = xml.dom.minidom.parse(str(CONFIGSET / "schema.xml")).documentElement.getAttribute("name")
    assert name.startswith("ckan-")
    assert name.split("-")[1] in search.SUPPORTED_SCHEMA_VERSIONS


def _shape(element: ET.Element) -> tuple:
    """An element without its whitespace and comments."""
    return (element.tag, dict(element.attrib),
            [_shape(child) for child in element if isinstance(child.tag, str)])


def test_everything_of_ckans_schema_is_kept():
    ckan, ours = Schema(configset.ckan_schema_path()), Schema()
    for name, field in ckan.fields.items():
        expected = field if name not in configset.RETYPED else ours.fields[name]
        assert ours.fields[name] == expected, name
    assert ours.dynamic == ckan.dynamic
    copies = {(c.get("source"), c.get("dest")) for c in ours.root.iter("copyField")}
    assert copies == {(c.get("source"), c.get("dest")) for c in ckan.root.iter("copyField")}
    assert ours.root.findtext("uniqueKey") == ckan.root.findtext("uniqueKey") == "index_id"
    for name in ckan.types:
        assert _shape(ours.types[name]) == _shape(ckan.types[name]), name


def test_every_field_ckan_queries_by_default_exists_and_is_indexed():
    schema = Schema()
    for weighted in query_module.QUERY_FIELDS.split():
        field = schema.fields[weighted.split("^")[0]]
        assert field.indexed and not field.dynamic
    for name in ("id", "validated_data_dict", "data_dict"):   # what CKAN reads back (fl)
        assert schema.fields[name].stored
    for name in ("metadata_modified", "title_string", "name"):  # its sort keys
        assert not schema.fields[name].multi_valued


def test_indonesian_analysis_on_the_fields_dismax_searches():
    schema = Schema()
    for name in ("title", "notes", "text"):
        assert schema.fields[name].type == "text_id"
    (filters,) = schema.analyzer_filters("text_id")        # one analyzer: index and query alike
    assert filters == ["solr.LowerCaseFilterFactory", "solr.ASCIIFoldingFilterFactory",
                       "solr.IndonesianStemFilterFactory"]


def test_our_fields_have_the_shape_our_documents_need():
    schema = Schema()
    assert configset.list_fields() == ["tahun"]          # schemas/dataset.yaml: the years, a JSON list
    assert schema.fields["tahun"].multi_valued
    assert schema.fields["kelengkapan_kurang"].multi_valued
    kelengkapan = schema.fields["kelengkapan"]             # sort=kelengkapan desc: 100 above 90
    assert "IntPointField" in kelengkapan.type_class and kelengkapan.doc_values
    assert not kelengkapan.multi_valued
    skor = schema.fields["skor_kualitas"]                  # sort=skor_kualitas desc: 400 above 95
    assert "IntPointField" in skor.type_class and skor.doc_values and not skor.multi_valued
    assert not schema.fields["kualitas"].multi_valued and schema.fields["kualitas"].doc_values
    assert not schema.fields["spatial"].indexed            # a GeoJSON text can exceed Lucene's term limit
    assert schema.fields["_version_"].type == "plong"      # SolrCloud's recovery reads it as a long


def test_every_file_the_schema_names_is_in_the_configset():
    root = ET.parse(CONFIGSET / "schema.xml").getroot()
    named = {e.get(key) for e in root.iter() for key in ("synonyms", "protected", "words", "dictionary")
             if e.get(key)}
    assert named == {"synonyms.txt", "protwords.txt"}
    for name in named:
        assert (CONFIGSET / name).is_file(), name


def test_solrconfig_reads_the_classic_schema_of_solr_9():
    root = ET.parse(CONFIGSET / "solrconfig.xml").getroot()
    assert root.find("schemaFactory").get("class") == "ClassicIndexSchemaFactory"   # schema.xml, as is
    assert root.findtext("luceneMatchVersion").split(".")[0] == "9"
    assert root.find("requestHandler[@name='/select']") is not None
    assert root.find("updateRequestProcessorChain") is None        # no field guessing
