"""Refresh the .pot from the sources and merge it into the id and en catalogues.

    .venv/bin/python scripts/translations.py

New msgids appear empty in both catalogues; fill them in (English msgids
are copied into the en catalogue as they are) before `make test`, which
fails on an empty entry.
"""
import pathlib
import subprocess
import sys

from babel.messages.pofile import read_po, write_po

root = pathlib.Path(__file__).resolve().parent.parent
i18n = root / "ckanext" / "satudata" / "i18n"
pot = i18n / "ckanext-satudata.pot"
subprocess.run([sys.executable, "setup.py", "-q", "extract_messages", "-o", str(pot),
                "--no-location", "--omit-header"], cwd=root, check=True)
template = read_po(pot.open("rb"))


def _empty(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not all(strings)



for locale in ("id", "en"):
    path = i18n / locale / "LC_MESSAGES" / "ckanext-satudata.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = read_po(path.open("rb"), locale=locale) if path.exists() else None
    if catalog is None:
        from babel.messages.catalog import Catalog
        catalog = Catalog(locale=locale, domain="ckanext-satudata", project="ckanext-satudata")
    catalog.update(template, no_fuzzy_matching=True)
    if locale == "en":
        for message in catalog:
            if message.id and _empty(message):
                message.string = message.id     # a plural's (singular, plural) pair too
    with path.open("wb") as f:
        write_po(f, catalog, omit_header=False, ignore_obsolete=True, include_previous=False,
                 width=100)
    empty = [m.id for m in catalog if m.id and _empty(m)]
    print(f"{locale}: {len(catalog)} messages, {len(empty)} to translate")
