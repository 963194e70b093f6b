"""A logic error an upstream view lets escape is a 4xx on CKAN's error page
in Indonesian, not a 500 (web/uncaught.py). The views here are a test
blueprint's, so that the test does not depend on which upstream view
happens to leak which error today."""
from __future__ import annotations

import flask
import pytest

import ckan.plugins.toolkit as tk

pytestmark = pytest.mark.usefixtures("with_plugins")

_ERRORS = {"hilang": tk.ObjectNotFound, "terlarang": tk.NotAuthorized,
           "salah": lambda: tk.ValidationError({"x": ["y"]})}


@pytest.fixture
def leaking(app):
    flask_app = app.flask_app
    if "leaking" not in flask_app.blueprints:
        blueprint = flask.Blueprint("leaking", __name__)

        @blueprint.route("/uji-bocor/<kind>")
        def leak(kind):
            raise _ERRORS[kind]()
        # registered after the first request: allowed again for the test's app
        flask_app._got_first_request = False
        flask_app.register_blueprint(blueprint)
    return app


@pytest.mark.parametrize("kind, status, title", [
    ("hilang", 404, "404 Halaman tidak ditemukan"), ("terlarang", 403, "403 Akses ditolak"),
    ("salah", 400, "400 Permintaan tidak sah")])
def test_a_logic_error_a_view_lets_escape_is_a_4xx_page(leaking, kind, status, title):
    body = leaking.get(f"/uji-bocor/{kind}", status=status).get_data(as_text=True)
    assert title in body
    assert "Traceback" not in body and "500" not in body.split("<title>")[1].split("</title>")[0]
