"""Every string the extension shows has its Indonesian translation: the
messages extracted from the sources now (as ``scripts/translations.py``
does) are all in the ``id`` catalogue, none empty."""
from __future__ import annotations

import pathlib
import subprocess
import sys

from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ckanext" / "satudata" / "i18n" / "id" / "LC_MESSAGES" / "ckanext-satudata.po"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


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
