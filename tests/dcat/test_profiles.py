"""The ``satudata`` RDF profile through ckanext-dcat's endpoints: edge
cases against the DCAT-AP 3.0.1 shapes and back through ckanext-dcat's
parser, the catalogue record, the SKOS code lists its URIs point at,
paging, ``modified_since``, content negotiation and the access page."""
from __future__ import annotations

import datetime
import json

import pytest
import sqlalchemy as sa
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, RDF, RDFS, SKOS

import ckan.model as model
from ckan.tests.helpers import call_action

from .. import factories
from . import checks

SITE = "http://test.ckan.net"
EU = "http://publications.europa.eu/resource/authority/"
POLYGON = json.dumps({"type": "Polygon", "coordinates": [[[106.0, -6.3], [106.3, -6.2], [106.2, -6.0],
                                                          [106.0, -6.3]]]})


def _edge_cases(org: dict) -> dict[str, dict]:
    formats = ["CSV", "XLSX", "JSON", "GeoJSON", "SHP", "WMS", "API", "PDF", "ZIP", "PNG", "KML", "ODS"]
    cases = {
        "minimal": {},
        "statistical": {**checks.statistical(), "tahun": [2019, 2020, 2021, 2023], "satuan": "persen",
                        "tingkat_penyajian": "kecamatan", "periode_awal": "2023-01-01",
                        "periode_akhir": "2023-12-31", "standar_data": "https://sdi.example.go.id/standar/1",
                        "resources": [{"url": "http://x.test/a.csv", "format": "CSV", "language": "en",
                                       "tahun": [2023], "periode": "Triwulan I 2023"}]},
        "geospatial": {"jenis_data": "geospasial", "spatial": POLYGON, "cakupan_wilayah": "36.04.09",
                       "license_id": "odc-odbl", "standar_data": "Katalog Unsur Geografi Indonesia",
                       "resources": [{"url": "http://x.test/peta.geojson", "format": "GeoJSON"}]},
        "restricted": {"klasifikasi_akses": "terbatas", "kode_daftar_data": "DD.2024.2.12.001",
                       "kontak": [{"nama": "Admin Data", "email": "a@x.test", "telepon": "(0254) 1"},
                                  {"nama": "Operator"}],
                       "resources": [{"url": "http://x.test/rahasia.xlsx", "format": "XLSX"}]},
        "many resources": {"frekuensi": "tidak_tetap", "license_id": "other-open", "resources": [
            {"url": f"http://x.test/r{i}", "format": f, "name": f"Berkas {i}", "language": "id"}
            for i, f in enumerate(formats)]},
    }
    return {case: factories.Dataset(owner_org=org["id"], title=f"Kasus {case}", **fields)
            for case, fields in cases.items()}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_edge_cases_pass_the_shapes_and_parse_back_the_same(app):
    org = factories.OpdFactory(email="opd@x.test", telepon="(0254) 2", website="https://opd.x.test")
    datasets = _edge_cases(org)
    factories.DraftDataset(owner_org=org["id"], title="Draf Tidak Tayang")

    body = app.get("/catalog.ttl").body
    assert checks.violations(body) == []
    parsed = {checks.identifier(d): d for d in checks.parse(body)}
    assert set(parsed) == {d["id"] for d in datasets.values()}
    for case, dataset in datasets.items():
        shown = call_action("package_show", id=dataset["id"])
        assert checks.satudata_fields(parsed[dataset["id"]]) == checks.satudata_fields(shown), case
        # each dataset's own document passes too, in every format
        for fmt, rdflib_format in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")):
            own = app.get(f"/dataset/{dataset['name']}.{fmt}").body
            assert checks.violations(own, rdflib_format) == [], (case, fmt)
    # what another portal reads with ckanext-dcat's DCAT-AP 3 profile alone
    stock, codes = checks.parse_stock(body), checks.eu_codes()
    for case, dataset in datasets.items():
        shown = call_action("package_search", fq=f"id:{dataset['id']}")["results"][0]
        assert checks.stock_losses(stock[dataset["id"]], shown, SITE, codes) == {}, case

    g = Graph().parse(data=body, format="turtle")
    restricted = URIRef(f"{SITE}/dataset/{datasets['restricted']['id']}")
    assert g.value(restricted, DCT.accessRights) == URIRef(EU + "access-right/RESTRICTED")
    for distribution in g.objects(restricted, DCAT.distribution):
        assert list(g.objects(distribution, DCAT.accessURL)) == [
            URIRef(f"{SITE}/dataset/access/{datasets['restricted']['name']}")]
        assert g.value(distribution, DCAT.downloadURL) is None
    statistical = URIRef(f"{SITE}/dataset/{datasets['statistical']['id']}")
    assert set(g.objects(statistical, DCAT.theme)) == {
        URIRef(f"{SITE}/vocab/urusan/2.12"), URIRef(EU + "data-theme/SOCI")}
    assert g.value(statistical, DCT.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    publisher = g.value(statistical, DCT.publisher)
    assert (publisher, RDF.type, FOAF.Organization) in g
    assert str(g.value(publisher, FOAF.name)) == org["title"]
    assert g.value(publisher, FOAF.mbox) == URIRef("mailto:opd@x.test")
    assert g.value(URIRef(f"{SITE}/dataset/{datasets['geospatial']['id']}"), DCT.spatial,
                   any=True) is not None
    assert URIRef(f"{SITE}/vocab/wilayah/36.04.09") in set(
        g.objects(URIRef(f"{SITE}/dataset/{datasets['geospatial']['id']}"), DCT.spatial))

    # StatDCAT-AP for the statistical dataset alone, within its constraints
    assert checks.statdcat_violations(g) == []
    stat = {name: URIRef("http://data.europa.eu/s1n/" + name)
            for name in ("statUnitMeasure", "dimension", "attribute", "numSeries")}
    prov, dqv = "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/dqv#"
    assert {s for s in g.subjects(stat["statUnitMeasure"], None)} == {statistical}
    assert {str(g.value(u, SKOS.prefLabel)) for u in g.objects(statistical, stat["statUnitMeasure"])} \
        == {"persen"}
    assert set(g.objects(statistical, stat["dimension"])) >= {
        URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"),
        URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refArea")}
    assert g.value(statistical, stat["numSeries"]).toPython() == 1
    activity = g.value(statistical, URIRef(prov + "wasGeneratedBy"))
    keg = checks.statistical()["ms_keg"][0]
    assert str(g.value(activity, RDFS.label)) == keg["judul_kegiatan"]
    notes = {str(g.value(g.value(a, URIRef("http://www.w3.org/ns/oa#hasBody")), RDF.value))
             for a in g.objects(statistical, URIRef(dqv + "hasQualityAnnotation"))}
    assert keg["metode_pengumpulan"] in notes
    assert checks.statistical()["ms_ind"][0]["metode_perhitungan"] in notes
    # the constraints bite: a count that is not an integer is a violation
    g.add((statistical, stat["numSeries"], Literal("satu")))
    assert checks.statdcat_violations(g) != []
    g.remove((statistical, stat["numSeries"], Literal("satu")))

    # the catalogue: the pemda publishes it, in Indonesian and English, by urusan
    catalog = URIRef(SITE)
    pemda = g.value(catalog, DCT.publisher)
    assert {str(n) for n in g.objects(pemda, FOAF.name)} == {
        "Pemerintah Kabupaten Serang", "Government of Kabupaten Serang"}
    assert set(g.objects(catalog, DCT.language)) == {URIRef(EU + "language/IND"),
                                                     URIRef(EU + "language/ENG")}
    assert URIRef(f"{SITE}/vocab/urusan") in set(g.objects(catalog, DCAT.themeTaxonomy))

    # every URI of ours the feed uses answers with its SKOS description
    ours = {o for o in g.all_nodes() if isinstance(o, URIRef) and str(o).startswith(f"{SITE}/vocab/")}
    assert len(ours) >= 8
    for uri in ours:
        path = str(uri)[len(SITE):]
        response = app.get(path + ".ttl")
        assert response.status_code == 200, path
        described = Graph().parse(data=response.body, format="turtle")
        assert (uri, None, None) in described, path
        if "/vocab/ns" not in path and path.count("/") == 3:
            assert described.value(uri, SKOS.prefLabel) is not None, path


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
def test_catalogue_pages_modified_since_and_negotiation(app):
    org = factories.OpdFactory()
    names = [factories.Dataset(owner_org=org["id"])["name"] for _ in range(3)]
    g = Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    assert len(list(g.subjects(RDF.type, DCAT.Dataset))) == 2
    hydra = "http://www.w3.org/ns/hydra/core#"
    assert [str(o) for o in g.objects(None, URIRef(hydra + "totalItems"))] == ["3"]
    assert [str(o) for o in g.objects(None, URIRef(hydra + "next"))] == [f"{SITE}/catalog.ttl?page=2"]
    g2 = Graph().parse(data=app.get("/catalog.ttl?page=2").body, format="turtle")
    assert len(list(g2.subjects(RDF.type, DCAT.Dataset))) == 1
    for fmt, rdflib_format in (("rdf", "xml"), ("xml", "xml"), ("jsonld", "json-ld")):
        assert Graph().parse(data=app.get(f"/catalog.{fmt}").body, format=rdflib_format)

    newest = call_action("package_show", id=names[-1])
    last, last_id = newest["metadata_modified"], newest["id"]
    since = Graph().parse(data=app.get(f"/catalog.ttl?modified_since={last}").body, format="turtle")
    assert [str(o) for o in since.subjects(RDF.type, DCAT.Dataset)] == [f"{SITE}/dataset/{last_id}"]
    # a time with its offset (WIB) means the same moment
    wib = (datetime.datetime.fromisoformat(last) + datetime.timedelta(hours=7)).isoformat() + "+07:00"
    since = Graph().parse(data=app.get("/catalog.ttl", query_string={"modified_since": wib}).body,
                          format="turtle")
    assert [str(o) for o in since.subjects(RDF.type, DCAT.Dataset)] == [f"{SITE}/dataset/{last_id}"]
    # a wrong date or page is the client's error, not the server's
    assert "Gunakan tanggal atau waktu ISO 8601" in app.get(
        "/catalog.ttl?modified_since=kemarin", status=409).body
    assert app.get("/catalog.ttl?page=0", status=400)     # web/limits.py: a page number out of range

    turtle = app.get(f"/dataset/{names[0]}", headers={"Accept": "text/turtle"})
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    assert Graph().parse(data=turtle.body, format="turtle")
    page = app.get(f"/dataset/{names[0]}", headers={"Accept": "text/html"}).body
    # schema.org for dataset search engines, inside the page
    assert '<script type="application/ld+json">' in page and "schema.org" in page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_restricted_dataset_says_how_to_ask_for_it(app):
    org = factories.OpdFactory(email="dinsos@x.test")
    restricted = factories.Dataset(owner_org=org["id"], klasifikasi_akses="terbatas",
                                   kontak=[{"nama": "Admin Data Dinsos", "email": "admin@x.test"}])
    page = app.get(f"/dataset/{restricted['name']}").body
    assert "Data terbatas (Terbatas)." in page and f"/dataset/access/{restricted['name']}" in page
    access = app.get(f"/dataset/access/{restricted['name']}").body
    assert "mailto:dinsos@x.test?subject=" in access and "mailto:admin@x.test?subject=" in access
    assert "Ajukan akses" in access
    english = app.get(f"/en/dataset/access/{restricted['name']}").body
    assert "Request access" in english
    draft = factories.DraftDataset(owner_org=org["id"], klasifikasi_akses="terbatas")
    app.get(f"/dataset/access/{draft['name']}", status=404)
    app.get("/vocab/urusan/9.99", status=404)
    app.get("/vocab/tidak-ada.ttl", status=404)


@pytest.mark.usefixtures("with_plugins")
def test_the_code_lists_are_linked_data_and_pages(app):
    # a browser reads a page in its language, a client RDF by Accept or suffix
    page = app.get("/vocab/wilayah/36.04").body
    assert "36.04 Kabupaten Serang" in page and 'href="/vocab/wilayah/36.04.09"' in page
    assert "Education" in app.get("/en/vocab/urusan").body
    turtle = app.get("/vocab/urusan/1.01", headers={"Accept": "text/turtle"})
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.body, format="turtle")
    concept = URIRef(f"{SITE}/vocab/urusan/1.01")
    assert g.value(concept, SKOS.closeMatch) == URIRef(EU + "data-theme/EDUC")
    g = Graph().parse(data=app.get("/vocab/frekuensi/tahunan.jsonld").body, format="json-ld")
    assert g.value(URIRef(f"{SITE}/vocab/frekuensi/tahunan"), SKOS.exactMatch) == URIRef(
        EU + "frequency/ANNUAL")
    g = Graph().parse(data=app.get("/vocab/wilayah/36.04.09.rdf").body, format="xml")
    ciruas = URIRef(f"{SITE}/vocab/wilayah/36.04.09")
    assert g.value(ciruas, SKOS.broader) == URIRef(f"{SITE}/vocab/wilayah/36.04")
    assert len(list(g.objects(ciruas, SKOS.narrower))) > 10        # its desa
    g = Graph().parse(data=app.get("/vocab/ns").body, format="turtle")
    assert (URIRef("https://w3id.org/satudata/ns#satuan"), RDF.type, RDF.Property) in g


def _without_paging(body: str) -> Graph:
    g = Graph().parse(data=body, format="turtle")
    for page in list(g.subjects(RDF.type, URIRef("http://www.w3.org/ns/hydra/core#PagedCollection"))):
        g.remove((page, None, None))
    return g


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_kept_parts_give_the_page_ckanext_dcat_would(app):
    org = factories.OpdFactory(title="Dinas Lama")
    first = factories.Dataset(owner_org=org["id"], title="Satu", tahun=[2023])
    factories.Dataset(owner_org=org["id"], title="Dua", klasifikasi_akses="terbatas",
                      resources=[{"url": "http://x.test/a.csv", "format": "CSV"}])
    stock = _without_paging(app.get("/catalog.ttl?profiles=euro_dcat_ap_3,satudata").body)
    built = _without_paging(app.get("/catalog.ttl").body)
    kept = model.Session.execute(sa.text("SELECT count(*) FROM satudata_dcat_fragment")).scalar()
    assert kept == 2
    assert isomorphic(built, stock)
    assert isomorphic(_without_paging(app.get("/catalog.ttl").body), stock)   # from the kept parts

    # a dataset edited, its OPD renamed: the next page says so
    site_user = call_action("get_site_user")["name"]
    call_action("package_patch", {"user": site_user}, id=first["id"], title="Satu Baru")
    call_action("organization_patch", {"user": site_user}, id=org["id"], title="Dinas Baru")
    g = _without_paging(app.get("/catalog.ttl").body)
    assert {str(t) for t in g.objects(None, DCT.title)} >= {"Satu Baru", "Dua"}
    assert {str(n) for n in g.objects(None, FOAF.name)} >= {"Dinas Baru"}
    assert "Dinas Lama" not in {str(n) for n in g.objects(None, FOAF.name)}
    assert isomorphic(g, _without_paging(app.get("/catalog.ttl?profiles=euro_dcat_ap_3,satudata").body))
