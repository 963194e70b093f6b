"""Limits at the door: bad input gets a clear 4xx in the caller's language
before any work is done for it.

One ``before_request`` function on CKAN's Flask app checks every request.
It runs right after CKAN's own ``ckan_before_request`` (which identifies
the user and sets up ``g``: the error page and CKAN's ``after_request``
need both) and before everything that reads the parameters or the body:
CSRF protection, blueprints' hooks and the views.

========================================  ===========================  =======
What                                      Limit                        Status
========================================  ===========================  =======
request body                              ``limits.max_body_kb``       413
multipart upload to a resource route      ``ckan.max_resource_size``   413
multipart upload to an image route        ``ckan.max_image_size``      413
control characters (U+0000-U+001F,        none in the path and the     400
U+007F) in the path, query string, form   query string; tab, LF and
fields, file names and JSON bodies        CR allowed in bodies
``q``, ``fq``, each ``fq_list`` item and  ``limits.max_query_length``  409/400
each facet value of a search page         characters each
terms of ``q`` (words, phrases, ranges;   ``limits.max_query_terms``   409/400
operators do not count)
terms of the filters together (``fq``,    50                           409/400
``fq_list``, a search page's facets)
``rows`` (an integer)                     0-``ckan.search.rows_max``   409
``start`` (an integer)                    0-``limits.max_start``       409
``page`` of a page                        integer 1-(``max_start`` /   400
                                          ``datasets_per_page`` + 1)
``sort``                                  200 characters, 3 keys       409/400
``facet.field``                           list of at most 20 names     409
``facet.limit``, ``facet.mincount``       integers -1/0 to 1,000,000   409
a list or an object where package_search  text, number or true/false   409
expects text, a number or a flag
========================================  ===========================  =======

409/400: the action API answers 409 with CKAN's validation error shape
(``{"success": false, "error": {"__type": "Validation Error", "rows":
[message]}}``, as CKAN's own validators do), pages 400 with CKAN's error
page. The API's 400 and 413 use the same shape, naming ``path``, ``body``
or the parameter. Two calls CKAN refuses itself with English literals are
answered here first, in CKAN's own shape (``{"__type": "Bad request",
"message": …}``, 400) and the caller's language: an action that does not
exist, and a body that is not a JSON object.
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

import flask
from werkzeug.exceptions import RequestEntityTooLarge

import ckan.plugins.toolkit as tk
from ckan.config.middleware.flask_app import ckan_before_request

__all__ = ["install", "check_request", "count_terms"]

# nothing below U+0020 in paths and query strings; bodies may keep tab, LF, CR
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERM = re.compile(r'"[^"]*"?|\[[^\]]*\]?|\{[^}]*\}?|[^\s()"\[\]{}]+')
_OPERATORS = {"AND", "OR", "NOT", "TO", "&&", "||", "+", "-", "!"}
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
MAX_SORT_LENGTH = 200
MAX_SORT_KEYS = 3
MAX_FACET_FIELDS = 20
MAX_FILTER_TERMS = 50
MAX_FACET_NUMBER = 1_000_000
_TEXT_PARAMS = ("q", "fq", "sort", "qf", "facet", "defType", "mm", "q.op", "df", "tie")
_FLAG_PARAMS = ("include_private", "include_drafts", "include_deleted", "use_default_schema")
_RESOURCE_ACTIONS = {"resource_create", "resource_update", "resource_patch"}
_IMAGE_ACTIONS = {f"{o}_{v}" for o in ("group", "organization", "user")
                  for v in ("create", "update", "patch")} | {"config_option_update"}
_IMAGE_PAGES = {"new", "edit", "register", "config"}
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class Rejected(Exception):
    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(status, field, message)
        self.status, self.field, self.message = status, field, message


class BadApiRequest(Rejected):
    """A call the action API cannot read (no such action, a body that is not
    a JSON object): CKAN's own 400 answer, whose message CKAN builds from
    English literals, in the request's language."""

    def __init__(self, message: str) -> None:
        super().__init__(400, "body", message)


def install(app: Any) -> None:
    """Put :func:`check_request` right after CKAN's ``ckan_before_request``."""
    funcs = app.before_request_funcs.setdefault(None, [])
    if check_request in funcs:
        return
    at = funcs.index(ckan_before_request) + 1 if ckan_before_request in funcs else 0
    funcs.insert(at, check_request)


def check_request() -> Optional[flask.Response]:
    """The before_request hook: None, or the 4xx answer."""
    try:
        _check()
    except Rejected as r:
        if isinstance(r, BadApiRequest):
            body = {"success": False,
                    "error": {"__type": "Bad request", "message": tk._("Bad request: %s") % r.message}}
            return flask.Response(json.dumps(body), status=r.status,
                                  content_type="application/json;charset=utf-8")
        if flask.request.path.startswith("/api/"):
            body = {"success": False,
                    "error": {"__type": "Validation Error", r.field: [r.message]}}
            return flask.Response(json.dumps(body), status=r.status,
                                  content_type="application/json;charset=utf-8")
        flask.abort(r.status, description=r.message)
    return None


