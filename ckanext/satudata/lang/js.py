"""The JavaScript modules' translations (``/api/i18n/<lang>``), built when
the web application starts.

CKAN writes them (``ckan.lib.i18n.build_js_translations``: CKAN's and every
ITranslation plugin's .po, the entries its .pot marks as used in a .js file)
into ``<ckan.storage_path>/i18n/js/`` only from ``ckan run`` (the development
server) and ``ckan translation js``; under gunicorn nothing did, so the API
answered ``{}`` and every JS string (the image upload's "Upload" and "Link",
"Reorder resources", select2's messages, the DataTables view) stayed
English. ``build()`` runs it from ``web/app.install``: a no-op when the files
are newer than the catalogues, and under an exclusive lock so that
gunicorn's workers, starting together, do not write the same file at once.
``tests/portal/test_language.py`` checks what the API serves.
"""
from __future__ import annotations

import fcntl
import os

from ckan.lib import i18n

__all__ = ["build"]


def build() -> str:
    """Build what is missing or stale; returns the directory written."""
    folder = i18n.get_js_translations_dir()
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        i18n.build_js_translations()
    return folder
