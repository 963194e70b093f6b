"""One page view or file download recorded in CKAN's ``tracking_raw``.

The visitor key: ``HMAC-SHA256(salt of the day, address | X-Forwarded-For
| user agent | Accept-Language)`` (the forwarded address tells visitors
apart behind the portal's proxy), 32 hex digits. The salt is 32 random bytes drawn once a
day (``SET NX`` in Redis, expiring after two days), so a visitor who comes
back the same day counts once (``ckan tracking update`` counts distinct
keys per address and day) and yesterday's keys cannot be recomputed once
the salt has expired. Nothing else about the visitor is stored.
"""
from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

import sqlalchemy as sa

import ckan.model as model
from ckan.lib.redis import connect_to_redis

__all__ = ["KINDS", "MAX_URL", "SALT_SECONDS", "visitor_key", "record"]

KINDS = ("page", "resource")
MAX_URL = 2000
SALT_SECONDS = 2 * 86400


def _salt(today: datetime.date) -> bytes:
    redis = connect_to_redis()
    key = f"satudata:usage:salt:{today.isoformat()}"
    redis.set(key, secrets.token_hex(32), nx=True, ex=SALT_SECONDS)
    return redis.get(key)


def visitor_key(headers: dict[str, str], today: datetime.date | None = None) -> str:
    """The day's pseudonymous key of one browser: ``headers`` holds
    ``address``, ``forwarded``, ``agent`` and ``language``."""
    salt = _salt(today or datetime.date.today())
    parts = (headers.get(k) or "" for k in ("address", "forwarded", "agent", "language"))
    message = "|".join(parts).encode("utf-8", "replace")
    return hmac.new(salt, message, hashlib.sha256).hexdigest()[:32]


def record(url: str, kind: str, key: str) -> bool:
    """Store one view (``page``) or download (``resource``) and commit;
    False when this key has it already today (one row per visitor, address
    and day is all the roll-up counts, so a reloading browser adds none).
    The time is local, as ckanext-tracking's own rows."""
    now = datetime.datetime.now()
    day = datetime.datetime.combine(now.date(), datetime.time())
    added = model.Session.execute(sa.text(
        "INSERT INTO tracking_raw (user_key, url, tracking_type, access_timestamp) "
        "SELECT :key, :url, :kind, :now WHERE NOT EXISTS (SELECT 1 FROM tracking_raw "
        "WHERE user_key = :key AND url = :url AND tracking_type = :kind "
        "AND access_timestamp >= :day)"),
        {"key": key, "url": url, "kind": kind, "now": now, "day": day}).rowcount
    model.Session.commit()
    return bool(added)
