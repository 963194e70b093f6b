"""Anonymous pages and API reads kept in Redis, never stale.

Most visitors are anonymous and ask for the same few things (the landing
and search pages, a dataset, the search API, the DCAT feed). Their answers
are kept in Redis under a key that holds the catalogue's *generation* (the
PostgreSQL sequence of ``search/cache.py``, with its identity so that a
recreated database never meets an older one's entries). Any commit that
changed a row through the ORM, or the search index, bumps the generation
before the writer's response leaves (``Session.after_commit``): the very
next request reads under the new generation, and what older requests cached
is never read again.

What is kept: ``GET`` requests without credentials (no session or
remember-me cookie, no API token) to the pages and read actions below,
answered 200 with no ``Set-Cookie`` and not marked ``private`` (CKAN marks a
rendered page ``private`` whenever the visitor is logged in or has a
session). A logged-in user is never served a kept page and never fills one.
After a change, the first request for a page renders it and the others
asking for it meanwhile wait for that (up to 1.5 s) instead of rendering
it too. When Redis is down or slow the cache is bypassed for a few seconds
(``_Breaker``): pages are served as if it did not exist.
"""
from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import Any, Callable, Iterable, Optional

import redis
import sqlalchemy as sa
from sqlalchemy import event

import ckan.model as model

from ..search import cache as search_cache

log = logging.getLogger(__name__)

__all__ = ["PageCache", "listen", "wrap"]

# pages and reads worth keeping (after an optional /en or /id prefix)
_PATHS = re.compile(
    r"^(?:/(?:en|id))?(?:/|/about|/catalog\.\w+|/vocab(?:/[^/]+){0,2}|/monev(?:\.csv|\.xlsx)?"
    r"|/(?:dataset|organization|group)(?:/[^/]+)?(?:/resource/[^/]+)?"
    r"|/api(?:/3)?/action/(?:package_search|package_show|package_list|resource_show"
    r"|organization_list|organization_show|group_list|group_show|tag_list|license_list"
    r"|status_show|dcat_catalog_search|satudata_vocabulary_\w+|satudata_opd_\w+"
    r"|satudata_monev_show|satudata_quality_show))/?$")
_CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY")
_HIT = ("X-Satudata-Cache", "hit")
_MISS = ("X-Satudata-Cache", "miss")
_CLAIM_MS = 1500        # how long others wait for the one rendering a page
_GENERATION = sa.text(
    "SELECT last_value, 'satudata_search_generation'::regclass::oid FROM satudata_search_generation")


class _Breaker:
    """Redis is left alone for ``pause`` seconds after it failed once."""

    def __init__(self, pause: float = 5.0) -> None:
        self.pause = pause
        self.until = 0.0

    def open(self) -> bool:
        return time.monotonic() < self.until

    def trip(self, error: Exception) -> None:
        log.warning("Page cache bypassed for %.0f s: Redis failed (%r)", self.pause, error)
        self.until = time.monotonic() + self.pause


