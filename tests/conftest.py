"""Fixtures shared by the whole suite (CKAN's own come from its pytest plugin)."""
from __future__ import annotations

import email
import email.policy
import threading

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from pytest_factoryboy import register

import ckan.model as model

from ckanext.satudata.search import cache
from ckanext.satudata.vocab import load as vocab_load

from . import factories

register(factories.OpdFactory, "opd")         # fixtures: opd, opd_factory
register(factories.OpdEditorFactory, "opd_editor")
register(factories.WalidataFactory, "walidata")


_OUR_TABLES = ("satudata_search_doc, satudata_search_payload, satudata_search_word, "
               "satudata_search_count, satudata_review_log, satudata_revision, "
               "satudata_dcat_fragment")


def _empty_our_index():
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


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's reset, then our migrations and our tables emptied."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")
    reset_our_tables()


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
    """What a real SMTP server on smtp.server (config/test.ini) received."""

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
    controller = Controller(inbox, hostname="127.0.0.1", port=2525)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def inbox(_smtp_server):
    """The mail the portal sends during one test."""
    _smtp_server.messages.clear()
    return _smtp_server
