"""A live portal for tests that need one over real HTTP (the browser's
journeys; xloader, which downloads a file from the portal as its worker).

CKAN's WSGI application built from the test configuration, served by
werkzeug in a daemon thread on a free port of 127.0.0.1, so that what a test
builds with the factories is what the client finds. While it serves,
``ckan.site_url`` is its address, so the links CKAN qualifies (an uploaded
file's download address) lead back to it; the configuration is restored
afterwards.
"""
from __future__ import annotations

import contextlib
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from werkzeug.serving import make_server

import ckan.config.environment
import ckan.config.middleware
import ckan.model as model
from ckan.lib import app_globals
from ckan.common import config

WAIT = 10                  # seconds a page may take


@dataclass
class LiveServer:
    url: str
    server_errors: list[str] = field(default_factory=list)

    def configure(self) -> None:
        """The live server's options, again: CKAN's pytest plugin puts the
        test configuration back before every test."""
        config["ckan.site_url"] = self.url
        config["testing"] = True

    def get(self, path_or_url: str) -> tuple[int, bytes, dict[str, str]]:
        """GET a path (or one of the live server's addresses) as an
        anonymous client: status, body and headers."""
        url = path_or_url if path_or_url.startswith("http") else self.url + path_or_url
        assert url.startswith(self.url), f"{url} is not on the live server {self.url}"
        try:
            with urllib.request.urlopen(url, timeout=WAIT) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


class _Served:
    """The WSGI application, its SQLAlchemy session removed after every
    request (a session left open would block the next reset's TRUNCATE)
    and its 5xx answers recorded for the test to fail on."""

    def __init__(self, errors: list[str]) -> None:
        self.app: Callable[..., Any] | None = None
        self.errors = errors

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def recording(status: str, headers: list[Any], *args: Any) -> Any:
            if status[:1] == "5":
                self.errors.append(f"{status} for {environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
            return start_response(status, headers, *args)
        try:
            assert self.app is not None
            return list(self.app(environ, recording))
        except Exception as error:
            self.errors.append(f"{error!r} for {environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
            raise
        finally:
            model.Session.remove()


@contextlib.contextmanager
def serving() -> Iterator[LiveServer]:
    """The portal on http://127.0.0.1:<free port> while the block runs."""
    from .conftest import plugins_loaded
    plugins_loaded()
    saved = dict(config)
    errors: list[str] = []
    served = _Served(errors)
    server = make_server("127.0.0.1", 0, served, threaded=True)
    live = LiveServer(f"http://127.0.0.1:{server.server_port}", errors)
    live.configure()
    served.app = ckan.config.middleware.make_app(config)
    live.configure()                       # building the app read the ini's back
    app_globals.reset()
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(WAIT)
        config.clear()
        config.update(saved)
        ckan.config.environment.update_config()   # what CKAN derives from site_url, back as it was
