"""Every string the portal shows has its Indonesian translation, and its
English one:

- the messages extracted from our sources now (as ``scripts/translations.py``
  does) are all in the ``id`` catalogue, none empty;
- the CKAN core messages our pages reach (``scripts/core_msgids.py``:
  templates and the Python modules whose messages people see) are translated
  in CKAN's ``id`` catalogue or ours, a fuzzy entry counting as none, and
  their Indonesian (ours over CKAN's, as CKAN merges them) shows none of the
  English phrases a visitor must not meet (tests/browser/english.py);
- neither catalogue has a fuzzy entry, and the ``en`` one has every msgid
  of the ``id`` one, translated."""
from __future__ import annotations

import functools
import importlib.util
import pathlib
import subprocess
import sys

from babel.messages.pofile import read_po

from tests.browser.english import english_in

ROOT = pathlib.Path(__file__).resolve().parent.parent
I18N = ROOT / "ckanext" / "satudata" / "i18n"
CATALOGUE = I18N / "id" / "LC_MESSAGES" / "ckanext-satudata.po"
EN_CATALOGUE = I18N / "en" / "LC_MESSAGES" / "ckanext-satudata.po"



def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def _read(path: pathlib.Path, locale: str):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


@functools.cache
def _core_msgids():
    """scripts/core_msgids.py, imported by path (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location("core_msgids", ROOT / "scripts" / "core_msgids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _reachable() -> dict[str, dict[object, str]]:
    """The core messages our pages reach, by kind, extracted once for the
    tests below (a second or two)."""
    core = _core_msgids()
    return {kind: core.messages(kind) for kind in core.KINDS}


def test_every_extracted_message_is_translated(tmp_path):
    pot = tmp_path / "now.pot"
    subprocess.run([sys.executable, "setup.py", "-q", "extract_messages", "-o", str(pot),
                    "--no-location", "--omit-header"], cwd=ROOT, check=True,
                   capture_output=True)
    extracted = [m.id for m in read_po(pot.open("rb")) if m.id]
    assert len(extracted) > 100
    catalogue = read_po(CATALOGUE.open("rb"), locale="id")
    missing = [i for i in extracted if catalogue.get(i) is None or not _translated(catalogue.get(i))]
    assert missing == [], "run scripts/translations.py and translate: %r" % missing


def test_the_fuzzy_check_counts_a_fuzzy_or_english_entry_as_untranslated():
    """What the next test relies on: core_msgids._translated refuses a
    fuzzy entry, an empty plural form and an Indonesian entry that kept
    CKAN's English word; placeholders named like one are fine."""
    from babel.messages.catalog import Catalog
    core = _core_msgids()
    catalog = Catalog(locale="id")
    catalog.add("Fine", "Baik")
    catalog.add("Guess", "Tebakan", flags=["fuzzy"])
    catalog.add(("One file", "Many files"), ("",))
    catalog.add("Password", "Password")
    catalog.add("User {username} does not exist.", "Pengguna {username} tidak ada.")
    catalog.add("Must be <field>:<value> pair(s)", "Harus berupa pasangan <field>:<value>")
    assert core._translated(catalog, "Fine")
    assert not core._translated(catalog, "Guess")
    assert not core._translated(catalog, ("One file", "Many files"))
    assert not core._translated(catalog, "Password")
    assert not core._translated(catalog, "Missing")
    assert core._translated(catalog, "User {username} does not exist.")
    assert core._translated(catalog, "Must be <field>:<value> pair(s)")


def test_every_core_message_our_pages_reach_is_translated():
    core = _core_msgids()
    missing = core.untranslated([core.read(core.CKAN_PO), core.read(CATALOGUE)], _reachable())
    assert len(_reachable()["templates"]) > 500 and len(_reachable()["python"]) > 300
    assert len(_reachable()["javascript"]) > 40
    assert missing == {"templates": {}, "python": {}, "javascript": {}}, (
        "translate these in our id catalogue (scripts/translations.py --fill): %r" % missing)


def _indonesian(catalogs, msgid) -> str | None:
    """The Indonesian a page shows for a msgid: the first catalogue's
    translation that is one (ours over CKAN's)."""
    key = msgid[0] if isinstance(msgid, tuple) else msgid
    for catalog in catalogs:
        entry = catalog.get(key)
        if entry is not None and not entry.fuzzy and _translated(entry):
            return entry.string if isinstance(entry.string, str) else " / ".join(entry.string)
    return None


def test_no_indonesian_translation_a_page_reaches_is_still_english():
    catalogs = [_read(CATALOGUE, "id"), _read(_core_msgids().CKAN_PO, "id")]
    texts = {msgid: _indonesian(catalogs, msgid)
             for found in _reachable().values() for msgid in found}
    texts.update({m.id: _indonesian(catalogs[:1], m.id) for m in catalogs[0] if m.id})
    english = {msgid: (text, english_in(text or "")) for msgid, text in texts.items()
               if english_in(text or "")}
    assert english == {}, "translate these in our id catalogue: %r" % english


def test_no_fuzzy_entry_and_english_has_every_indonesian_msgid():
    indonesian, english = _read(CATALOGUE, "id"), _read(EN_CATALOGUE, "en")
    assert len(indonesian) > 500
    fuzzy = {lang: [m.id for m in catalog if m.id and m.fuzzy]
             for lang, catalog in (("id", indonesian), ("en", english))}
    assert fuzzy == {"id": [], "en": []}
    missing = [m.id for m in indonesian if m.id and (english.get(m.id) is None
                                                       or not _translated(english.get(m.id)))]
    assert missing == []
    # en copies each msgid (an Indonesian string there would show under /en/)
    assert [m.id for m in english if isinstance(m.id, str) and m.id and m.string != m.id] == []
