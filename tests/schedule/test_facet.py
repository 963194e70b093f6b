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


def test_sort_by_next_due_date_keeps_ad_hoc_last_both_ways(catalogue):  # noqa: F811
    names = [d["name"] for d in _search(sort="jadwal_jatuh_tempo desc", rows=50)["results"]]
    assert names == ["mutakhir-tahunan", "lain-terlambat", "jatuh-tempo-tahunan",
                     "sangat-terlambat-bulanan", "terlambat-tahunan", "tidak-berkala"]


def _by_status(found):
    return found["facets"]["jadwal_status"]


def test_status_counts_are_the_same_from_kept_counts_and_from_the_hits(catalogue):  # noqa: F811
    """The landing search (CKAN's filters only) sums the kept counts of the
    days; any other query counts over its hits: both say the same, and what
    each dataset's own status says."""
    expected: dict[str, int] = {}
    for name in [*AGED, "lain-terlambat"]:
        status = call_action("package_show", id=name)["satudata_jadwal"]["status"]
        expected[status] = expected.get(status, 0) + 1
    kept = _search(**{"facet.field": ["jadwal_status"]})
    counted = _search(fq="-name:tidak-ada", **{"facet.field": ["jadwal_status"]})
    assert _by_status(kept) == _by_status(counted) == expected


def test_facet_queries_on_day_fields(catalogue, monkeypatch):  # noqa: F811
    """Solr's facet.query on the PostgreSQL connection: ranges and presence
    of a day field, from the kept counts and over the hits alike; a bound
    that is no day compares as text (as Solr's string field) and fails
    nobody."""
    import datetime

    from ckan.lib.search.common import make_connection

    today = datetime.date.today().isoformat()
    queries = [f"jadwal_jatuh_tempo:[* TO {today}]", "jadwal_jatuh_tempo:*",
               f"jadwal_terlambat:{{{today} TO *]", "jadwal_sangat_terlambat:[2026-13-45 TO *]"]
    from ckan.plugins.toolkit import config
    fq = [f"+site_id:{config['ckan.site_id']}", "+state:active", "+capacity:public"]
    shown = {n: call_action("package_show", id=n)["satudata_jadwal"] for n in [*AGED, "lain-terlambat"]}
    due = [j["next_due"][:10] for j in shown.values() if j["next_due"]]
    expected = {queries[0]: sum(d <= today for d in due), queries[1]: len(due),
                queries[2]: sum(j["overdue_from"][:10] > today for j in shown.values()
                                if j["overdue_from"]),
                queries[3]: sum(j["delinquent_from"][:10] >= "2026-13-45" for j in shown.values()
                                if j["delinquent_from"])}
    from ckanext.satudata.search import cache, counts
    monkeypatch.setattr(cache, "get", lambda conn, parts: (None, None))   # count every time
    summed = []
    monkeypatch.setattr(counts, "sum_ranges", lambda *a, _sum=counts.sum_ranges, **k:
                        summed.append(a[2]) or _sum(*a, **k))
    for asked in (queries[:3], queries):
        for filters in (fq, fq + ["-name:tidak-ada"]):
            found = make_connection().search("*:*", fq=filters, rows=0, **{"facet.query": asked})
            assert found.facets["facet_queries"] == {q: expected[q] for q in asked}
    assert len(summed) == 1 and len(summed[0]) == 3      # only days' ranges, only CKAN's filters
    assert 0 < expected[queries[0]] < expected[queries[1]]


def test_the_schedule_days_are_the_search_day_columns():
    import importlib

    from ckanext.satudata.schedule.sync import INDEX_FIELDS
    from ckanext.satudata.search.fields import DAY_COLUMNS
    revision = importlib.import_module(
        "ckanext.satudata.migration.satudata.versions.0010_search_days")
    assert set(INDEX_FIELDS.values()) == set(DAY_COLUMNS) and revision.DAYS == DAY_COLUMNS


def test_revision_0010_fills_the_day_columns_from_the_payloads(catalogue, monkeypatch):  # noqa: F811
    """Documents indexed before the columns existed get them from their
    payload; the columns then hold what the index writes."""
    import importlib

    import ckan.model as model
    import sqlalchemy as sa
    revision = importlib.import_module(
        "ckanext.satudata.migration.satudata.versions.0010_search_days")
    read = sa.text("SELECT name, jadwal_due, jadwal_overdue, jadwal_delinquent "
                   "FROM satudata_search_doc ORDER BY name")
    written = model.Session.execute(read).all()
    assert sum(r.jadwal_due is not None for r in written) >= 5
    model.Session.execute(sa.text(
        "UPDATE satudata_search_doc SET jadwal_due = NULL, jadwal_overdue = NULL, "
        "jadwal_delinquent = NULL"))
    monkeypatch.setattr(revision, "op", type("Op", (), {"execute": staticmethod(
        lambda sql: model.Session.execute(sa.text(sql.replace(":", r"\:"))))}))
    revision.upgrade()
    try:
        assert model.Session.execute(read).all() == written
    finally:
        model.Session.commit()
