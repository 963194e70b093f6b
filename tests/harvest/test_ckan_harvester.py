"""What the national portal's harvester reads: ckanext-harvest's ``ckan``
harvester (``CKANHarvester``) pages through this portal's action API with
its own code (``read_site.py``, in its own process), the queries it builds
in ``gather_stage`` (organisation and group filters, ``metadata_modified``
ranges since its last good run) and its paging (``sort=id asc``, 100 rows,
until an empty page)."""
from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ckan.model as model
from ckan.tests.helpers import call_action

from .. import factories
from ..dcat.test_harvest import serving
from ..review_helpers import act, dataset_in, people


def _read(url: str, **queries: list[str]) -> dict[str, set[str]]:
    """The ids the harvester reads for each query; checks each dataset it
    gets is a published, public one with its Satu Data fields."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("read_site.py")), url,
                           json.dumps(queries)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    read = json.loads(done.stdout.strip().splitlines()[-1])
    for datasets in read.values():
        for d in datasets:
            assert d["satudata_status"] == "published" and not d["private"]
            # the Satu Data fields also as extras: what a CKAN without our schema keeps
            extras = {e["key"]: e["value"] for e in d["extras"]}
            for field in ("urusan", "frekuensi", "klasifikasi_akses"):
                assert extras[field] == d[field], field
            assert json.loads(extras["kontak"]) == d["kontak"]
    return {name: {d["id"] for d in datasets} for name, datasets in read.items()}


def _since(moment: datetime.datetime) -> str:
    # gather_stage's own term: the last good run's start (UTC), a "Z" appended
    return "metadata_modified:[{since}Z TO *]".format(since=moment.isoformat())


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_ckan_harvester_reads_what_is_published_and_then_what_changed(app):
    who = people()
    contact = [{"nama": "Admin Data", "email": "data@example.test"}]
    published = [dataset_in(who, "published", title=f"Tayang {i}", kontak=contact) for i in range(3)]
    other = factories.Dataset(owner_org=who.other_opd["id"], title="OPD Lain", kontak=contact)
    group = call_action("group_create", {"user": who.sysadmin["name"]}, name="kelompok-uji",
                        title="Kelompok Uji")
    call_action("member_create", id=group["id"], object=published[0]["id"], object_type="package",
                capacity="public")
    for state in ("draft", "submitted", "returned", "approved", "unpublished"):
        dataset_in(who, state, title=f"Tidak Tayang {state}")
    edited = published[1]
    public = {d["id"] for d in published} | {other["id"]}
    opd, other_opd = who.opd["name"], who.other_opd["name"]

    with serving(app) as url:
        read = _read(url, everything=[],
                     either=[f"organization:{opd} OR organization:{other_opd}"],
                     one=[f"organization:{other_opd}"], not_one=[f"-organization:{other_opd}"],
                     group=["groups:kelompok-uji"], not_group=["-groups:kelompok-uji"])
        assert read == {"everything": public, "either": public, "one": {other["id"]},
                        "not_one": public - {other["id"]}, "group": {published[0]["id"]},
                        "not_group": public - {published[0]["id"]}}     # nothing unpublished or pending

        # an incremental run: what changed since the last run, nothing else
        last_run = datetime.datetime.utcnow()
        act("package_patch", who.producer, id=edited["id"], satuan="persen")
        act("satudata_dataset_submit", who.producer, id=edited["id"])
        act("satudata_dataset_approve", who.walidata, id=edited["id"], publish=True)
        fresh = dataset_in(who, "published", title="Baru Tayang", kontak=contact)
        act("satudata_dataset_unpublish", who.walidata, id=published[2]["id"], note="Ditinjau ulang")
        read = _read(url, changed=[_since(last_run)], changed_here=[f"organization:{opd}", _since(last_run)],
                     everything=[])
    assert read["changed"] == read["changed_here"] == {edited["id"], fresh["id"]}
    # the takedown: gone from the next full read
    assert read["everything"] == public - {published[2]["id"]} | {fresh["id"]}

    # a search result written back as it is: its extras copies are not saved twice
    result = call_action("package_search", fq=f"id:{fresh['id']}")["results"][0]
    assert {e["key"] for e in result["extras"]} >= {"urusan", "kontak"}
    call_action("package_update", {"user": who.sysadmin["name"]}, **{**result, "title": "Baru Disunting"})
    stored = model.Package.get(fresh["id"])
    assert stored.title == "Baru Disunting" and stored.extras["urusan"] == fresh["urusan"]