class PageCache:
    """WSGI middleware around CKAN's Flask ``wsgi_app``."""

    def __init__(self, app: Callable, redis_url: str, site_id: str, ttl: int,
                 max_bytes: int, session_cookies: Iterable[str],
                 credential_headers: Iterable[str] = _CREDENTIAL_HEADERS) -> None:
        self.app = app
        self.credentials = tuple(credential_headers)
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.site_id = site_id
        self.cookies = tuple(session_cookies)
        # short timeouts: a Redis that hangs must not hang the page
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=0.25,
                                          socket_connect_timeout=0.25)
        self.breaker = _Breaker()

    # -- which requests ------------------------------------------------------
    def _anonymous(self, environ: dict[str, Any]) -> bool:
        if any(environ.get(h) for h in self.credentials):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return not any(f"{name}=" in cookies for name in self.cookies)

    def _key(self, environ: dict[str, Any]) -> Optional[str]:
        try:
            with model.meta.engine.connect() as conn:
                generation, identity = conn.execute(_GENERATION).one()
        except sa.exc.SQLAlchemyError as e:
            log.warning("Page cache bypassed: no catalogue generation (%r)", e)
            return None
        parts = "\n".join((environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""),
                           environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                           environ.get("HTTP_ACCEPT", "")))
        digest = hashlib.sha1(parts.encode("utf-8", "surrogateescape")).hexdigest()
        return f"satudata:page:{self.site_id}:{identity}:{generation}:{digest}"

    # -- Redis, failing soft -------------------------------------------------
    def _get(self, key: str) -> Optional[list[bytes]]:
        if self.breaker.open():
            return None
        try:
            return self.redis.lrange(key, 0, -1) or None
        except redis.RedisError as e:
            self.breaker.trip(e)
            return None

    def _put(self, key: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        if self.breaker.open():
            return
        head = "\n".join([status] + [f"{k}: {v}" for k, v in headers]).encode("latin-1")
        try:
            with self.redis.pipeline() as pipe:
                pipe.delete(key).rpush(key, head, body).expire(key, self.ttl).execute()
        except redis.RedisError as e:
            self.breaker.trip(e)

    # -- WSGI ----------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if (environ.get("REQUEST_METHOD") != "GET" or not _PATHS.match(environ.get("PATH_INFO", ""))
                or not self._anonymous(environ)):
            return self.app(environ, start_response)
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        kept = self._get(key)
        if not kept and not self._claim(key):
            kept = self._wait(key)      # another process renders it right now
        if kept and len(kept) == 2:
            status, *lines = kept[0].decode("latin-1").split("\n")
            start_response(status, [tuple(line.split(": ", 1)) for line in lines] + [_HIT])
            return [kept[1]]
        try:
            return self._fill(key, environ, start_response)
        finally:
            self._release(key)

    # -- one render per page after a change (no stampede) ---------------------
    def _claim(self, key: str) -> bool:
        """True when this request renders the page: nobody else is doing it,
        or Redis cannot tell."""
        if self.breaker.open():
            return True
        try:
            return bool(self.redis.set(f"{key}:lock", b"1", nx=True, px=_CLAIM_MS))
        except redis.RedisError as e:
            self.breaker.trip(e)
            return True

    def _wait(self, key: str) -> Optional[list[bytes]]:
        """The page once the one rendering it kept it; None when it finished
        without keeping it (an error, a cookie …) or took too long."""
        deadline = time.monotonic() + _CLAIM_MS / 1000
        while time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                kept, rendering = self.redis.pipeline().lrange(key, 0, -1).exists(
                    f"{key}:lock").execute()
            except redis.RedisError as e:
                self.breaker.trip(e)
                return None
            if kept or not rendering:
                return kept or None
        return None

    def _release(self, key: str) -> None:
        if self.breaker.open():
            return
        try:
            self.redis.delete(f"{key}:lock")
        except redis.RedisError as e:
            self.breaker.trip(e)

    def _fill(self, key: str, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=list(headers))
            return start_response(status, list(headers) + [_MISS], exc_info)

        result = self.app(environ, capture)
        chunks, size = [], 0
        try:
            for chunk in result:
                chunks.append(chunk)
                size += len(chunk)
        finally:
            if hasattr(result, "close"):
                result.close()
        if self._keepable(seen, size):
            self._put(key, seen["status"], seen["headers"], b"".join(chunks))
        return chunks

    def _keepable(self, seen: dict[str, Any], size: int) -> bool:
        if not seen.get("status", "").startswith("200") or size > self.max_bytes:
            return False
        headers = {k.lower(): v for k, v in seen["headers"]}
        control = headers.get("cache-control", "").lower()
        html = headers.get("content-type", "").startswith("text/html")
        return ("set-cookie" not in headers and "private" not in control
                and "no-store" not in control and (not html or "public" in control))


def _changed(session: sa.orm.Session, flush_context: Any) -> None:
    """A flush that wrote rows changes what pages show: bump after commit."""
    if session.new or session.dirty or session.deleted:
        search_cache.mark_dirty(session)


def listen() -> None:
    """Every ORM write marks its session for the generation bump (idempotent)."""
    search_cache.listen()
    if not event.contains(sa.orm.Session, "after_flush", _changed):
        event.listen(sa.orm.Session, "after_flush", _changed)


def wrap(flask_app: Any, config: Any) -> None:
    """Put the cache around ``flask_app.wsgi_app`` when it is switched on."""
    if not config.get("ckanext.satudata.page_cache.enabled"):
        return
    listen()
    cookies = {config.get("SESSION_COOKIE_NAME") or "ckan",
               config.get("REMEMBER_COOKIE_NAME") or "remember_token"}
    # the API token's header is configurable (apitoken_header_name)
    token = "HTTP_" + (config.get("apitoken_header_name") or "Authorization").upper().replace("-", "_")
    flask_app.wsgi_app = PageCache(
        flask_app.wsgi_app, config.get("ckan.redis.url"), config.get("ckan.site_id") or "",
        ttl=config.get("ckanext.satudata.page_cache.ttl"),
        max_bytes=config.get("ckanext.satudata.page_cache.max_kb") * 1024,
        session_cookies=cookies, credential_headers={token, *_CREDENTIAL_HEADERS})
