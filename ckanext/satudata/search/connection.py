"""A pysolr-compatible connection that answers from PostgreSQL.

CKAN talks to its index only through ``make_connection()`` objects
(``search``, ``add``, ``delete``, ``commit``); this class speaks that same
protocol, so CKAN's own query building (fq, permission labels, site id,
dismax parameters) and document building run unchanged in front of it.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model

from . import errors, index, query
from .compile import Compiled, Compiler
from .syntax import parse

__all__ = ["PostgresConnection"]

log = logging.getLogger(__name__)


class PostgresConnection:
    """Index and query through ``model.Session``: the dataset's own transaction."""

    url = "postgresql://satudata-search"

    def __init__(self, decode_dates: bool = True, **_: Any) -> None:
        self.decode_dates = decode_dates

    @property
    def _session(self):
        return model.Session

    def search(self, q: Optional[str] = None, **params: Any) -> query.Results:
        params["q"] = q if q is not None else params.get("q")
        try:
            return query.run(self._session, params)
        except query.ParamError as e:
            raise errors.query_error(e.param, e.error)

    def add(self, docs: list[dict[str, Any]], commit: bool = True, **_: Any) -> None:
        index.upsert(self._session, docs)

    def delete(self, id: Optional[str] = None, q: Optional[str] = None,
               commit: bool = True, **_: Any) -> None:
        out = Compiled()
        if id is not None:
            where = "d.index_id = :p_id OR d.id = :p_id"
            out.params["p_id"] = id
        elif q is not None:
            compiler = Compiler(out, lambda terms: {})
            where = compiler.node(parse(q))
        else:   # CKAN always passes one of them
            raise ValueError("delete() needs id or q")
        deleted = index.delete_where(self._session, where, out.params)
        log.debug("Deleted %d search documents", deleted)
        if commit:
            self.commit()

    def commit(self, **_: Any) -> None:
        """Commit, as Solr would, when CKAN asks outside a dataset write
        (``search-index clear``, ``dataset_purge``). Inside an action's
        savepoint (``package_update``) the action's own commit does it.
        ``ckan search-index rebuild`` commits here once at its end: after
        that many documents the index tables are analyzed (index.analyze)."""
        if not self._session().in_nested_transaction():
            self._session.commit()
            if index.analyze(self._session):
                self._session.commit()

    def optimize(self, **_: Any) -> None:
        """Nothing to optimize: PostgreSQL's autovacuum keeps the index."""

    def ping(self, **_: Any) -> str:
        self._session.execute(sa.text("SELECT 1"))
        return "OK"