# -- the checks -------------------------------------------------------------------

def _check() -> None:
    request = flask.request
    if _CONTROL.search(request.path):
        raise Rejected(400, "path", tk._("The address contains a control character (such as NUL), "
                                         "which is not allowed."))
    for key, value in request.args.items(multi=True):
        if _CONTROL.search(key) or _CONTROL.search(value):
            raise _control(key)
    data = _body(request)
    endpoint = request.endpoint or ""
    if endpoint == "api.action":
        action = (request.view_args or {}).get("logic_function")
        try:
            tk.get_action(action or "")
        except KeyError:
            raise BadApiRequest(tk._("no action is called {name}").format(name=str(action)[:100]))
        if data is _NOT_JSON or (request.method == "POST" and data is not None
                                 and not isinstance(data, dict)):
            raise BadApiRequest(tk._("the request body must be a JSON object"))
        params = data if request.method == "POST" else _mixed(request.args)
        if isinstance(params, dict):
            _api_params(action, params)
    elif request.method == "GET":
        _page_params(request.args, _is_search_page(endpoint))


def _control(field: str) -> Rejected:
    name = _CONTROL.sub("", field)[:50] or "?"
    return Rejected(400, name, tk._('"{name}" contains a control character (such as NUL), '
                                    "which is not allowed.").format(name=name))


_NOT_JSON = object()     # an action API body that does not decode


def _body(request: flask.Request) -> Any:
    """Enforce the body size and check what the body carries; returns the
    parameters it holds (a form, or decoded JSON), or None."""
    limit, upload = _body_limit(request)
    length = request.content_length
    if length is not None and length > limit:
        raise _too_large(limit, upload)
    request.max_content_length = limit      # chunked bodies: werkzeug stops reading there
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    try:
        if request.mimetype in _FORMS:
            return _form(request)
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise _too_large(limit, upload)
    if not raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None                         # not text: CKAN answers it as it does
    if request.is_json or request.path.startswith("/api/"):
        try:
            data = json.loads(text)
        except ValueError:
            return _NOT_JSON if request.endpoint == "api.action" else None
        _walk(data, "body")
        return data
    if request.mimetype.startswith("text/") and _CONTROL_IN_TEXT.search(text):
        raise _control("body")
    return None


def _form(request: flask.Request) -> dict[str, Any]:
    for key, value in request.form.items(multi=True):
        if _CONTROL_IN_TEXT.search(key) or _CONTROL_IN_TEXT.search(value):
            raise _control(key)
    for key, upload in request.files.items(multi=True):
        if _CONTROL.search(key) or _CONTROL.search(upload.filename or ""):
            raise _control(key)
    values = list(request.form.values())
    if len(values) == 1 and values[0] in ("1", "") and request.path.startswith("/api/"):
        try:        # the API's old way: a JSON body posted as a form's only key
            data = json.loads(next(iter(request.form.keys())))
        except ValueError:
            data = None
        if data is not None:
            _walk(data, "body")
            return data
    return _mixed(request.form)


def _walk(value: Any, field: str) -> None:
    """Every key and string of decoded JSON; ``field`` names the top-level key."""
    stack = [(value, field, True)]
    while stack:
        v, name, top = stack.pop()
        if isinstance(v, str):
            if _CONTROL_IN_TEXT.search(v):
                raise _control(name)
        elif isinstance(v, dict):
            for k, child in v.items():
                if _CONTROL_IN_TEXT.search(k):
                    raise _control(k if top else name)
                stack.append((child, k if top else name, False))
        elif isinstance(v, list):
            stack.extend((child, name, False) for child in v)


def _body_limit(request: flask.Request) -> tuple[int, Optional[int]]:
    """Bytes allowed for this request's body, and the upload limit in MB
    when the route takes files."""
    base = tk.config["ckanext.satudata.limits.max_body_kb"] * 1024
    if request.mimetype != "multipart/form-data":
        return base, None
    endpoint = request.endpoint or ""
    action = (request.view_args or {}).get("logic_function") if endpoint == "api.action" else None
    page = endpoint.rsplit(".", 1)[-1]
    if action in _RESOURCE_ACTIONS or (endpoint.split(".")[0].endswith("_resource")
                                       and page in ("new", "edit")):
        mb = tk.config["ckan.max_resource_size"]
    elif action in _IMAGE_ACTIONS or (action is None and page in _IMAGE_PAGES):
        mb = tk.config["ckan.max_image_size"]
    else:
        return base, None
    return mb * 1024 * 1024 + base, mb      # the file and the form around it


