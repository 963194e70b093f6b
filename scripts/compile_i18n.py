"""Compile the extension's .po catalogues into .mo files (babel).

Fails when a catalogue has an empty or fuzzy entry: both Indonesian and
English must be complete.
"""
import pathlib
import sys

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

root = pathlib.Path(__file__).resolve().parent.parent / "ckanext" / "satudata" / "i18n"
problems = []
for po_path in sorted(root.glob("*/LC_MESSAGES/ckanext-satudata.po")):
    with po_path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            problems.append(f"{po_path.relative_to(root)}: {message.id!r} is empty or fuzzy")
    with po_path.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog)
if problems:
    sys.exit("Incomplete translations:\n  " + "\n  ".join(problems))
print(f"==> Compiled {len(list(root.glob('*/LC_MESSAGES/*.po')))} translation catalogues")
