"""No web request can hold the database: a statement timeout for the
statements of web requests, and a 503 for a statement it cancelled.

- Timeout: ``ckanext.satudata.statement_timeout`` (PostgreSQL's syntax,
  ``5s`` by default, ``0`` turns it off) is set with ``SET LOCAL`` (through
  ``set_config(…, true)``) at the start of every transaction that
  ``ckan.model.Session`` begins while a request that went through the app is
  being answered. A hook at the head of ``before_request`` marks such a
  request; CLI commands, the background worker and code running in a bare
  ``test_request_context`` are never marked, so their statements keep the
  server's own setting.
- Answer: PostgreSQL cancels an overrunning statement with SQLSTATE 57014
  (psycopg2 ``QueryCanceled``, an ``OperationalError``). An engine
  ``handle_error`` event notes it on the request; whether the error then
  reaches Flask (pages: our error handler) or a view catches it and answers
  500 (the action API does: our ``after_request``), the session is rolled
  back and the answer is a 503 with ``Retry-After``: JSON for ``/api/``,
  CKAN's error page otherwise. The transaction that was cancelled wrote
  nothing; the next request starts a new one.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any

import flask
import sqlalchemy as sa
from sqlalchemy import event
from werkzeug.exceptions import ServiceUnavailable

import ckan.model as model
import ckan.plugins.toolkit as tk

__all__ = ["install", "RETRY_AFTER"]

log = logging.getLogger(__name__)

RETRY_AFTER = 5                     # seconds, in the 503's Retry-After header
_TIMEOUT = "satudata.statement_timeout"       # request.environ: this request's timeout
_CANCELLED = "satudata.statement_cancelled"   # request.environ: a statement was cancelled
_QUERY_CANCELED = "57014"
_VALUE = re.compile(r"\s*\d+\s*(us|ms|s|min|h|d)?\s*")
_OFF = re.compile(r"0+\s*[a-z]*")
_SET = sa.text("SELECT set_config('statement_timeout', :timeout, true)")


def install(app: Any) -> None:
    """Wire the timeout and its 503 into CKAN's Flask ``app``."""
    timeout = str(tk.config["ckanext.satudata.statement_timeout"])
    if not _VALUE.fullmatch(timeout):
        raise ValueError(f"ckanext.satudata.statement_timeout = {timeout!r}: use a number of "
                         "milliseconds or a PostgreSQL duration such as 500ms, 5s, 1min")
    funcs = app.before_request_funcs.setdefault(None, [])
    if _mark_request not in funcs:
        funcs.insert(0, _mark_request)
    if _answer_cancelled not in app.after_request_funcs.get(None, []):
        app.after_request(_answer_cancelled)
    app.register_error_handler(sa.exc.DBAPIError, _on_database_error)
    if not event.contains(model.Session, "after_begin", _set_timeout):
        event.listen(model.Session, "after_begin", _set_timeout)
    if not event.contains(sa.engine.Engine, "handle_error", _note_cancel):
        event.listen(sa.engine.Engine, "handle_error", _note_cancel)


def _mark_request() -> None:
    timeout = str(tk.config["ckanext.satudata.statement_timeout"]).strip()
    if _OFF.fullmatch(timeout):
        return
    flask.request.environ[_TIMEOUT] = timeout
    session = model.Session()
    if session.in_transaction():    # begun before this request (a test's own session)
        session.execute(_SET, {"timeout": timeout})


def _set_timeout(session: Any, transaction: Any, connection: Any) -> None:
    """Session ``after_begin``: SET LOCAL for the transaction just begun."""
    if flask.has_request_context() and (timeout := flask.request.environ.get(_TIMEOUT)):
        connection.execute(_SET, {"timeout": timeout})


def _note_cancel(context: Any) -> None:
    """Engine ``handle_error``: remember that the database cancelled a statement."""
    if getattr(context.original_exception, "pgcode", None) == _QUERY_CANCELED \
            and flask.has_request_context():
        flask.request.environ[_CANCELLED] = True


def _cancelled(error: BaseException) -> bool:
    return bool(flask.request.environ.get(_CANCELLED)) \
        or getattr(getattr(error, "orig", None), "pgcode", None) == _QUERY_CANCELED


def _on_database_error(error: sa.exc.DBAPIError) -> Any:
    """Flask error handler: a cancelled statement (or what failed after it in
    the aborted transaction) is a 503; any other database error goes on to
    CKAN's own handling."""
    if not _cancelled(error):
        raise error
    return _unavailable()


def _answer_cancelled(response: flask.Response) -> flask.Response:
    """after_request: a view that caught the cancelled statement itself and
    answered 5xx (the action API answers 500) answers 503 instead."""
    if response.status_code >= 500 and flask.request.environ.get(_CANCELLED):
        return _unavailable()
    return response


def _unavailable() -> flask.Response:
    log.warning("Statement timeout: %s %s answered 503", flask.request.method, flask.request.path)
    model.Session.rollback()
    message = tk._("The database took too long to answer and the request was stopped. "
                   "Please try again in a moment; a simpler search may help.")
    if flask.request.path.startswith("/api/"):
        body = {"success": False, "error": {"__type": "Service Unavailable", "message": message}}
        response = flask.Response(json.dumps(body), status=503,
                                  content_type="application/json;charset=utf-8")
    else:
        response = flask.make_response(
            flask.current_app.handle_http_exception(ServiceUnavailable(description=message)))
        response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
