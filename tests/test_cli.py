"""CKAN's search-index commands and ours, on the PostgreSQL backend."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.cli.cli import ckan
from ckan.tests import helpers

from tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def dataset():
    """Datasets in one OPD (the dataset schema requires an organization)."""
    org = factories.Organization()
    return lambda **kw: factories.Dataset(owner_org=org["id"], **kw)


def _titles(q: str) -> list[str]:
    return [d["title"] for d in helpers.call_action("package_search", q=q)["results"]]


def _change_title_behind_ckans_back(dataset_id: str, title: str) -> None:
    model.Session.query(model.Package).filter_by(id=dataset_id).update({"title": title})
    model.Session.commit()


class TestCkanSearchIndex:
    def test_rebuild(self, cli, dataset):
        dataset = dataset(title="Sebelum Indeks Ulang")
        _change_title_behind_ckans_back(dataset["id"], "Sesudah Indeks Ulang")
        assert _titles("sesudah") == []
        result = cli.invoke(ckan, ["search-index", "rebuild"])
        assert not result.exit_code, result.output
        assert "Indexing dataset 1/1" in result.output
        assert _titles("sesudah") == ["Sesudah Indeks Ulang"]

    def test_rebuild_one_dataset(self, cli, dataset):
        one, other = dataset(title="Satu"), dataset(title="Dua")
        _change_title_behind_ckans_back(one["id"], "Satu Baru")
        _change_title_behind_ckans_back(other["id"], "Dua Baru")
        assert not cli.invoke(ckan, ["search-index", "rebuild", one["name"]]).exit_code
        assert _titles("baru") == ["Satu Baru"]

    def test_show_and_clear(self, cli, dataset):
        dataset = dataset(title="Data Curah Hujan", tags=[{"name": "iklim"}])
        result = cli.invoke(ckan, ["search-index", "show", dataset["name"]])
        assert not result.exit_code, result.output
        assert "'title': 'Data Curah Hujan'" in result.output
        assert "'tags': ['iklim']" in result.output
        assert not cli.invoke(ckan, ["search-index", "clear", dataset["name"]]).exit_code
        assert _titles("hujan") == []

    def test_clear_all_and_check(self, cli, dataset):
        dataset(title="Data Banjir")
        dataset(title="Data Kekeringan")
        assert not cli.invoke(ckan, ["search-index", "clear"]).exit_code
        assert helpers.call_action("package_search")["count"] == 0
        result = cli.invoke(ckan, ["search-index", "check"])
        assert "Packages not indexed = 2 out of 2" in result.output
        assert not cli.invoke(ckan, ["search-index", "rebuild", "--only-missing"]).exit_code
        assert "Packages not indexed = 0 out of 2" in cli.invoke(ckan, ["search-index", "check"]).output


class TestBulkRebuild:
    def test_rebuild_reads_changed_datasets_fresh_and_reuses_unchanged_ones(self, cli, dataset):
        datasets = [dataset(title=f"Data Kecamatan {i}") for i in range(5)]
        model.Session.query(model.Package).filter_by(id=datasets[0]["id"]).update(
            {"title": "Data Desa", "metadata_modified": sa.func.now()})
        model.Session.commit()
        result = cli.invoke(ckan, ["satudata", "search", "rebuild", "--batch-size", "2"])
        assert not result.exit_code, result.output
        assert "Indexed 5 datasets" in result.output
        assert "4 from stored dicts, 1 read fresh" in result.output
        assert _titles("desa") == ["Data Desa"]
        assert len(_titles("kecamatan")) == 4
        # the kept counts, recounted at the end, agree with a count over the documents
        facets = {"facet.field": '["organization","tags"]', "rows": 0}
        kept = helpers.call_action("package_search", **facets)
        counted = helpers.call_action("package_search", fq="-name:tidak-ada", **facets)
        assert kept["count"] == counted["count"] == 5
        assert kept["facets"] == counted["facets"]

    def test_full_rebuild_after_the_index_is_lost(self, cli, dataset):
        dataset(title="Data Sampah", tags=[{"name": "lingkungan"}])
        model.Session.execute(sa.text("TRUNCATE satudata_search_doc, satudata_search_payload, "
                                       "satudata_search_count"))
        model.Session.commit()
        result = cli.invoke(ckan, ["satudata", "search", "rebuild", "--full"])
        assert not result.exit_code, result.output
        assert "0 from stored dicts, 1 read fresh" in result.output
        found = helpers.call_action("package_search", fq="tags:lingkungan")
        assert [d["title"] for d in found["results"]] == ["Data Sampah"]


class TestOpdCommands:
    CSV = ("name,title,kode_opd,jenis_instansi,urusan,induk,email\n"
           "kec-anyar,Kecamatan Anyar,7.01.30,district,7.01,setda,anyar@serangkab.go.id\n"
           "setda,Sekretariat Daerah,4.01,secretariat,4.01,,setda@serangkab.go.id\n"
           "dishub,Dinas Perhubungan,2.15,kementerian,2.15,,dishub@serangkab.go.id\n")

    def test_import_reports_each_bad_row_and_keeps_the_good(self, cli, tmp_path):
        path = tmp_path / "opd.csv"
        path.write_text(self.CSV, encoding="utf-8")
        result = cli.invoke(ckan, ["satudata", "opd", "import", str(path)])
        assert result.exit_code == 1
        assert "line 4 (dishub): jenis_instansi: kementerian tidak ada dalam daftar Jenis Instansi" in result.output
        assert "2 created, 0 updated, 0 unchanged, 1 error" in result.output
        org = helpers.call_action("organization_show", id="kec-anyar")
        assert org["induk"] == "setda" and org["urusan"] == ["7.01"]
        again = cli.invoke(ckan, ["satudata", "opd", "import", str(path)])
        assert "0 created, 0 updated, 2 unchanged, 1 error" in again.output

    def test_dry_run_saves_nothing(self, cli, tmp_path):
        path = tmp_path / "opd.csv"
        path.write_text(self.CSV.replace("kementerian", "department"), encoding="utf-8")
        result = cli.invoke(ckan, ["satudata", "opd", "import", "--dry-run", str(path)])
        assert result.exit_code == 0, result.output
        assert "Dry run, nothing saved: 3 created" in result.output
        assert helpers.call_action("organization_list") == []

    def test_export_writes_what_import_reads(self, cli, tmp_path):
        path = tmp_path / "opd.csv"
        path.write_text(self.CSV.replace("kementerian", "department"), encoding="utf-8")
        assert not cli.invoke(ckan, ["satudata", "opd", "import", str(path)]).exit_code
        exported = cli.invoke(ckan, ["satudata", "opd", "export"]).output
        lines = exported.strip().splitlines()
        assert lines[0].startswith("name,title,kode_opd,singkatan,jenis_instansi,urusan,kode_wilayah,induk")
        assert any(line.startswith("kec-anyar,Kecamatan Anyar,7.01.30,,district,7.01,36.04,setda")
                   for line in lines)
        out = tmp_path / "out.csv"
        assert "Wrote 3 OPDs" in cli.invoke(ckan, ["satudata", "opd", "export", str(out)]).output
        reimport = cli.invoke(ckan, ["satudata", "opd", "import", str(out)])
        assert "0 created, 0 updated, 3 unchanged, 0 error" in reimport.output

    def test_a_file_without_a_header_is_refused(self, cli, tmp_path):
        path = tmp_path / "opd.csv"
        path.write_text("dinkes;Dinas Kesehatan\n", encoding="utf-8")
        result = cli.invoke(ckan, ["satudata", "opd", "import", str(path)])
        assert result.exit_code == 1 and "'name' column" in result.output


class TestVocabCommand:
    def test_load_skips_unchanged_and_reloads_when_forced(self, cli):
        result = cli.invoke(ckan, ["satudata", "vocab", "load"])
        assert not result.exit_code, result.output
        assert "wilayah: 91599 terms (unchanged)" in result.output
        forced = cli.invoke(ckan, ["satudata", "vocab", "load", "--force", "frekuensi"])
        assert forced.output.strip().endswith("frekuensi: 9 terms")
        assert cli.invoke(ckan, ["satudata", "vocab", "load", "agama"]).exit_code == 1


def test_dcat_build_keeps_every_published_datasets_feed_part(cli, dataset):
    published = {dataset()["id"] for _ in range(3)}
    dataset(private=True)                       # a draft: not in the feed
    result = cli.invoke(ckan, ["satudata", "dcat", "build"])
    assert not result.exit_code, result.output
    assert "3 published datasets in 1 page(s)" in result.output
    kept = {r for (r,) in model.Session.execute(sa.text(
        "SELECT package_id FROM satudata_dcat_fragment"))}
    assert kept == published
