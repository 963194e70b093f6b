"""The one place that connects CKAN's search code to our backend.

CKAN 2.12 has no search-backend interface. Every path to its index
(``PackageSearchIndex``, ``PackageSearchQuery`` and the direct uses in
``model_dictize``, ``clear_index``, ``is_available``) goes through
``make_connection()``, imported by name into three modules. Replacing that
factory with :class:`PostgresConnection` keeps all of CKAN's own query and
document building; the schema-version check, which fetches Solr's schema
over HTTP, is skipped. ``tests/search/test_seam.py`` fails the moment core
moves any of these names.

With ``ckanext.satudata.search.backend = solr`` nothing is replaced and
CKAN's pysolr path runs untouched.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Any, Iterator

import ckan.lib.search as search
import ckan.lib.search.common as common
import ckan.lib.search.index as index_module
import ckan.lib.search.query as query_module

from . import cache
from .connection import PostgresConnection

__all__ = ["install", "uninstall", "PATCHED", "installed", "collecting"]

log = logging.getLogger(__name__)

_ORIGINALS: dict[tuple[Any, str], Any] = {}
PATCHED = [
    (common, "make_connection"),
    (index_module, "make_connection"),
    (query_module, "make_connection"),
    (search, "check_solr_schema_version"),
]


# Set while the bulk reindex collects the documents CKAN builds, to write
# them in one batch instead of one by one.
_collector: contextvars.ContextVar[Any] = contextvars.ContextVar("satudata_collector", default=None)


@contextlib.contextmanager
def collecting(collector: Any) -> Iterator[None]:
    token = _collector.set(collector)
    try:
        yield
    finally:
        _collector.reset(token)


def _make_connection(decode_dates: bool = True) -> Any:
    return _collector.get() or PostgresConnection(decode_dates=decode_dates)


def _no_schema_check(schema_file: Any = None) -> bool:
    """There is no Solr schema to check; our tables come from alembic."""
    return False


_REPLACEMENTS = {"make_connection": _make_connection,
                 "check_solr_schema_version": _no_schema_check}


def install(backend: str) -> None:
    """Route CKAN's search through ``backend`` (``postgres`` or ``solr``)."""
    if backend == "solr":
        uninstall()
        return
    for module, name in PATCHED:
        _ORIGINALS.setdefault((module, name), getattr(module, name))
        setattr(module, name, _REPLACEMENTS[name])
    cache.listen()
    log.debug("Search backend: PostgreSQL")


def uninstall() -> None:
    for (module, name), original in _ORIGINALS.items():
        setattr(module, name, original)


def installed() -> bool:
    return common.make_connection is _make_connection