def _too_large(limit: int, upload_mb: Optional[int]) -> Rejected:
    if upload_mb is not None:
        return Rejected(413, "body", tk._("The upload is too large: a file may have at most "
                                          "{limit} MB.").format(limit=upload_mb))
    return Rejected(413, "body", tk._("The request is too large: at most {limit} KB."
                                      ).format(limit=limit // 1024))


def _mixed(multi: Any) -> dict[str, Any]:
    """As CKAN's API reads a query string or form: repeated keys give lists."""
    return {k: v[0] if len(v) == 1 else v for k, v in multi.to_dict(flat=False).items()}


# -- search parameters --------------------------------------------------------------

def count_terms(text: str) -> int:
    """Words, phrases and ranges of a Solr-style query; operators do not count."""
    return sum(1 for t in _TERM.findall(text) if t not in _OPERATORS)


def _api_params(action: Optional[str], data: dict[str, Any]) -> None:
    for name in ("q", "fq", "query"):
        if isinstance(data.get(name), str):
            _length(name, data[name])
    if action != "package_search":
        return
    for name in _TEXT_PARAMS:
        if isinstance(data.get(name), (dict, list)):
            raise Rejected(409, name, tk._('"{name}" must be text, not a list or an object.'
                                           ).format(name=name))
    for name in _FLAG_PARAMS:
        if isinstance(data.get(name), (dict, list)):
            raise Rejected(409, name, tk._('"{name}" must be true or false.').format(name=name))
    fq_list = data.get("fq_list", [])
    if not isinstance(fq_list, list) or not all(isinstance(f, str) for f in fq_list):
        raise _not_strings("fq_list")
    for f in fq_list:
        _length("fq_list", f)
    fl = data.get("fl")
    if fl is not None and not isinstance(fl, str) and not _strings(fl):
        raise _not_strings("fl")
    _facet_fields(data.get("facet.field"))
    rows_max = tk.config["ckan.search.rows_max"]
    _integer(data, "rows", 0, rows_max, 409)
    _integer(data, "start", 0, tk.config["ckanext.satudata.limits.max_start"], 409)
    _integer(data, "facet.limit", -1, MAX_FACET_NUMBER, 409)
    _integer(data, "facet.mincount", 0, MAX_FACET_NUMBER, 409)
    _sort(data.get("sort"), 409)
    q, fq = data.get("q"), data.get("fq")
    _terms("" if q is None else str(q),
           ([("fq", str(fq))] if fq is not None else []) + [("fq_list", f) for f in fq_list], 409)


def _page_params(args: Any, search: bool) -> None:
    for q in args.getlist("q"):
        _length("q", q, 400)
    if "page" in args:
        per_page = tk.config["ckan.datasets_per_page"]
        last = tk.config["ckanext.satudata.limits.max_start"] // per_page + 1
        _integer(args, "page", 1, last, 400)
    for sort in args.getlist("sort"):
        _sort(sort, 400)
    if not search:
        return
    filters = []
    for name, value in args.items(multi=True):
        if name not in ("q", "page", "sort") and value and not name.startswith("_") \
                and not name.startswith("ext_"):
            _length(name, value, 400)
            filters.append((name, '"x"'))   # CKAN makes it one clause: name:"value"
    _terms(args.get("q", ""), filters, 400)


def _is_search_page(endpoint: str) -> bool:
    """The pages that turn their parameters into a dataset search."""
    return endpoint.endswith(".search") or endpoint in ("organization.read", "group.read")


def _length(name: str, value: str, status: int = 409) -> None:
    limit = tk.config["ckanext.satudata.limits.max_query_length"]
    if len(value) > limit:
        raise Rejected(status, name, tk._('"{name}" is too long: at most {limit} characters.'
                                          ).format(name=name, limit=limit))


def _terms(q: str, filters: list[tuple[str, str]], status: int) -> None:
    limit = tk.config["ckanext.satudata.limits.max_query_terms"]
    if count_terms(q) > limit:
        raise Rejected(status, "q", tk._("The search query has too many terms: at most {limit}."
                                         ).format(limit=limit))
    total = 0
    for name, text in filters:
        total += count_terms(text)
        if total > MAX_FILTER_TERMS:
            raise Rejected(status, name, tk._("The search has too many filters: at most {limit} "
                                              "terms.").format(limit=MAX_FILTER_TERMS))


def _integer(data: Any, name: str, low: int, high: int, status: int) -> None:
    if name not in data:
        return
    value = data[name]
    number: Optional[int] = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and len(value) <= 30 and _INTEGER.fullmatch(value):
        number = int(value)
    if number is None or not low <= number <= high:
        raise Rejected(status, name, tk._('"{name}" must be a whole number from {low} to {high}.'
                                          ).format(name=name, low=low, high=high))


def _sort(sort: Any, status: int) -> None:
    if not isinstance(sort, str):
        return
    if len(sort) > MAX_SORT_LENGTH or sort.count(",") >= MAX_SORT_KEYS:
        raise Rejected(status, "sort", tk._("The sort is too long: at most {keys} keys and "
                                            "{limit} characters.").format(keys=MAX_SORT_KEYS,
                                                                          limit=MAX_SORT_LENGTH))


def _facet_fields(value: Any) -> None:
    if value is None:
        return
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return                  # CKAN's own validator names it
    if not _strings(value):
        raise _not_strings("facet.field")
    if len(value) > MAX_FACET_FIELDS:
        raise Rejected(409, "facet.field", tk._("At most {limit} facet fields."
                                                ).format(limit=MAX_FACET_FIELDS))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _not_strings(name: str) -> Rejected:
    return Rejected(409, name, tk._('"{name}" must be a list of text values.').format(name=name))
