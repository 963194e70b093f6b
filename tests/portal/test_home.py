"""The home page over HTTP: its figures, urusan tiles, latest datasets and
Data Prioritas are those of the published catalogue (portal/home.py)."""
from __future__ import annotations

import datetime
import html
import re

import pytest

from ckan.tests.helpers import call_action

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

_FILE = {"url": "https://data.example.go.id/file.csv", "format": "CSV"}


def _section(page: str, section_id: str) -> str | None:
    """The HTML of the home page's ``<section id=…>`` (None when absent)."""
    found = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    return found.group(0) if found else None


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _figures(page: str) -> list[str]:
    listed = re.search(r'<ul class="satudata-home-figures".*?</ul>', page, re.S).group(0)
    return [_text(n) for n in re.findall(r"<strong>(.*?)</strong>", listed, re.S)]


@pytest.fixture
def catalogue():
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    dukcapil = factories.OpdFactory(name="dukcapil", title="Dinas Dukcapil")
    hidden = factories.OpdFactory(name="distan", title="Dinas Pertanian")
    old = factories.Dataset(name="imunisasi", title="Cakupan Imunisasi", owner_org=dinkes["id"],
                            urusan="1.02", resources=[_FILE, {**_FILE, "format": "XLSX"}])
    factories.Dataset(name="puskesmas", title="Jumlah Puskesmas", owner_org=dinkes["id"],
                      urusan="1.02", resources=[_FILE])
    new = factories.Dataset(name="penduduk", title="Jumlah Penduduk", owner_org=dukcapil["id"],
                            urusan="2.12")
    factories.Dataset(name="padi-draf", title="Produksi Padi Draf", owner_org=hidden["id"],
                      urusan="3.27", private=True, resources=[_FILE, _FILE, _FILE, _FILE])
    return {"old": old, "new": new}


def test_figures_tiles_and_latest_are_the_published_catalogue(app, catalogue):
    page = app.get("/", status=200).body
    # datasets, OPDs and urusan with published data, files: the draft is in none
    assert _figures(page) == ["3", "2", "2", "3"]
    topics = _section(page, "home-topics")
    tiles = re.findall(r'<a href="([^"]+)">(.*?)</a>', topics, re.S)
    assert [(href, _text(body)) for href, body in tiles] == [
        ("/dataset/?urusan=1.02", "Kesehatan 2 dataset"),
        ("/dataset/?urusan=2.12", "Administrasi Kependudukan dan Pencatatan Sipil 1 dataset")]
    assert "urusan=3.27" not in page and "Produksi Padi Draf" not in page
    # a tile leads to the search filtered by its urusan
    health = app.get("/dataset/?urusan=1.02", status=200).body
    assert "Cakupan Imunisasi" in health and "Jumlah Penduduk" not in health
    latest = _text(_section(page, "home-latest"))
    assert latest.index("Jumlah Penduduk") < latest.index("Jumlah Puskesmas") \
        < latest.index("Cakupan Imunisasi")
    assert "Dinas Kesehatan" in latest and "CSV XLSX" in latest
    # without view counts (nobody has visited) there is no most-used list
    # (with them: tests/usage/test_usage.py)
    assert _section(page, "home-most-used") is None


def test_search_comes_first_and_the_steps_lead_to_search_a_dataset_and_the_api(app, catalogue):
    page = app.get("/", status=200).body
    main = page[page.index('class="satudata-home"'):]
    assert main.index('name="q"') < main.index("satudata-home-figures") < main.index('id="home-topics"')
    assert re.search(r'<form class="satudata-home-search" method="get" action="/dataset/"', main)
    steps = re.findall(r'<a href="([^"]+)">', _section(page, "home-howto"))
    assert steps == ["/dataset/", f"/dataset/{catalogue['new']['name']}", "/api"]
    english = app.get("/en/", status=200).body
    assert "How to use the data" in english and "Latest datasets" in english


def test_an_empty_catalogue_still_answers(app):
    page = app.get("/", status=200).body
    assert _figures(page) == ["0", "0", "0", "0"]
    assert _section(page, "home-prioritas") is None
    assert 'href="/dataset/"' in _section(page, "home-howto")


def _entry(opd: str, tahun: int, kode: str, judul: str, prioritas: bool) -> dict:
    return call_action("satudata_daftar_data_create", tahun=tahun, kode=kode, judul=judul,
                       owner_org=opd, frekuensi="tahunan", prioritas=prioritas)


def test_data_prioritas_are_the_daftar_data_priority_entries_of_the_year(app):
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    year = datetime.date.today().year
    _entry("dinkes", year, "DD-1", "Prevalensi Balita Stunting", True)
    _entry("dinkes", year, "DD-2", "Cakupan Air Bersih", True)
    _entry("dinkes", year, "DD-3", "Jumlah Apotek", False)
    factories.Dataset(name="stunting", title="Stunting Kabupaten", owner_org=dinkes["id"],
                      kode_daftar_data="DD-1", tahun=str(year))
    factories.Dataset(name="air-draf", owner_org=dinkes["id"], kode_daftar_data="DD-2",
                      tahun=str(year), private=True)
    section = _section(app.get("/", status=200).body, "home-prioritas")
    assert str(year) in _text(section)
    assert "Prevalensi Balita Stunting" in section and "Cakupan Air Bersih" in section
    assert "Jumlah Apotek" not in section
    # the published dataset fulfils its entry and is linked; the draft does not
    assert re.search(r'<a href="/dataset/stunting">Prevalensi Balita Stunting</a>', section)
    assert "/dataset/air-draf" not in section
    assert f'href="/daftar-data/{year}"' in section
    english = _section(app.get("/en/", status=200).body, "home-prioritas")
    assert "1 of 2 priority data in the Daftar Data are published." in _text(english)


def test_data_prioritas_fall_back_to_the_latest_earlier_year(app):
    factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    year = datetime.date.today().year
    _entry("dinkes", year - 3, "DD-OLD", "Data Prioritas Lama", True)
    _entry("dinkes", year - 2, "DD-A", "Data Prioritas Terakhir", True)
    _entry("dinkes", year + 1, "DD-NEXT", "Rencana Tahun Depan", True)
    section = _text(_section(app.get("/", status=200).body, "home-prioritas"))
    assert str(year - 2) in section and "Data Prioritas Terakhir" in section
    assert "Data Prioritas Lama" not in section and "Rencana Tahun Depan" not in section


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.page_cache.enabled", True)
def test_the_kept_home_page_is_renewed_by_a_daftar_data_change(app):
    factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    assert app.get("/").headers.get("X-Satudata-Cache") == "miss"
    assert app.get("/").headers.get("X-Satudata-Cache") == "hit"
    # written through the action alone: no other row changes with it
    _entry("dinkes", datetime.date.today().year, "DD-9", "Data Baru Prioritas", True)
    page = app.get("/")
    assert page.headers.get("X-Satudata-Cache") == "miss"
    assert "Data Baru Prioritas" in page.body


