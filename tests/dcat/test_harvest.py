"""A second Satu Data portal harvests this one's DCAT feed for real:
ckanext-harvest with ckanext-dcat's ``dcat_rdf`` harvester and its Redis
queue, in its own process, configuration and database
(config/harvest-test.ini, tests/dcat/harvest_site.py), reading the feed
over HTTP from this test portal."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF
from werkzeug.serving import make_server

from ckan.tests.helpers import call_action

from .. import factories, workers
from ..review_helpers import act, dataset_in, people
from . import checks

ROOT = Path(__file__).resolve().parents[2]
HARVEST_INI = ROOT / "config" / "harvest-test.ini"


@contextmanager
def serving(app):
    """This test portal on a real port, answering from its own thread (its
    own database session: it reads what the test committed)."""
    server = make_server("127.0.0.1", 0, app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def serving_text(body: str | Callable[[], str]):
    """A feed of our making on a real port (Turtle, one page; ``body`` may
    be a function, called on every request)."""
    class Feed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = (body() if callable(body) else body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/catalog.ttl"
    finally:
        server.shutdown()


def _second_site(command: list[str]) -> subprocess.CompletedProcess:
    # its own database, Redis database (it empties it on --reset) and storage
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env=workers.harvest_site_env())


def harvest(url: str, reset: bool = False, run: bool = True, api: bool = False,
            local: str | None = None) -> dict:
    """One harvest job on the second site (``run``); what it holds afterwards."""
    done = _second_site([sys.executable, str(Path(__file__).with_name("harvest_site.py")),
                         str(HARVEST_INI), url] + (["--reset"] if reset else [])
                        + ([] if run else ["--no-run"]) + (["--api"] if api else [])
                        + ([f"--local={local}"] if local else []))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_command() -> subprocess.CompletedProcess:
    """``ckan satudata harvest run`` on the second site, as the walidata runs it."""
    return _second_site([str(Path(sys.executable).with_name("ckan")), "-c", str(HARVEST_INI),
                         "satudata", "harvest", "run", "satudata-serang"])


def _resources(n: int) -> list[dict]:
    return [{"name": f"Tabel {i}", "url": f"http://data.example.test/tabel-{i}.csv",
             "format": "CSV", "language": "id", "tahun": [2023]} for i in range(n)]


def _source(who, hidden_states: tuple[str, ...]) -> tuple[dict, dict, dict, dict]:
    """The source portal's datasets: three published (one statistical and to
    be edited, one Terbatas, one to be taken down), one approved (to be
    published), and one in each of ``hidden_states`` (never harvested)."""
    common = {"tahun": [2022, 2023], "satuan": "jiwa", "kode_daftar_data": "DD.2023.9.99.001",
              "kontak": [{"nama": "Admin Data", "email": "data@example.test", "telepon": "0254 1"}]}
    edited = dataset_in(who, "published", title="Statistik Disunting", resources=_resources(2),
                        **common, **checks.statistical())
    kept = dataset_in(who, "published", title="Data Terbatas Tetap", resources=_resources(1),
                      klasifikasi_akses="terbatas", **common)
    withdrawn = dataset_in(who, "published", title="Data Diturunkan", resources=_resources(1))
    approved = dataset_in(who, "approved", title="Data Disetujui", resources=_resources(1))
    for state in hidden_states:
        dataset_in(who, state, title=f"Tidak Tayang {state}", resources=_resources(1))
    return edited, kept, withdrawn, approved


def _change_at_source(who, edited: dict, approved: dict, withdrawn: dict) -> None:
    """At the source: an approved edit, a new publication, a takedown."""
    act("package_patch", who.producer, id=edited["id"], satuan="persen")
    act("satudata_dataset_submit", who.producer, id=edited["id"])
    act("satudata_dataset_approve", who.walidata, id=edited["id"], publish=True)
    act("satudata_dataset_publish", who.walidata, id=approved["id"])
    act("satudata_dataset_unpublish", who.walidata, id=withdrawn["id"], note="Ditinjau ulang")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_harvester_copies_exactly_the_published_datasets_then_only_changes(app):
    who = people()
    edited, kept, withdrawn, approved = _source(who, ("draft", "submitted", "returned", "unpublished"))

    with serving(app) as url:
        first = harvest(url + "/catalog.ttl", reset=True)
        assert first["errors"] == []
        assert first["stats"]["added"] == 3
        copies = {d["title"]: d for d in first["datasets"]}
        assert set(copies) == {"Statistik Disunting", "Data Terbatas Tetap", "Data Diturunkan"}
        for source in (edited, kept, withdrawn):
            source = call_action("package_show", id=source["id"])
            assert checks.satudata_fields(copies[source["title"]]) == checks.satudata_fields(source)
        # a restricted dataset's files are not copied: the copy points at the request page
        assert [r["url"] for r in copies["Data Terbatas Tetap"]["resources"]] == [
            f"http://test.ckan.net/dataset/access/{kept['name']}"]
        # each under the OPD that produced it, made here as an OPD of the source's pemda
        orgs = {o["id"]: o for o in first["organizations"]}
        for source in (edited, kept, withdrawn):
            opd = orgs[copies[source["title"]]["owner_org"]]
            assert (opd["pemda_asal"], opd["kode_wilayah"], opd["induk"]) == ("36.04", "36.04", "kab-serang")
            assert (opd["kode_opd"], opd["title"]) == (
                who.opd["kode_opd"], f"{who.opd['title']} (Pemerintah Kabupaten Serang)")
            assert copies[source["title"]]["url"] == f"http://test.ckan.net/dataset/{source['name']}"
        assert len({d["owner_org"] for d in first["datasets"]}) == 1
        # published at the source, published here in the same write, recorded as harvested
        assert {(d["satudata_status"], d["private"]) for d in first["datasets"]} == {
            ("published", False)}
        assert set(map(tuple, first["review"].values())) == {("harvest",)}

        # at the source: an approved edit, a new publication, a takedown
        _change_at_source(who, edited, approved, withdrawn)

        # the walidata's command, with its progress bar
        done = _run_command()
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Records of satudata-serang" in done.stdout + done.stderr
        assert "4 records; 1 added, 1 updated, 1 not modified, 1 deleted, 0 errored" in done.stdout
        second = harvest(url + "/catalog.ttl", run=False)
    assert second["errors"] == []
    stats = second["stats"]
    assert (stats["added"], stats["updated"], stats["deleted"], stats["not modified"]) == (1, 1, 1, 1)
    copies = {d["title"]: d for d in second["datasets"]}
    assert set(copies) == {"Statistik Disunting", "Data Terbatas Tetap", "Data Disetujui"}
    assert copies["Statistik Disunting"]["satuan"] == "persen"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_bad_record_is_reported_and_the_job_goes_on(app):
    org = factories.OpdFactory()
    factories.Dataset(owner_org=org["id"], title="Data Baik")
    bad = factories.Dataset(owner_org=org["id"], title="Data Rusak")
    feed = Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    # the receiving portal requires a description: this record cannot be saved there
    feed.remove((URIRef(f"http://test.ckan.net/dataset/{bad['id']}"), DCTERMS.description, None))
    with serving_text(feed.serialize(format="turtle")) as url:
        harvest(url, reset=True, run=False)
        done = _run_command()
        after = harvest(url, run=False)
    assert done.returncode == 1
    assert "1 added" in done.stdout and "1 errored" in done.stdout
    assert "error: " in done.stderr and "Data Rusak" not in {d["title"] for d in after["datasets"]}
    assert [d["title"] for d in after["datasets"]] == ["Data Baik"]
    assert len(after["errors"]) == 1


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_feed_that_fails_part_way_leaves_the_source_ready_for_its_next_run(app):
    from ckanext.dcat.processors import HYDRA
    org = factories.OpdFactory()
    factories.Dataset(owner_org=org["id"], title="Data Baik")
    whole = app.get("/catalog.ttl").body
    broken = Graph().parse(data=whole, format="turtle")
    view = URIRef("http://test.ckan.net/catalog.ttl?page=1")
    broken.add((view, RDF.type, HYDRA.PartialCollectionView))
    broken.add((view, HYDRA.next, URIRef("http://127.0.0.1:1/catalog.ttl?page=2")))  # unreachable
    served = [broken.serialize(format="turtle")]
    with serving_text(lambda: served[0]) as url:
        first = harvest(url, reset=True)
        served[0] = whole
        second = harvest(url)       # refused while the first job's records waited
    assert "127.0.0.1:1/catalog.ttl?page=2" in " ".join(first["errors"])
    assert first["datasets"] == []
    assert [d["title"] for d in second["datasets"]] == ["Data Baik"]
    assert second["stats"].get("added") == 1


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_portal_harvests_another_through_its_action_api(app):
    who = people()
    edited, kept, withdrawn, approved = _source(who, ("submitted",))

    with serving(app) as url:
        first = harvest(url, reset=True, api=True)
        assert first["errors"] == [] and first["stats"]["added"] == 3
        copies = {d["title"]: d for d in first["datasets"]}
        assert set(copies) == {"Statistik Disunting", "Data Terbatas Tetap", "Data Diturunkan"}
        orgs = {o["id"]: o for o in first["organizations"]}
        for source in (edited, kept, withdrawn):
            source = call_action("package_show", id=source["id"])
            copy = copies[source["title"]]
            fields = checks.satudata_fields(source)
            if source["klasifikasi_akses"] == "terbatas":     # the anonymous reader never had them
                for resource in fields["resources"]:
                    resource.pop("url", None)
            assert checks.satudata_fields(copy) == fields
            assert (copy["satudata_status"], copy["private"]) == ("published", False)
            assert copy["url"] == f"{url}/dataset/{source['name']}"
            opd = orgs[copy["owner_org"]]
            assert (opd["pemda_asal"], opd["kode_opd"], opd["induk"]) == (
                "36.04", who.opd["kode_opd"], "kab-serang")
        assert [r["url"] for r in copies["Data Terbatas Tetap"]["resources"]] == [
            f"{url}/dataset/access/{kept['name']}"]

        _change_at_source(who, edited, approved, withdrawn)
        second = harvest(url)
        assert second["errors"] == []
        stats = second["stats"]
        # only what changed is read again; the takedown reaches the copy
        assert (stats["added"], stats["updated"], stats["deleted"]) == (1, 1, 1)
        copies = {d["title"]: d for d in second["datasets"]}
        assert set(copies) == {"Statistik Disunting", "Data Terbatas Tetap", "Data Disetujui"}
        assert copies["Statistik Disunting"]["satuan"] == "persen"

        # published again at the source: the copy comes back, published
        act("satudata_dataset_submit", who.producer, id=withdrawn["id"])
        act("satudata_dataset_approve", who.walidata, id=withdrawn["id"], publish=True)
        third = harvest(url)
    assert third["errors"] == [] and third["stats"]["deleted"] == 0
    back = {d["title"]: d for d in third["datasets"]}["Data Diturunkan"]
    assert (back["state"], back["satudata_status"], back["private"]) == ("active", "published", False)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_api_source_never_writes_over_a_local_dataset_nor_empties_the_portal(app):
    who = people()
    same_id = dataset_in(who, "published", title="Data Sumber", resources=_resources(1))
    other = dataset_in(who, "published", title="Data Lain", resources=_resources(1))
    with serving(app) as url:
        first = harvest(url, reset=True, api=True, local=same_id["id"])
        # the source's dataset with this portal's own id is refused, the other arrives
        assert first["stats"]["added"] == 1 and first["stats"]["errored"] == 1
        assert any("left alone" in e or "dibiarkan" in e for e in first["errors"]), first["errors"]
        titles = {d["id"]: d["title"] for d in first["datasets"]}
        assert titles[same_id["id"]] == "Data Lokal" and "Data Lain" in titles.values()

        # a source that suddenly lists nothing is taken for broken: nothing is deleted
        for dataset in (same_id, other):
            act("satudata_dataset_unpublish", who.walidata, id=dataset["id"], note="Ditinjau ulang")
        second = harvest(url)
    assert second["stats"]["deleted"] == 0
    assert "Data Lain" in {d["title"] for d in second["datasets"]}
    assert any("no datasets" in e or "tidak mencantumkan" in e for e in second["errors"]), second["errors"]
