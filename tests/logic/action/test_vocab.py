"""satudata_vocabulary_list / _show and the autocomplete endpoint."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.satudata import vocab

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

VOCAB_DIR = Path(vocab.__file__).parent


def _rows(path: str) -> int:
    with (VOCAB_DIR / path).open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def show(**params):
    return helpers.call_action("satudata_vocabulary_show", context={"ignore_auth": False, "user": ""},
                               **params)


def test_every_list_is_loaded_with_source_and_licence():
    lists = {v["name"]: v for v in helpers.call_action(
        "satudata_vocabulary_list", context={"ignore_auth": False, "user": ""})}
    assert set(lists) == {"wilayah", "urusan", "frekuensi", "klasifikasi_akses", "tingkat_penyajian",
                          "jenis_data", "jenis_instansi", "format", "tema_eu"}
    assert lists["wilayah"]["term_count"] == sum(
        _rows(f"wilayah/{f}.csv") for f in ("provinces", "regencies", "districts", "villages"))
    assert lists["wilayah"]["term_count"] > 90000
    assert "ODbL" in lists["wilayah"]["licence"] and "idn-area-data" in lists["wilayah"]["source"]
    assert lists["urusan"]["term_count"] == _rows("urusan.csv")


def test_small_list_in_full_with_labels_and_extra_columns():
    frekuensi = show(id="frekuensi")
    assert frekuensi["count"] == len(frekuensi["terms"]) == 9
    tahunan = next(t for t in frekuensi["terms"] if t["code"] == "tahunan")
    assert (tahunan["label_id"], tahunan["label_en"], tahunan["eu_frequency"]) == ("Tahunan", "Annual", "ANNUAL")


def test_village_autocomplete_finds_by_name_with_its_place():
    found = show(id="wilayah", q="sindang mandi")
    assert found["count"] >= 1
    village = next(t for t in found["terms"] if t["code"] == "36.04.30.2002")
    assert village["label"] == "Sindang Mandi" and village["level"] == 4
    assert village["path"] == "Anyar, Kabupaten Serang, Banten"
    assert village["parent"] == "36.04.30"


def test_autocomplete_ranks_names_starting_with_the_text_first():
    terms = show(id="wilayah", q="serang")["terms"]
    assert terms[0]["label"].lower().startswith("serang") or terms[0]["level"] == 2
    assert {"36.04", "36.73"} <= {t["code"] for t in terms}     # Kabupaten and Kota Serang


def test_short_queries_match_name_starts_and_codes():
    terms = show(id="wilayah", q="ac", limit=50)["terms"]
    assert terms and all(t["label"].lower().startswith("ac") for t in terms)
    assert [t["code"] for t in show(id="wilayah", q="36.04.09")["terms"]][0] == "36.04.09"


def test_children_of_a_region():
    districts = show(id="wilayah", parent="36.04")
    assert districts["count"] == 29
    assert {t["level"] for t in districts["terms"]} == {3}


def test_by_level_and_paging():
    provinces = show(id="wilayah", level=1, limit=10, offset=30)
    assert provinces["count"] == 38 and len(provinces["terms"]) == 8


def test_lookup_by_code_keeps_order_and_skips_unknown():
    terms = show(id="wilayah", code="36.04,99.99,36")["terms"]
    assert [t["code"] for t in terms] == ["36.04", "36"]


def test_accents_and_case_do_not_matter():
    assert show(id="wilayah", q="CIRUÁS")["terms"][0]["code"] == "36.04.09"


def test_unknown_list_is_not_found():
    with pytest.raises(tk.ObjectNotFound):
        show(id="agama")


@pytest.mark.parametrize("params, field", [({"level": 7}, "level"), ({"limit": -1}, "limit"),
                                           ({"offset": "x"}, "offset"), ({}, "id")])
def test_bad_parameters_are_named(params, field):
    with pytest.raises(tk.ValidationError) as raised:
        show(**({"id": "wilayah"} if field != "id" else {}), **params)
    assert field in raised.value.error_dict


def test_limit_is_capped():
    assert len(show(id="wilayah", level=3, limit=5000)["terms"]) == 1000


def test_english_labels_over_http(app):
    url = "/en" + tk.url_for("api.action", ver=3, logic_function="satudata_vocabulary_show")
    terms = app.get(url, query_string={"id": "urusan", "code": "1.02"}).json["result"]["terms"]
    assert terms[0]["label"] == "Health"
    url = tk.url_for("api.action", ver=3, logic_function="satudata_vocabulary_show")
    assert app.get(url, query_string={"id": "urusan", "code": "1.02"}).json["result"]["terms"][0][
        "label"] == "Kesehatan"


def test_autocomplete_endpoint_speaks_ckans_autocomplete_format(app):
    resp = app.get(tk.url_for("satudata_vocab.autocomplete", vocabulary="wilayah"),
                   query_string={"incomplete": "kramatw"})
    results = resp.json["ResultSet"]["Result"]
    assert results[0]["code"] == results[0]["name"] == "36.04.05"
    assert results[0]["label"] == "36.04.05 Kramatwatu (Kabupaten Serang, Banten)"
    assert app.get(tk.url_for("satudata_vocab.autocomplete", vocabulary="agama"), status=404)


def test_reload_skips_unchanged_lists():
    import ckan.model as model
    from ckanext.satudata.vocab import load
    results = {r.name: r for r in load.load(model.Session)}
    assert not results["wilayah"].loaded and results["wilayah"].terms > 90000
    forced = load.load(model.Session, ["urusan"], force=True)
    model.Session.commit()
    assert [(r.name, r.loaded) for r in forced] == [("urusan", True)]
    assert show(id="urusan", code="1.02")["terms"][0]["label"] == "Kesehatan"
    with pytest.raises(KeyError):
        load.load(model.Session, ["agama"])


def test_a_list_s_source_and_licence_are_shown_in_the_page_s_language(app):
    """/vocab/<name>: the notes of vocabularies.yaml (English, as kept) are
    shown translated on the Indonesian page and as kept under /en/; every
    note of the YAML is marked in lang/vocab_notes.py, so it is extracted."""
    import yaml
    from ckanext.satudata.lang import vocab_notes
    notes = {e[k] for e in yaml.safe_load((VOCAB_DIR / "vocabularies.yaml").read_text(encoding="utf-8"))
             for k in ("source", "licence")}
    assert notes - set(vocab_notes.NOTES) == set()
    indonesian = app.get("/vocab/urusan", status=200).get_data(as_text=True)
    assert "kode bidang urusan" in indonesian and "chosen by this project" not in indonesian
    english = app.get("/en/vocab/urusan", status=200).get_data(as_text=True)
    assert "chosen by this project" in english
