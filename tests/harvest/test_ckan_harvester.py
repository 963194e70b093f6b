"""What the national portal's harvester reads: ckanext-harvest's ``ckan``
harvester (``CKANHarvester``) pages through this portal's action API with
its own code, the queries it builds in ``gather_stage`` (organisation and
group filters, ``metadata_modified`` ranges since its last good run) and
its paging (``sort=id asc``, 100 rows, until an empty page)."""
from __future__ import annotations

import datetime

import pytest
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester

from ckan.tests.helpers import call_action

from .. import factories
from ..dcat.test_harvest import serving
from ..review_helpers import act, dataset_in, people


def _read(url: str, fq_terms: list[str]) -> list[dict]:
    harvester = CKANHarvester()
    harvester._set_config("{}")
    return harvester._search_for_datasets(url, fq_terms)


def _since(moment: datetime.datetime) -> str:
    # gather_stage's own term: the last good run's start (UTC), a "Z" appended
    return "metadata_modified:[{since}Z TO *]".format(since=moment.isoformat())


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_ckan_harvester_reads_what_is_published_and_then_what_changed(app):
    who = people()
    published = [dataset_in(who, "published", title=f"Tayang {i}") for i in range(3)]
    other = factories.Dataset(owner_org=who.other_opd["id"], title="OPD Lain")
    group = call_action("group_create", {"user": who.sysadmin["name"]}, name="kelompok-uji",
                        title="Kelompok Uji")
    call_action("member_create", id=group["id"], object=published[0]["id"], object_type="package",
                capacity="public")
    for state in ("draft", "submitted", "returned", "approved", "unpublished"):
        dataset_in(who, state, title=f"Tidak Tayang {state}")
    private = call_action("package_show", id=published[1]["id"])
    public_ids = {d["id"] for d in published} | {other["id"]}

    with serving(app) as url:
        everything = _read(url, [])
        assert {d["id"] for d in everything} == public_ids          # nothing unpublished or pending
        assert all(d["satudata_status"] == "published" and not d["private"] for d in everything)
        assert all("urusan" in d and "klasifikasi_akses" in d for d in everything)

        # organisation and group filters, as gather_stage writes them
        opd, other_opd = who.opd["name"], who.other_opd["name"]
        assert {d["id"] for d in _read(url, [f"organization:{opd} OR organization:{other_opd}"])} \
            == public_ids
        assert {d["id"] for d in _read(url, [f"organization:{other_opd}"])} == {other["id"]}
        assert {d["id"] for d in _read(url, [f"-organization:{other_opd}"])} == public_ids - {other["id"]}
        assert {d["id"] for d in _read(url, ["groups:kelompok-uji"])} == {published[0]["id"]}
        assert {d["id"] for d in _read(url, ["-groups:kelompok-uji"])} == public_ids - {published[0]["id"]}

        # an incremental run: what changed since the last run, nothing else
        last_run = datetime.datetime.utcnow()
        assert _read(url, [_since(last_run)]) == []
        act("package_patch", who.producer, id=private["id"], satuan="persen")
        act("satudata_dataset_submit", who.producer, id=private["id"])
        act("satudata_dataset_approve", who.walidata, id=private["id"], publish=True)
        fresh = dataset_in(who, "published", title="Baru Tayang")
        act("satudata_dataset_unpublish", who.walidata, id=published[2]["id"], note="Ditinjau ulang")
        changed = _read(url, [_since(last_run)])
        assert {d["id"] for d in changed} == {private["id"], fresh["id"]}
        assert next(d for d in changed if d["id"] == private["id"])["satuan"] == "persen"
        assert {d["id"] for d in _read(url, [f"organization:{opd}", _since(last_run)])} == {
            private["id"], fresh["id"]}
        # the takedown: gone from the next full read
        assert published[2]["id"] not in {d["id"] for d in _read(url, [])}
