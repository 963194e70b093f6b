"""The schedule status as a search facet, a filter and a sort, right on the
day they are asked (the index holds the thresholds as days)."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

from ..schedule_helpers import AGED, catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("with_plugins")

PUBLIC = {status for _f, _d, status in AGED.values()}


def _search(**params):
    return call_action("package_search", {"ignore_auth": False, "user": ""}, **params)


def test_status_facet_counts_each_status(catalogue):  # noqa: F811
    found = _search(q="*:*", **{"facet.field": ["jadwal_status", "organization"]})
    assert found["facets"]["jadwal_status"] == {
        "mutakhir": 1, "jatuh_tempo": 1, "terlambat": 2, "sangat_terlambat": 1, "tidak_berkala": 1}
    items = {i["name"]: i for i in found["search_facets"]["jadwal_status"]["items"]}
    assert items["terlambat"]["count"] == 2
    assert found["facets"]["organization"] == {"dinkes": 5, "dindik": 1}


def test_status_facet_follows_the_query(catalogue):  # noqa: F811
    found = _search(fq="organization:dindik", **{"facet.field": ["jadwal_status"]})
    assert found["facets"]["jadwal_status"] == {"terlambat": 1}


@pytest.mark.parametrize("status", sorted(PUBLIC))
def test_filter_by_status(catalogue, status):  # noqa: F811
    names = {d["name"] for d in _search(fq=f'jadwal_status:"{status}"', rows=50)["results"]}
    expected = {n for n, (_f, _d, s) in AGED.items() if s == status}
    if status == "terlambat":
        expected.add("lain-terlambat")
    assert names == expected
    assert all(d["satudata_jadwal"]["status"] == status
               for d in _search(fq=f"jadwal_status:{status}")["results"])


def test_sort_by_next_due_date(catalogue):  # noqa: F811
    names = [d["name"] for d in _search(sort="jadwal_jatuh_tempo asc", rows=50)["results"]]
    assert names == ["terlambat-tahunan", "sangat-terlambat-bulanan", "jatuh-tempo-tahunan",
                     "lain-terlambat", "mutakhir-tahunan", "tidak-berkala"]


def test_dataset_page_offers_the_facet(app, catalogue):  # noqa: F811
    page = app.get("/dataset/", query_string={"jadwal_status": "terlambat"}).get_data(as_text=True)
    assert "Jadwal Pemutakhiran" in page
    assert "Terlambat Tahunan" in page and "Mutakhir Tahunan" not in page
