"""A small Indonesian catalogue that the search tests query."""
from __future__ import annotations

import pytest

from ckan.tests import helpers

from tests.factories import REQUIRED

from tests import factories


def _res(fmt: str, name: str = "Tabel") -> dict:
    return {"url": f"http://example.test/{name}.{fmt.lower()}", "format": fmt, "name": name}


@pytest.fixture
def corpus(clean_db, clean_index):
    """Three OPDs, public, private and draft datasets; returns names → dicts."""
    return _build_corpus()


_read_built: dict = {"key": None, "corpus": None}


@pytest.fixture(scope="class")
def read_corpus(request, reset_db, migrate_db_for):
    """The same catalogue for a class whose tests only read it, built once
    and handed on to the module's next reading class as long as nothing reset
    the portal or emptied the index in between (each build costs over a
    second; the suite has a time budget)."""

    from tests.conftest import plugins_loaded, reset_portal, resets
    plugins_loaded()          # once per run (tests/conftest.py)
    if _read_built["key"] != (request.module.__name__, resets["count"]):
        reset_portal(reset_db, migrate_db_for)
        _read_built["corpus"] = _build_corpus()
        _read_built["key"] = (request.module.__name__, resets["count"])
    return _read_built["corpus"]


def _build_corpus() -> dict:
    sysadmin = factories.Sysadmin()
    editor = factories.UserWithToken()
    outsider = factories.UserWithToken()
    dukcapil = factories.Organization(name="disdukcapil",
                                      title="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan",
                                    users=[{"name": editor["name"], "capacity": "editor"}])
    dindik = factories.Organization(name="dindikbud", title="Dinas Pendidikan dan Kebudayaan")
    factories.Organization(name="bappeda", title="Badan Perencanaan Pembangunan Daerah",
                           users=[{"name": outsider["name"], "capacity": "editor"}])
    group = factories.Group(name="sosial", title="Sosial")

    def make(name, title, org, notes="", tags=(), resources=(), **kw):
        return factories.Dataset(
            name=name, title=title, notes=notes, owner_org=org["id"],
            tags=[{"name": t} for t in tags], resources=list(resources),
            license_id=kw.pop("license_id", "cc-by"), **kw)

    d = {}
    d["jumlah-penduduk"] = make(
        "jumlah-penduduk", "Jumlah Penduduk Menurut Kecamatan 2023", dukcapil,
        "Data penduduk per kecamatan dan jenis kelamin.", ["penduduk", "demografi"],
        [_res("CSV")], version="2023", author="Bidang Pendaftaran Penduduk",
        groups=[{"name": group["name"]}])
    d["statistik-kependudukan"] = make(
        "statistik-kependudukan", "Statistik Kependudukan Kabupaten Serang", dukcapil,
        "Agregat data kependudukan semester pertama.", ["kependudukan"],
        [_res("XLSX")], version="2022")
    d["fasilitas-kesehatan"] = make(
        "fasilitas-kesehatan", "Jumlah Fasilitas Kesehatan", dinkes,
        "Puskesmas, puskesmas pembantu dan klinik.", ["kesehatan", "puskesmas"],
        [_res("CSV", "Daftar Puskesmas"), _res("PDF", "Peta Sebaran")], version="2021")
    d["imunisasi"] = make(
        "imunisasi", "Cakupan Imunisasi Dasar Lengkap", dinkes,
        "Persentase bayi yang mendapat imunisasi dasar lengkap.", ["kesehatan", "imunisasi"],
        [_res("XLSX")], version="2020", license_id="odc-odbl",
        groups=[{"name": group["name"]}])
    d["putus-sekolah"] = make(
        "putus-sekolah", "Angka Putus Sekolah SD dan SMP", dindik,
        "Jumlah siswa yang putus sekolah menurut jenjang.", ["pendidikan"],
        [_res("CSV")], version="2019")
    d["kafe"] = make(
        "kafe", "Daftar Café dan Rumah Makan", dinkes,
        "Usaha kuliner yang diawasi keamanan pangannya.", ["kuliner"], [_res("JSON")])
    d["penduduk-miskin"] = make(
        "penduduk-miskin", "Data Penduduk Miskin per Desa", dinkes,
        "Data terbatas untuk OPD.", ["penduduk"], [_res("CSV")], private=True)
    d["draf-sekolah"] = helpers.call_action(
        "package_create", **REQUIRED, context={"user": editor["name"]}, name="draf-sekolah",
        title="Draf Data Sekolah Kesehatan", owner_org=dinkes["id"], state="draft")
    return {
        "datasets": d, "sysadmin": sysadmin, "editor": editor, "outsider": outsider,
        "orgs": {"disdukcapil": dukcapil, "dinkes": dinkes, "dindikbud": dindik},
        "group": group,
    }


def search(user: str | None = "", **params) -> dict:
    """package_search as ``user`` ('' = anonymous, None = ignore auth)."""
    context = {"ignore_auth": True} if user is None else {"user": user, "ignore_auth": False}
    return helpers.call_action("package_search", context=context, **params)


def names(result: dict) -> list[str]:
    return [r["name"] if isinstance(r, dict) else r for r in result["results"]]
