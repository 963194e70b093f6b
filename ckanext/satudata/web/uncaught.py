"""What a view lets escape of CKAN's logic errors is answered as the API
answers it, never as a 500: ``NotFound`` 404, ``NotAuthorized`` 403,
``ValidationError`` 400, each on CKAN's error page in the request's
language. Upstream views that call an action without catching its errors
(``ckanext.activity``'s ``package_changes_multiple`` among them) otherwise
end in CKAN's 500 handler. Flask picks the handler of the most specific
class, so CKAN's own handler for ``Exception`` still gets everything else.
``tests/web/test_hidden.py`` and ``tests/web/test_uncaught.py`` cover it."""
from __future__ import annotations

from typing import Any, Callable

import flask
from werkzeug import exceptions

import ckan.plugins.toolkit as tk

__all__ = ["install"]


def _answer(http: type[exceptions.HTTPException], message: Callable[[], str]) -> Callable[..., Any]:
    def handler(error: Exception) -> Any:
        # CKAN's own handler of the HTTP error draws the page
        return flask.current_app.handle_http_exception(http(message()))
    return handler


def install(app: Any) -> None:
    app.register_error_handler(tk.ObjectNotFound, _answer(exceptions.NotFound, lambda: tk._("Not found")))
    app.register_error_handler(tk.NotAuthorized, _answer(
        exceptions.Forbidden, lambda: tk._("Not authorized to see this page")))
    app.register_error_handler(tk.ValidationError, _answer(
        exceptions.BadRequest, lambda: tk._("Bad request")))
