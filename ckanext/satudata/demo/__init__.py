"""The Kabupaten Serang demo portal: ``ckan satudata demo load``.

OPDs, users and datasets are data (``opd.json``, ``users.json``,
``datasets.json``); :mod:`.loader` creates them through CKAN's actions and
:mod:`.tables` generates the uploaded CSV and XLSX files.
"""
from __future__ import annotations

from .loader import PASSWORD_FILE, DemoLoadError, load, read_data

__all__ = ["DemoLoadError", "load", "read_data", "PASSWORD_FILE"]
