"""A dataset's page opens with what the data is and how to get it, in this
order (issue 18, point 3): its title, the OPD, the access classification,
the dates (published, last updated, the next update the schedule expects),
the formats, then the files with their button, "Unduh", or "Ajukan akses"
for a Terbatas dataset; the description and the full metadata after."""
from __future__ import annotations

import re

import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
HTML = {"Accept": "text/html"}
_FILE = {"url": "https://data.example.go.id/penduduk.csv", "format": "CSV", "name": "Tabel"}


@pytest.fixture
def opd():
    return factories.OpdFactory(name="dukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")


def _at(page: str, pattern: str) -> int:
    found = re.search(pattern, page, re.S)
    assert found, f"{pattern!r} is not on the page"
    return found.start()


def test_the_page_opens_with_the_facts_then_the_files(app, opd):
    factories.Dataset(name="penduduk", title="Jumlah Penduduk per Kecamatan", owner_org=opd["id"],
                      frekuensi="tahunan", notes="Penduduk menurut kecamatan dan jenis kelamin.",
                      resources=[_FILE, {**_FILE, "format": "XLSX", "name": "Tabel XLSX"}])
    page = app.get("/dataset/penduduk", headers=HTML, status=200).body
    order = [
        _at(page, r'<h1 class="satudata-dataset-title">\s*Jumlah Penduduk per Kecamatan'),
        _at(page, r'satudata-fact-opd.*?Dinas Kependudukan dan Pencatatan Sipil'),
        _at(page, r'satudata-fact-akses.*?Terbuka'),
        _at(page, r'satudata-fact-published">\s*<dt>Ditayangkan</dt>'),
        _at(page, r'satudata-fact-updated">\s*<dt>Terakhir dimutakhirkan</dt>'),
        _at(page, r'satudata-fact-next.*?<dt>Jadwal pemutakhiran berikutnya</dt>'),
        _at(page, r'satudata-fact-formats.*?data-format="csv".*?data-format="xlsx"'),
        _at(page, r'class="btn btn-primary resource-url-analytics satudata-download"'),
        _at(page, r'satudata-description.*?Penduduk menurut kecamatan dan jenis kelamin'),
    ]
    assert order == sorted(order)
    assert page.count("satudata-download") >= 2 and "satudata-request-access" not in page
    next_due = re.search(r'satudata-fact-next.*?<time datetime="([^"]+)"', page, re.S).group(1)
    assert re.match(r"\d{4}-\d{2}-\d{2}", next_due)


def test_a_terbatas_dataset_offers_a_request_instead_of_the_download(app, opd):
    factories.Dataset(name="nik", title="Data NIK per Desa", owner_org=opd["id"],
                      klasifikasi_akses="terbatas", resources=[_FILE])
    page = app.get("/dataset/nik", headers=HTML, status=200).body
    assert _at(page, r"satudata-fact-akses.*?Terbatas") < _at(page, r"satudata-request-access")
    assert "satudata-download" not in page and _FILE["url"] not in page
