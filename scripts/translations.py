"""Refresh the .pot from the sources and merge it into the id and en catalogues.

    .venv/bin/python scripts/translations.py
    .venv/bin/python scripts/translations.py --fill a.json [b.json ...]

First it regenerates ``lang/core_*.py`` (scripts/core_msgids.py: the CKAN core
messages our pages reach that CKAN's Indonesian catalogue leaves empty), then
extracts the .pot and merges it into both catalogues. New msgids appear empty
in ``id``; the ``en`` catalogue copies each msgid as it is. ``--fill`` then
fills the empty (or fuzzy) ``id`` entries from JSON files of
``{"English msgid": "Indonesian"}`` (a plural as ``[singular, plural]``, keyed
by its singular msgid); entries already translated are left alone. Run
``scripts/compile_i18n.py`` afterwards; ``make test`` fails on an empty entry.

The ``id`` catalogue keeps CKAN's plural rule (``nplurals=1; plural=0``):
CKAN merges our catalogue over its own and the merged catalogue uses the
last one's rule, so any other rule would look up plural forms CKAN's
catalogue does not have and show English.
"""
import argparse
import json
import pathlib
import subprocess
import sys

from babel.messages.pofile import read_po, write_po

root = pathlib.Path(__file__).resolve().parent.parent
i18n = root / "ckanext" / "satudata" / "i18n"
pot = i18n / "ckanext-satudata.pot"
PLURALS = {"id": (1, "0")}


def _empty(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return message.fuzzy or not all(strings)


def _fill(catalog, sources: list[pathlib.Path]) -> None:
    table: dict[str, object] = {}
    for source in sources:
        table.update(json.loads(source.read_text(encoding="utf-8")))
    filled, unused = 0, set(table)
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if key not in table:
            continue
        unused.discard(key)
        if not _empty(message):
            continue
        value = table[key]
        if isinstance(message.id, (list, tuple)):
            forms = value if isinstance(value, list) else [value]
            message.string = tuple(forms[:catalog.num_plurals])
        else:
            message.string = value[0] if isinstance(value, list) else value
        message.flags.discard("fuzzy")
        filled += 1
    print(f"id: filled {filled} from {', '.join(s.name for s in sources)}; "
          f"{len(unused)} entries match no msgid")
    for key in sorted(unused):
        print(f"    unused: {key!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fill", nargs="+", type=pathlib.Path, default=[], metavar="FILE.json",
                        help="fill empty id entries from these JSON files")
    args = parser.parse_args()
    subprocess.run([sys.executable, str(root / "scripts" / "core_msgids.py")], check=True)
    subprocess.run([sys.executable, "setup.py", "-q", "extract_messages", "-o", str(pot),
                    "--no-location", "--omit-header"], cwd=root, check=True)
    for locale in ("id", "en"):
        # a fresh template per catalogue: Catalog.update adopts the template's
        # new Message objects, so the id catalogue's fill would reach en
        template = read_po(pot.open("rb"))
        path = i18n / locale / "LC_MESSAGES" / "ckanext-satudata.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read_po(path.open("rb"), locale=locale) if path.exists() else None
        if catalog is None:
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=locale, domain="ckanext-satudata",
                              project="ckanext-satudata")
        if locale in PLURALS:
            catalog._num_plurals, catalog._plural_expr = PLURALS[locale]
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if message.id and isinstance(message.id, (list, tuple)):
                forms = list(message.string) + [""] * catalog.num_plurals
                message.string = tuple(forms[:catalog.num_plurals])
                if all(message.string):     # babel flags a changed number of forms
                    message.flags.discard("fuzzy")
            if locale == "en" and message.id and _empty(message):
                message.string = message.id     # a plural's (singular, plural) pair too
                message.flags.discard("fuzzy")
        if locale == "id" and args.fill:
            _fill(catalog, args.fill)
        with path.open("wb") as f:
            write_po(f, catalog, omit_header=False, ignore_obsolete=True,
                     include_previous=False, width=100)
        empty = [m.id for m in catalog if m.id and _empty(m)]
        print(f"{locale}: {len(catalog)} messages, {len(empty)} to translate")


if __name__ == "__main__":
    main()
