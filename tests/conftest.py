"""Fixtures shared by the whole suite (CKAN's own come from its pytest plugin)."""
from __future__ import annotations

import email
import hashlib
import email.policy
import threading
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.orm import close_all_sessions
from aiosmtpd.controller import Controller
from pytest_factoryboy import register

import ckan.model as model
import ckan.plugins
import ckan.config.environment
import ckan.config.middleware
from ckan.common import config
from ckan.lib import app_globals
from ckan.tests.helpers import CKANTestApp, CKANTestClient

from ckanext.satudata.search import cache
from ckanext.satudata.vocab import load as vocab_load

from . import factories, workers


def pytest_configure(config):
    """This xdist worker's own databases, Redis, SMTP port and storage
    (tests/workers.py), before CKAN's plugin loads the configuration."""
    workers.configure(config.option)


register(factories.OpdFactory, "opd")         # fixtures: opd, opd_factory
register(factories.OpdEditorFactory, "opd_editor")
register(factories.WalidataFactory, "walidata")


# how many resets (or emptied indexes) this run made: a read-only fixture built
# since the last one may be handed on to the next class of its module
# (tests/search/conftest.py)
resets = {"count": 0}

_OUR_TABLES = ("satudata_search_doc, satudata_search_payload, satudata_search_word, "
               "satudata_search_count, satudata_review_log, satudata_revision, "
               "satudata_dcat_fragment, satudata_quality_score, satudata_link_check")


def _empty_our_index():
    resets["count"] += 1
    model.Session.execute(sa.text(f"TRUNCATE {_OUR_TABLES}"))
    cache.mark_dirty(model.Session)     # cached counts of the old index are dropped
    model.Session.commit()


def reset_our_tables() -> None:
    """Our index and review tables emptied (CKAN's reset only empties the
    tables its own metadata knows) and the code lists loaded (a no-op
    unless the reset dropped them)."""
    _empty_our_index()
    vocab_load.load(model.Session)
    model.Session.commit()


_allowed_5xx: set[int] = set()


@pytest.fixture
def allow_503():
    """For a test that provokes a 503 on purpose (a statement timeout):
    that status passes the check below; every other 5xx still fails."""
    _allowed_5xx.add(503)
    yield
    _allowed_5xx.discard(503)


