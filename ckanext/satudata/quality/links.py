"""One resource's link (over HTTP) or uploaded file (read locally) checked:
reachable, its media type and size, and whether its first bytes are what
its declared format says.

Safe to point at any URL an OPD types: only ``http``/``https``; the host
is resolved here and the connection made to the address that was checked
(no second lookup a DNS rebinding could change), and loopback, private,
link-local, multicast and reserved addresses are refused unless the host
or address is in ``ckanext.satudata.link_check.allow`` (the demo's local
server); redirects followed by hand, each hop checked again, at most
``max_redirects``; every connection and read bounded by ``timeout`` and
the whole check by three times that (a server dripping bytes is cut off);
an IPv6 address carrying an IPv4 one (mapped, 6to4, Teredo, NAT64) is
judged by both;
never more than ``sniff.HEAD_BYTES`` read. HEAD first; a ranged GET where
HEAD is refused, and for the first bytes.
"""
from __future__ import annotations

import csv
import dataclasses
import ipaddress
import mimetypes
import os
import http.client
import socket
import ssl
import threading
import urllib.parse
from typing import Any, Optional

import urllib3
import urllib3.connection

from . import sniff

__all__ = ["Settings", "Refused", "check_url", "check_file", "content_ok"]

_HEAD_REFUSED = {400, 403, 405, 406, 500, 501}
_REDIRECTS = {301, 302, 303, 307, 308}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_DEADLINE_TIMES = 3     # a whole check (every hop, HEAD and GET) within 3 × timeout


_TLS = ssl.create_default_context()     # the system's trust store, certificates verified


class Refused(Exception):
    """An address this portal does not connect to."""


@dataclasses.dataclass(frozen=True)
class Settings:
    timeout: float = 10.0
    max_redirects: int = 5
    allow: tuple[str, ...] = ()
    user_agent: str = "ckanext-satudata link check"


def _csv_parses(head: bytes) -> bool:
    """The complete lines of the first bytes read as CSV rows of one length."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(head) >= sniff.HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]          # the last line may be cut short
    lines = [line for line in lines if line.strip()][:50]
    if not lines:
        return False
    for delimiter in ",;\t|":
        widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        if len(widths) == 1 and widths != {1}:
            return True
    return all(len(row) == 1 for row in csv.reader(lines))     # a single column


def content_ok(fmt: str | None, detected: Optional[str], head: bytes) -> Optional[bool]:
    """Whether the first bytes are what ``fmt`` says (None: nothing read;
    a service or a format without a signature: reachable is enough)."""
    if detected is None:
        return None
    if sniff.mismatch(fmt or "", detected):
        return False
    if (fmt or "").strip().upper() in ("CSV", "TSV"):
        return _csv_parses(head)
    return True


def _allowed(host: str, address: ipaddress._BaseAddress, allow: tuple[str, ...]) -> bool:
    for entry in allow:
        if entry == host:
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _embedded(address: Any) -> list[Any]:
    """The address and the IPv4 address an IPv6 one carries (mapped,
    6to4, Teredo, NAT64, IPv4-compatible): each must be public."""
    found = [address]
    if address.version == 6:
        for inner in (address.ipv4_mapped, address.sixtofour,
                      address.teredo[1] if address.teredo else None):
            if inner is not None:
                found.append(inner)
        packed = int(address)
        if address in _NAT64 or (packed >> 32) == 0:      # 64:ff9b::/96, ::a.b.c.d
            found.append(ipaddress.IPv4Address(packed & 0xFFFFFFFF))
    return found


def _address(host: str, port: int, allow: tuple[str, ...]) -> str:
    """The address to connect to, every address of the host checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused("dns") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        for each in _embedded(address):
            internal = (not each.is_global or each.is_multicast
                        or (each.version == 6 and each.is_site_local))
            if internal and not _allowed(host, address, allow):
                raise Refused("private-address")
    return str(addresses[0])


class _Watch:
    """The whole check's deadline: when it passes, the open connections are
    shut, which ends a read that a server drips out byte by byte."""

    def __init__(self, seconds: float) -> None:
        self.connections: list[Any] = []
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        self.expired = True
        for sock in self.sockets:       # held by the response once http.client lets go of it
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        self._timer.cancel()
        for connection in self.connections:
            connection.close()


