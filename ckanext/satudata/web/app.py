"""The web process's additions, wired into CKAN's Flask app (IMiddleware)."""
from __future__ import annotations

from typing import Any

from ..access import download as access_download
from ..lang import js as js_translations
from ..preview import tables as preview_tables
from . import hidden, limits, page_cache, slots, timeouts, uncaught


def install(app: Any, config: Any) -> Any:
    """Called once per application by ``SatuDataPlugin.make_middleware``
    with CKAN's Flask app; returns the (possibly wrapped) WSGI app."""
    js_translations.build()         # /api/i18n/<lang>: the JS modules' strings translated
    timeouts.install(app)           # statement timeout of web requests, 503 when it strikes
    limits.install(app)             # bad input: a 4xx before any work (right after CKAN's before_request)
    hidden.install(app)             # a dataset one may not see answers as a missing one
    uncaught.install(app)           # a logic error a view lets escape: 404/403/400, not 500
    access_download.install(app)    # a Terbatas file only to whom reaches it, downloads logged
    preview_tables.install(app)     # the DataTables view's requests: its view reached, numbers checked
    slots.install(app, config)      # at most a few searches at once on this machine
    # last: the page cache wraps everything above, outermost
    page_cache.wrap(app, config)
    return app
