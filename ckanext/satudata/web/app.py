"""The web process's additions, wired into CKAN's Flask app (IMiddleware)."""
from __future__ import annotations

from typing import Any

from . import page_cache


def install(app: Any, config: Any) -> Any:
    """Called once per application by ``SatuDataPlugin.make_middleware``
    with CKAN's Flask app; returns the (possibly wrapped) WSGI app."""
    # last: the page cache wraps everything above, outermost
    page_cache.wrap(app, config)
    return app
