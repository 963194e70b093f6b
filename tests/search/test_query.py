"""package_search semantics on the PostgreSQL backend, through the action API."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests.factories import REQUIRED, set_review_state

from .conftest import names, search

pytestmark = pytest.mark.usefixtures("with_plugins")


PUBLIC = {"jumlah-penduduk", "statistik-kependudukan", "fasilitas-kesehatan",
          "imunisasi", "putus-sekolah", "kafe"}


class TestWords:
    def test_empty_query_lists_every_public_active_dataset(self, read_corpus):
        assert set(names(search(q="", rows=100))) == PUBLIC
        assert search(q="*:*")["count"] == len(PUBLIC)

    def test_indonesian_word_finds_affixed_forms(self, read_corpus):
        # "penduduk" is in "Jumlah Penduduk …" and inside "kependudukan"
        assert set(names(search(q="penduduk"))) == {"jumlah-penduduk", "statistik-kependudukan"}

    def test_typo_finds_health_datasets(self, read_corpus):
        found = set(names(search(q="kesehatn")))
        assert {"fasilitas-kesehatan", "imunisasi"} <= found
        assert "putus-sekolah" not in found

    def test_sekolah(self, read_corpus):
        assert names(search(q="sekolah")) == ["putus-sekolah"]

    def test_two_words_must_both_match(self, read_corpus):
        assert names(search(q="imunisasi bayi")) == ["imunisasi"]
        assert search(q="imunisasi puskesmas")["count"] == 0

    def test_accents_are_folded(self, read_corpus):
        assert names(search(q="cafe")) == ["kafe"]
        assert names(search(q="Café")) == ["kafe"]

    def test_title_ranks_above_description(self, read_corpus):
        # "kesehatan" is in one title, and only in tags/org of the others
        result = names(search(q="fasilitas"))
        assert result[0] == "fasilitas-kesehatan"
        ranked = names(search(q="kesehatan", rows=10))
        assert ranked[0] == "fasilitas-kesehatan"

    def test_prefix(self, read_corpus):
        assert names(search(q="seko*")) == ["putus-sekolah"]
        assert set(names(search(q="name:statistik*"))) == {"statistik-kependudukan"}


class TestOperators:
    def test_phrase(self, read_corpus):
        assert names(search(q='"jumlah penduduk"')) == ["jumlah-penduduk"]
        assert search(q='"penduduk jumlah"')["count"] == 0

    def test_or(self, read_corpus):
        assert set(names(search(q="imunisasi OR sekolah"))) == {"imunisasi", "putus-sekolah"}

    def test_and_not(self, read_corpus):
        assert set(names(search(q="jumlah AND NOT penduduk"))) == {"fasilitas-kesehatan", "putus-sekolah"}

    def test_plus_minus(self, read_corpus):
        assert set(names(search(q="+jumlah -penduduk"))) == {"fasilitas-kesehatan", "putus-sekolah"}

    def test_pure_negation_matches_everything_else(self, read_corpus):
        assert set(names(search(q="-kesehatan", rows=50))) == PUBLIC - {
            "fasilitas-kesehatan", "imunisasi", "kafe"}

    def test_parentheses(self, read_corpus):
        assert set(names(search(q="(imunisasi OR sekolah) AND jenjang"))) == {"putus-sekolah"}

    def test_field_word_and_phrase(self, read_corpus):
        assert names(search(q="title:imunisasi")) == ["imunisasi"]
        assert search(q="title:bayi")["count"] == 0      # only in the description
        assert names(search(q='title:"angka putus"')) == ["putus-sekolah"]
        assert names(search(q="notes:bayi")) == ["imunisasi"]

    def test_string_fields_match_exactly(self, read_corpus):
        assert set(names(search(q="tags:kesehatan"))) == {"fasilitas-kesehatan", "imunisasi"}
        assert search(q="tags:kesehatn")["count"] == 0
        assert names(search(q="res_format:PDF")) == ["fasilitas-kesehatan"]
        assert set(names(search(q="organization:disdukcapil"))) == {
            "jumlah-penduduk", "statistik-kependudukan"}
        assert names(search(q="name:imunisasi")) == ["imunisasi"]

    def test_field_group(self, read_corpus):
        assert set(names(search(q="tags:(imunisasi OR pendidikan)"))) == {"imunisasi", "putus-sekolah"}

    def test_resource_text_fields(self, read_corpus):
        assert names(search(q='res_name:"Peta Sebaran"')) == ["fasilitas-kesehatan"]
        assert names(search(q="author:pendaftaran")) == ["jumlah-penduduk"]

    def test_numeric_range(self, read_corpus):
        assert set(names(search(q="version:[2020 TO 2022]"))) == {
            "statistik-kependudukan", "fasilitas-kesehatan", "imunisasi"}
        assert set(names(search(q="version:{2020 TO 2022]"))) == {
            "statistik-kependudukan", "fasilitas-kesehatan"}
        assert set(names(search(q="num_resources:[2 TO *]"))) == {"fasilitas-kesehatan"}

    def test_date_range(self, read_corpus):
        everything = search(q="metadata_modified:[* TO NOW]")["count"]
        assert everything == len(PUBLIC)
        assert search(q="metadata_created:[NOW+1DAY TO *]")["count"] == 0
        assert search(q="metadata_modified:[2000-01-01T00:00:00Z TO NOW/DAY+1DAY]")["count"] == len(PUBLIC)

    def test_field_exists(self, read_corpus):
        assert set(names(search(q="groups:*"))) == {"jumlah-penduduk", "imunisasi"}


class TestFilters:
    def test_fq_and_fq_list(self, read_corpus):
        result = search(fq="organization:dinkes", fq_list=["res_format:XLSX"])
        assert names(result) == ["imunisasi"]

    def test_fq_negation(self, read_corpus):
        result = search(fq="-organization:dinkes", rows=50)
        assert set(names(result)) == {"jumlah-penduduk", "statistik-kependudukan", "putus-sekolah"}

    def test_fq_on_license_and_group(self, read_corpus):
        assert names(search(fq="license_id:odc-odbl")) == ["imunisasi"]
        assert set(names(search(fq="groups:sosial"))) == {"jumlah-penduduk", "imunisasi"}

    def test_fq_on_owner_org_id(self, read_corpus):
        dindik = read_corpus["orgs"]["dindikbud"]
        assert names(search(fq=f'owner_org:"{dindik["id"]}"')) == ["putus-sekolah"]

    def test_dataset_type(self, read_corpus):
        assert search(fq="+dataset_type:dataset")["count"] == len(PUBLIC)
        assert search(fq="+dataset_type:harvest")["count"] == 0


class TestSortAndPaging:
    def test_sort_by_title_both_ways(self, read_corpus):
        asc = names(search(sort="title_string asc", rows=50))
        titles = [helpers.call_action("package_show", id=n)["title"].lower() for n in asc]
        assert titles == sorted(titles)
        assert names(search(sort="title_string desc", rows=50)) == asc[::-1]

    def test_several_sort_keys(self, read_corpus):
        result = names(search(sort="license_id desc, name asc", rows=50))
        assert result[0] == "imunisasi"  # odc-odbl sorts after cc-by
        assert result[1:] == sorted(PUBLIC - {"imunisasi"})

    def test_rows_and_start(self, read_corpus):
        everything = names(search(sort="name asc", rows=50))
        page = names(search(sort="name asc", rows=2, start=2))
        assert page == everything[2:4]
        assert search(sort="name asc", rows=2, start=100)["results"] == []
        assert search(rows=0)["count"] == len(PUBLIC)

    def test_fl(self, read_corpus):
        result = search(q="name:imunisasi", fl="id,name,title,tags")
        (row,) = result["results"]
        assert row["name"] == "imunisasi" and row["title"] == "Cakupan Imunisasi Dasar Lengkap"
        assert sorted(row["tags"]) == ["imunisasi", "kesehatan"]
        assert "notes" not in row

    def test_results_come_whole_from_the_index(self, read_corpus):
        (row,) = search(q="name:imunisasi")["results"]
        assert row["organization"]["name"] == "dinkes"
        assert [r["format"] for r in row["resources"]] == ["XLSX"]


def _db_counts(sql: str) -> dict[str, int]:
    return {k: v for k, v in model.Session.execute(sa.text(sql))}


class TestFacets:
    def test_facet_counts_equal_database_counts(self, read_corpus):
        result = search(rows=0, **{"facet.field": '["organization","tags","res_format","license_id","groups"]',
                                   "facet.limit": -1})
        public = "p.state = 'active' AND NOT p.private"
        assert result["facets"]["organization"] == _db_counts(
            f"SELECT g.name, count(*) FROM package p JOIN \"group\" g ON g.id = p.owner_org "
            f"WHERE {public} GROUP BY g.name")
        assert result["facets"]["tags"] == _db_counts(
            f"SELECT t.name, count(*) FROM package p JOIN package_tag pt ON pt.package_id = p.id "
            f"AND pt.state = 'active' JOIN tag t ON t.id = pt.tag_id WHERE {public} GROUP BY t.name")
        assert result["facets"]["res_format"] == _db_counts(
            f"SELECT r.format, count(DISTINCT p.id) FROM package p JOIN resource r ON "
            f"r.package_id = p.id AND r.state = 'active' WHERE {public} GROUP BY r.format")
        assert result["facets"]["license_id"] == _db_counts(
            f"SELECT p.license_id, count(*) FROM package p WHERE {public} GROUP BY p.license_id")
        assert result["facets"]["groups"] == _db_counts(
            f"SELECT g.name, count(*) FROM package p JOIN member m ON m.table_id = p.id AND "
            f"m.state = 'active' AND m.table_name = 'package' JOIN \"group\" g ON g.id = m.group_id "
            f"AND NOT g.is_organization WHERE {public} GROUP BY g.name")

    def test_facets_follow_the_query(self, read_corpus):
        result = search(q="penduduk", **{"facet.field": '["organization"]'})
        assert result["facets"]["organization"] == {"disdukcapil": 2}
        items = result["search_facets"]["organization"]["items"]
        assert items[0]["display_name"] == "Dinas Kependudukan dan Pencatatan Sipil"

    def test_facet_limit_and_mincount(self, read_corpus):
        tags = search(rows=0, **{"facet.field": '["tags"]', "facet.limit": 2})["facets"]["tags"]
        assert tags == {"kesehatan": 2, "demografi": 1}   # by count, then by value
        common = search(rows=0, **{"facet.field": '["tags"]', "facet.limit": -1,
                                   "facet.mincount": 2})["facets"]["tags"]
        assert common == {"kesehatan": 2}



class TestPermissions:
    def test_private_hidden_from_anonymous_and_other_opd(self, read_corpus):
        assert "penduduk-miskin" not in names(search(q="penduduk", include_private=True))
        outsider = read_corpus["outsider"]["name"]
        assert "penduduk-miskin" not in names(search(outsider, q="penduduk", include_private=True))

    def test_private_visible_to_members_and_sysadmins(self, read_corpus):
        editor = read_corpus["editor"]["name"]
        assert "penduduk-miskin" in names(search(editor, q="penduduk", include_private=True))
        assert "penduduk-miskin" not in names(search(editor, q="penduduk"))
        admin = read_corpus["sysadmin"]["name"]
        assert "penduduk-miskin" in names(search(admin, q="penduduk", include_private=True))

    def test_drafts_only_with_include_drafts_for_their_creator(self, read_corpus):
        editor = read_corpus["editor"]["name"]
        assert "draf-sekolah" not in names(search(editor, q="draf", include_private=True))
        assert names(search(editor, q="draf", include_drafts=True, include_private=True)) == ["draf-sekolah"]
        outsider = read_corpus["outsider"]["name"]
        assert search(outsider, q="draf", include_drafts=True, include_private=True)["count"] == 0
        assert search(q="draf", include_drafts=True)["count"] == 0

    def test_private_facet_counts_are_not_leaked(self, read_corpus):
        facets = search(rows=0, **{"facet.field": '["organization"]'})["facets"]
        assert facets["organization"]["dinkes"] == 3
        editor = read_corpus["editor"]["name"]
        member = search(editor, rows=0, include_private=True, **{"facet.field": '["organization"]'})
        assert member["facets"]["organization"]["dinkes"] == 4

    def test_organization_and_group_dataset_counts(self, read_corpus):
        orgs = {o["name"]: o["package_count"] for o in helpers.call_action(
            "organization_list", context={"user": "", "ignore_auth": False}, all_fields=True)}
        assert orgs["dinkes"] == 3 and orgs["disdukcapil"] == 2 and orgs["dindikbud"] == 1
        (group,) = helpers.call_action("group_list", all_fields=True)
        assert group["package_count"] == 2

    def test_tag_show_lists_public_datasets(self, read_corpus):
        tag = helpers.call_action("tag_show", id="penduduk", include_datasets=True)
        assert [d["name"] for d in tag["packages"]] == ["jumlah-penduduk"]


class TestAfterWrites:
    """Searches after a write: each test gets a catalogue of its own (the
    classes above share one, read-only, per class)."""

    def test_contained_words_expand_only_through_affixes(self, corpus):
        for name, title in (("cinangka", "Data Desa di Kecamatan Cinangka"),
                            ("angka-kematian", "Angka Kematian Bayi")):
            helpers.call_action("package_create", **REQUIRED, context={"user": corpus["sysadmin"]["name"]},
                                name=name, title=title, owner_org=corpus["orgs"]["dinkes"]["id"])
            set_review_state(name, "published")
        assert set(names(search(q="angka"))) == {"angka-kematian", "putus-sekolah"}
        assert "cinangka" in names(search(q="cinangka"))

    def test_sort_by_modified_and_created(self, corpus):
        created = names(search(sort="metadata_created asc", rows=50))
        assert created[0] == "jumlah-penduduk" and created[-1] == "kafe"
        helpers.call_action("package_patch", context={"user": corpus["sysadmin"]["name"]},
                            id="putus-sekolah", notes="diperbarui")
        assert names(search(sort="metadata_modified desc", rows=1)) == ["putus-sekolah"]

    def test_kept_counts_stay_exact_through_every_kind_of_write(self, corpus):
        """Landing-page counts come from satudata_search_count; a filter that
        matches everything forces a count over the documents: both agree
        with each other after creates, edits, privacy changes, deletes and
        purges, for the public and for an OPD member."""
        sysadmin = {"user": corpus["sysadmin"]["name"]}
        editor = corpus["editor"]["name"]
        fields = {"facet.field": '["organization","tags","res_format","license_id","groups","owner_org"]',
                  "facet.limit": -1, "rows": 0}

        def agree():
            results = []
            for user, extra in (("", {}), (editor, {"include_private": True, "include_drafts": True})):
                kept = search(user, **fields, **extra)
                counted = search(user, fq="-name:tidak-ada", **fields, **extra)
                assert (kept["count"], kept["facets"]) == (counted["count"], counted["facets"])
                results.append(kept)
            return results[0]       # the public's

        agree()
        dinkes = corpus["orgs"]["dinkes"]["id"]
        helpers.call_action("package_create", **REQUIRED, context=sysadmin, name="gizi", title="Data Gizi",
                            owner_org=dinkes, tags=[{"name": "kesehatan"}],
                            resources=[{"url": "http://example.test/g.csv", "format": "CSV"}])
        set_review_state("gizi", "published")
        helpers.call_action("package_patch", context=sysadmin, id="imunisasi",
                            tags=[{"name": "vaksin"}], license_id="cc-by")
        set_review_state("kafe", "unpublished")
        set_review_state("penduduk-miskin", "published")
        helpers.call_action("package_delete", context=sysadmin, id="statistik-kependudukan")
        helpers.call_action("dataset_purge", context=sysadmin, id="putus-sekolah")
        result = agree()
        assert result["facets"]["tags"]["kesehatan"] == 2       # fasilitas + gizi
        assert "imunisasi" not in result["facets"]["tags"]
        assert result["facets"]["owner_org"][dinkes] == 4


class TestBoundedShapes:
    """The shapes the worst allowed queries take (issue 14): each answered
    from an index, with the same answers as the slow forms they replace."""

    def test_a_weight_d_field_matches_its_own_words_only(self, read_corpus):
        # author and res_name share weight D: only tsv_fields tells them apart
        assert names(search(q="author:bidang")) == ["jumlah-penduduk"]
        assert search(q="res_name:bidang")["count"] == 0
        # stems as the text is stemmed: pendaftaran -> daftar, in "Daftar Puskesmas"
        assert names(search(q="res_name:pendaftaran")) == ["fasilitas-kesehatan"]
        assert names(search(q="res_name:sebaran")) == ["fasilitas-kesehatan"]
        assert search(q="author:sebaran")["count"] == 0
        assert names(search(q="res_name:puskes*")) == ["fasilitas-kesehatan"]
        assert names(search(q="res_name:*sebar*")) == ["fasilitas-kesehatan"]
        assert search(q="res_name:kecamatan")["count"] == 0     # in a title, not a resource
        # a phrase still reads the field's own text
        assert search(q='res_name:"Sebaran Peta"')["count"] == 0

    def test_many_words_with_eighty_percent_required(self, read_corpus):
        # 12 words, dismax mm 80% = 9 (the groups-and-count form: C(12,9) > 64)
        present = "cakupan imunisasi dasar lengkap persentase bayi mendapat kesehatan dinas"
        assert len(present.split()) == 9
        assert names(search(q=present + " qqq vvv jjj")) == ["imunisasi"]
        eight = " ".join(present.split()[:8])
        assert search(q=eight + " qqq vvv jjj kkk")["count"] == 0

    def test_a_column_facet_on_the_landing_search_equals_a_counted_one(self, read_corpus):
        facets = ["name", "organization", "res_format"]
        kept = search(q="", rows=0, **{"facet.field": facets, "facet.limit": -1})
        counted = search(q="", fq="-name:tidak-ada", rows=0,
                         **{"facet.field": facets, "facet.limit": -1})
        assert kept["count"] == counted["count"] == len(PUBLIC)
        assert kept["facets"] == counted["facets"]
        assert kept["facets"]["name"] == {n: 1 for n in PUBLIC}

    def test_a_sort_on_stored_fields_is_bounded(self, read_corpus, monkeypatch):
        from ckanext.satudata.search import query
        monkeypatch.setattr(query, "STORED_SORT_MAX", 3)
        with pytest.raises(tk.ValidationError) as raised:
            search(sort="license_id desc, version asc", rows=10)
        assert "sort" in raised.value.error_dict
        assert "3" in raised.value.error_dict["sort"][0]
        # within the bound, and without rows, it answers
        result = search(fq="organization:dinkes", sort="version desc, name asc", rows=10)
        assert names(result) == ["fasilitas-kesehatan", "imunisasi", "kafe"]
        assert search(sort="license_id desc", rows=0)["count"] == len(PUBLIC)
        # a sort on columns is never bounded
        assert len(names(search(sort="name asc", rows=10))) == len(PUBLIC)

    def test_the_bound_answers_409_in_indonesian(self, app, read_corpus, monkeypatch):
        from ckanext.satudata.search import query
        monkeypatch.setattr(query, "STORED_SORT_MAX", 3)
        url = tk.url_for("api.action", ver=3, logic_function="package_search")
        resp = app.get(url, query_string={"sort": "license_id desc"}, status=409)
        assert "paling banyak 3 hasil" in resp.json["error"]["sort"][0]
