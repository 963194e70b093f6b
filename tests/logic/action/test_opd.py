"""The OPD organization schema and satudata_opd_import."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "in_request")

ROW = {"name": "dinkes", "title": "Dinas Kesehatan", "kode_opd": "1.02.0.00.0.00.01.0000",
       "singkatan": "Dinkes", "jenis_instansi": "department", "urusan": "1.02", "kode_wilayah": "36.04",
       "induk": "", "alamat": "Jl. Veteran 1", "telepon": "(0254) 280100",
       "email": "dinkes@serangkab.go.id", "website": "https://dinkes.serangkab.go.id",
       "description": "Urusan kesehatan."}


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def run(sysadmin):
    def run(rows, **kw):
        return helpers.call_action("satudata_opd_import", context={"user": sysadmin["name"]},
                                   rows=rows, **kw)
    return run


def _org(name):
    return helpers.call_action("organization_show", id=name, include_extras=True)


class TestSchema:
    def test_an_opd_with_every_field(self, run):
        assert run([ROW])[0]["status"] == "created"
        org = _org("dinkes")
        assert (org["kode_opd"], org["singkatan"], org["jenis_instansi"]) == \
            ("1.02.0.00.0.00.01.0000", "Dinkes", "department")
        assert org["urusan"] == ["1.02"] and org["kode_wilayah"] == "36.04"

    @pytest.mark.parametrize("change, field, message", [
        ({"kode_opd": ""}, "kode_opd", "Wajib diisi"),
        ({"jenis_instansi": "kementerian"}, "jenis_instansi", "kementerian tidak ada dalam daftar Jenis Instansi"),
        ({"urusan": "1.02;9.99"}, "urusan", "9.99 tidak ada dalam daftar Urusan Utama"),
        ({"kode_wilayah": "36.04.99"}, "kode_wilayah", "Kode wilayah tidak dikenal: 36.04.99"),
        ({"induk": "tidak-ada"}, "induk", "OPD tidak dikenal: tidak-ada"),
        ({"telepon": "telepon"}, "telepon", "Nomor telepon tidak sah: telepon"),
        ({"email": "dinkes"}, "email", "Alamat surel tidak sah: dinkes"),
    ])
    def test_bad_rows_are_refused_with_field_errors(self, run, change, field, message):
        result = run([{**ROW, **change}])[0]
        assert result["status"] == "error"
        assert message in " ".join(result["errors"][field])
        with pytest.raises(tk.ObjectNotFound):
            _org("dinkes")

    def test_kode_opd_is_unique(self, run):
        run([ROW])
        result = run([{**ROW, "name": "dinkes-2"}])[0]
        assert result["errors"]["kode_opd"] == ["Kode 1.02.0.00.0.00.01.0000 sudah dipakai oleh OPD dinkes"]

    def test_a_code_is_unique_within_one_pemda_whose_mark_only_a_sysadmin_sets(self, run, sysadmin):
        run([ROW])
        # another government's Dinkes, harvested here, has the same official code
        other = helpers.call_action("organization_create", {"user": sysadmin["name"]},
                                    **{**ROW, "name": "dinkes-36-01", "pemda_asal": "36.01"})
        assert other["pemda_asal"] == "36.01" and other["kode_opd"] == ROW["kode_opd"]
        with pytest.raises(tk.ValidationError, match="sudah dipakai"):
            helpers.call_action("organization_create", {"user": sysadmin["name"]},
                                **{**ROW, "name": "dinkes-36-01-b", "pemda_asal": "36.01"})
        # the OPD's own admin cannot move it to another pemda (nor their own under a harvested one's)
        admin = factories.User()
        helpers.call_action("organization_member_create", id="dinkes", username=admin["name"], role="admin")
        helpers.call_action("organization_patch", {"user": admin["name"], "ignore_auth": False},
                            id="dinkes", pemda_asal="36.01", alamat="Jl. Baru 2")
        assert (_org("dinkes").get("pemda_asal"), _org("dinkes")["alamat"]) == (None, "Jl. Baru 2")
        helpers.call_action("organization_member_create", id="dinkes-36-01", username=admin["name"],
                            role="admin")
        helpers.call_action("organization_patch", {"user": admin["name"], "ignore_auth": False},
                            id="dinkes-36-01", pemda_asal="")
        assert _org("dinkes-36-01")["pemda_asal"] == "36.01"

    def test_units_sit_under_their_parent_and_never_under_themselves(self, app, run, sysadmin):
        rows = [{**ROW, "name": "uptd-puskesmas", "kode_opd": "1.02.0.00.0.00.01.0001",
                 "jenis_instansi": "technical_unit", "induk": "dinkes"}, ROW]
        # the parent is written first even though the file lists it second
        assert [r["status"] for r in run(rows)] == ["created", "created"]
        assert _org("uptd-puskesmas")["induk"] == "dinkes"
        about = app.get("/organization/about/uptd-puskesmas").body
        assert '<a href="/organization/dinkes">Dinas Kesehatan</a>' in about     # the parent, named
        assert 'title="technical_unit">Unit Pelaksana Teknis Daerah (UPTD)</span>' in about   # names, not codes
        assert 'title="1.02">Kesehatan</span>' in about and "['1.02']" not in about
        with pytest.raises(tk.ValidationError) as raised:
            helpers.call_action("organization_patch", context={"user": sysadmin["name"]},
                                id="dinkes", induk="uptd-puskesmas")
        assert raised.value.error_dict["induk"] == [
            "OPD tidak dapat berinduk pada dirinya sendiri atau pada salah satu unit di bawahnya"]
        with pytest.raises(tk.ValidationError):
            helpers.call_action("organization_patch", context={"user": sysadmin["name"]},
                                id="dinkes", induk="dinkes")


class TestImport:
    def test_idempotent_and_updates_only_what_changed(self, run):
        assert run([ROW])[0]["status"] == "created"
        assert run([ROW])[0]["status"] == "unchanged"
        assert run([{**ROW, "singkatan": "DINKES"}])[0]["status"] == "updated"
        assert _org("dinkes")["singkatan"] == "DINKES"

    def test_a_bad_row_does_not_stop_the_others(self, run):
        rows = [ROW, {**ROW, "name": "dishub", "kode_opd": "2.15", "jenis_instansi": "?"},
                {**ROW, "name": "dlh", "kode_opd": "2.11", "urusan": "2.11"}]
        assert [(r["row"], r["status"]) for r in run(rows)] == [(1, "created"), (2, "error"), (3, "created")]
        assert _org("dlh")["urusan"] == ["2.11"]

    def test_dry_run_checks_everything_and_saves_nothing(self, run):
        rows = [{**ROW, "name": "uptd", "kode_opd": "1.02.1", "induk": "dinkes"},
                {**ROW, "name": "bad", "kode_opd": "x", "email": "no"}, ROW]
        results = run(rows, dry_run=True)
        # the unit sees its parent from the same file, even after a refused row
        assert [r["status"] for r in results] == ["created", "error", "created"]
        for name in ("dinkes", "uptd", "bad"):
            with pytest.raises(tk.ObjectNotFound):
                _org(name)

    def test_rows_must_be_a_list_of_objects(self, run):
        with pytest.raises(tk.ValidationError) as raised:
            run("dinkes")
        assert raised.value.error_dict == {"rows": ["Daftar baris OPD wajib diisi"]}

    def test_only_sysadmins(self):
        user = factories.User()
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("satudata_opd_import", context={"user": user["name"], "ignore_auth": False},
                                rows=[ROW])