@pytest.fixture(autouse=True, scope="session")
def _never_a_server_error():
    """Any request a test makes that the portal answers with a 5xx fails
    that test, whatever it asserts afterwards: an absence check (``"x" not
    in page``) cannot pass on an error page (``allow_503`` above excepted)."""
    original = CKANTestClient.open

    def checked(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        assert response.status_code < 500 or response.status_code in _allowed_5xx, (
            f"{response.status_code} for {args[:1]}: {response.get_data(as_text=True)[:800]}")
        return response

    CKANTestClient.open = checked
    yield
    CKANTestClient.open = original


# tables a reset keeps: the migrations' versions and the code lists (loaded once)
_KEPT = ("satudata_vocabulary", "satudata_vocab_term")
_schema_ready = False


def _truncate_everything() -> None:
    """Every row of CKAN's tables, its plugins' and ours, in one TRUNCATE:
    what CKAN's reset leaves (schema, migrations) and the code lists stay."""
    close_all_sessions()
    model.Session.remove()
    names = model.Session.execute(sa.text(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename NOT LIKE '%alembic_version' AND tablename <> ALL(:kept)"),
        {"kept": list(_KEPT)}).scalars().all()
    model.Session.execute(sa.text(f"TRUNCATE {', '.join(names)} CASCADE"))
    cache.mark_dirty(model.Session)
    model.Session.commit()


def _empty_our_queue() -> None:
    """The mail jobs earlier tests queued (nobody runs a worker for them)."""
    import ckan.lib.jobs as ckan_jobs

    from .jobs_helpers import empty
    try:
        empty(ckan_jobs.get_queue())
    except redis.RedisError:
        pass


def reset_portal(reset_db, migrate_db_for) -> None:
    """An empty portal. The first reset of a run is CKAN's own (it drops and
    recreates every table), then our migrations and the code lists; later
    ones empty every table at once, which costs a fraction of that."""
    global _schema_ready
    resets["count"] += 1
    _empty_our_queue()
    if _schema_ready:
        _truncate_everything()
        return
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("tracking")
    migrate_db_for("satudata")
    reset_our_tables()
    _schema_ready = True


_plugins = {"loaded": False}


def plugins_loaded() -> None:
    """``ckan.plugins`` (config/test.ini) loaded, once for the whole run.
    CKAN's ``with_plugins`` loads and unloads them around every test, half
    a second each; every test here runs with the same plugins, and a test
    that changes a plugin's setting does it through a config option read at
    request time or through the seam (tests/search/test_seam.py)."""
    if not _plugins["loaded"]:
        ckan.plugins.load_all()
        _plugins["loaded"] = True


@pytest.fixture
def with_plugins(ckan_config):
    """CKAN's fixture of that name, loading the plugins once per run."""
    plugins_loaded()
    yield


_apps: dict[str, tuple[Any, dict[str, Any]]] = {}
_last_app: dict[str, Any] = {"key": None, "plugins": None}


def _config_key() -> str:
    return hashlib.sha1(repr(sorted((k, repr(v)) for k, v in config.items())).encode()).hexdigest()


@pytest.fixture
def make_app(ckan_config):
    """CKAN's fixture of that name, with one application per configuration
    for the whole run: CKAN builds a new one (and reloads every plugin) for
    each test, a third of a second each. A test with its own options
    (``ckan_config`` marks) gets an application built with them, and what
    CKAN derives from the options is derived again whenever they differ
    from the previous test's. Each test still gets its own client (no
    cookie carried over)."""
    from ckan.lib.app_globals import _CONFIG_CACHE
    _CONFIG_CACHE.clear()

    def factory() -> CKANTestApp:
        config["testing"] = True
        key = _config_key()
        if key not in _apps:
            before = dict(config)
            wsgi = ckan.config.middleware.make_app(config)
            _plugins["loaded"] = True         # make_app loads them
            # what building the app added to the options (Flask's keys …)
            _apps[key] = (wsgi, {k: v for k, v in config.items()
                                 if k not in before or before[k] != v})
        else:
            wsgi, added = _apps[key]
            config.update(added)
            if _last_app["key"] != key:
                if _last_app.get("plugins") != config.get("ckan.plugins"):
                    # the previous app loaded another set (a test's own
                    # ``ckan.plugins``): this one's plugins and helpers again
                    ckan.plugins.load_all()
                ckan.config.environment.update_config()
            app_globals.reset()
            ckan.config.middleware._internal_test_request_context = (
                wsgi._wsgi_app.test_request_context())
        _last_app["key"], _last_app["plugins"] = key, config.get("ckan.plugins")
        return CKANTestApp(wsgi)
    return factory


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's ``clean_db``, for our tables too (see reset_portal)."""
    reset_portal(reset_db, migrate_db_for)


@pytest.fixture
def clean_index(reset_index):
    """CKAN's version reaches Solr; ours empties the PostgreSQL index."""
    reset_index()
    _empty_our_index()


@pytest.fixture
def in_request(app):
    """Action calls inside a request for the portal's default language, so
    their messages come out in Indonesian as a page or API client sees them."""
    with app.flask_app.test_request_context("/"):
        yield


class _Inbox:
    """What a real SMTP server on smtp.server (config/test.ini; this worker's
    port, tests/workers.py) received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture(scope="session")
def _smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=workers.SMTP_PORT)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def inbox(_smtp_server):
    """The mail the portal sends during one test."""
    _smtp_server.messages.clear()
    return _smtp_server
