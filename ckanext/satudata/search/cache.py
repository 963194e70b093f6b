"""Redis cache of hit counts and facet counts, exact by construction.

Counting facets means reading every matching document; for the broad queries
that most visitors send (the catalogue's landing page, one OPD, one sector)
that is most of the index. Those results are cached in Redis under a key that
includes the index *generation*: the PostgreSQL sequence
``satudata_search_generation``, bumped after every commit that changed the
index. A reader that raced a writer can only have cached under the old
generation, which nobody reads any more: nothing stale is ever served. The
sequence lives in the database, so a reset or restored database never meets
another one's cache entries; a commit whose bump was lost (process killed in
between) is covered by the entries' TTL.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy import event

from ckan.common import config
from redis.exceptions import RedisError

from ckan.lib.redis import connect_to_redis

__all__ = ["get", "put", "mark_dirty", "is_dirty", "listen"]

log = logging.getLogger(__name__)

TTL_SECONDS = 600
_DIRTY = "satudata_search_dirty"




_GENERATION = sa.text("SELECT last_value FROM satudata_search_generation")
_BUMP = sa.text("SELECT nextval('satudata_search_generation')")


def _key(conn: Any, parts: Any) -> str:
    generation = conn.execute(_GENERATION).scalar()
    digest = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"satudata:search:{config.get('ckan.site_id')}:{generation}:{digest}"


def get(conn: Any, parts: Any) -> tuple[Optional[str], Optional[Any]]:
    """``(key, cached value or None)``; key is None when Redis is down,
    which only costs speed."""
    key = _key(conn, parts)
    try:
        raw = connect_to_redis().get(key)
    except RedisError as e:
        log.warning("Search cache read failed: %r", e)
        return None, None
    return key, (json.loads(raw) if raw else None)


def put(key: Optional[str], value: Any) -> None:
    if key is None:
        return
    try:
        connect_to_redis().set(key, json.dumps(value), ex=TTL_SECONDS)
    except RedisError as e:
        log.warning("Search cache write failed: %r", e)


def is_dirty(session: Any) -> bool:
    """Uncommitted index changes in this session: its counts are its own,
    neither to be read from nor written to the shared cache."""
    return bool(session.info.get(_DIRTY))


def mark_dirty(session: Any) -> None:
    """The index changed in ``session``'s transaction: bump after commit."""
    session.info[_DIRTY] = True


def _after_commit(session: sa.orm.Session) -> None:
    if session.info.pop(_DIRTY, False):
        # the session's transaction is over: bump on a connection of its own
        try:
            with session.get_bind().connect() as conn:
                conn.execute(_BUMP)
                conn.commit()
        except sa.exc.SQLAlchemyError as e:
            log.warning("Search cache generation bump failed (entries expire in %d s): %r",
                        TTL_SECONDS, e)


def _after_rollback(session: sa.orm.Session) -> None:
    session.info.pop(_DIRTY, None)


def listen() -> None:
    """Hook the generation bump to every SQLAlchemy session (idempotent)."""
    if not event.contains(sa.orm.Session, "after_commit", _after_commit):
        event.listen(sa.orm.Session, "after_commit", _after_commit)
        event.listen(sa.orm.Session, "after_rollback", _after_rollback)