def _request(method: str, url: str, settings: Settings, headers: dict[str, str],
             watch: _Watch) -> Any:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("scheme")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _address(host, port, settings.allow)
    if parts.scheme == "https":
        connection: Any = urllib3.connection.HTTPSConnection(
            address, port, timeout=settings.timeout, ssl_context=_TLS, server_hostname=host,
            assert_hostname=host)
    else:
        connection = urllib3.connection.HTTPConnection(address, port, timeout=settings.timeout)
    watch.connections.append(connection)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    default_port = port == (443 if parts.scheme == "https" else 80)
    named = f"[{host}]" if ":" in host else host          # an IPv6 literal keeps its brackets
    sent = {"Host": named if default_port else f"{named}:{port}",
            "User-Agent": settings.user_agent, **headers}
    connection.request(method, target, headers=sent, preload_content=False)
    watch.sockets.append(connection.sock)
    return connection.getresponse()


def _follow(method: str, url: str, settings: Settings, headers: dict[str, str],
            watch: _Watch) -> tuple[Any, str]:
    """The response after at most ``max_redirects`` redirects, and its URL."""
    for _ in range(settings.max_redirects + 1):
        response = _request(method, url, settings, headers, watch)
        if response.status not in _REDIRECTS or not response.headers.get("Location"):
            return response, url
        url = urllib.parse.urljoin(url, response.headers["Location"])
    raise Refused("too-many-redirects")


def _size(response: Any) -> Optional[int]:
    ranged = response.headers.get("Content-Range", "")
    if "/" in ranged and ranged.rsplit("/", 1)[1].isdigit():
        return int(ranged.rsplit("/", 1)[1])
    length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() and response.status != 206 else None


def _media_type(response: Any) -> Optional[str]:
    value = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return value or None


def _broken(reason: str, status: Optional[int] = None) -> dict[str, Any]:
    return {"state": "error" if status is None else "broken", "status_code": status,
            "reason": reason, "media_type": None, "size": None, "detected": None,
            "format_ok": None}


def check_url(url: str, fmt: str | None, settings: Settings) -> dict[str, Any]:
    """The link's check: ``state`` (``ok``, ``broken``: an HTTP error,
    ``error``: refused or unreachable), ``status_code``, ``reason``,
    ``media_type``, ``size``, ``detected``, ``format_ok``."""
    ranged = {"Range": f"bytes=0-{sniff.HEAD_BYTES - 1}"}
    watch = _Watch(settings.timeout * _DEADLINE_TIMES)
    try:
        response, final = _follow("HEAD", url, settings, {}, watch)
        head = b""
        if response.status in _HEAD_REFUSED or response.status < 400:
            head_status = response.status
            got, final = _follow("GET", final, settings, ranged, watch)
            head = got.read(sniff.HEAD_BYTES, decode_content=True) if got.status < 400 else b""
            if head_status < 400 and got.status >= 400:
                got = response          # HEAD answered; the GET failed: the link stands
            response = got
        if watch.expired:
            return _broken("timeout")
    except Refused as refused:
        return _broken(str(refused))
    except (urllib3.exceptions.HTTPError, OSError, ValueError, http.client.HTTPException) as error:
        if watch.expired or "timed out" in str(error).lower():
            return _broken("timeout")
        return _broken("unreachable")
    finally:
        watch.stop()
    if response.status >= 400:
        return _broken(f"http-{response.status}", response.status)
    detected = sniff.detect(head) if head else None
    return {"state": "ok", "status_code": response.status, "reason": "",
            "media_type": _media_type(response), "size": _size(response), "detected": detected,
            "format_ok": content_ok(fmt, detected, head)}


def check_file(path: Optional[str], fmt: str | None, flagged: bool = False) -> dict[str, Any]:
    """An uploaded file, read where the portal keeps it."""
    if not path or not os.path.isfile(path):
        return _broken("file-missing", 404)
    with open(path, "rb") as handle:
        head = handle.read(sniff.HEAD_BYTES)
    detected = sniff.detect(head)
    ok = content_ok(fmt, detected, head)
    return {"state": "ok", "status_code": None, "reason": "",
            "media_type": mimetypes.guess_type(path)[0], "size": os.path.getsize(path),
            "detected": detected, "format_ok": False if flagged else ok}
