"""The link checks (quality/links.py, link_jobs.py) against a real HTTP
server started here on 127.0.0.1: working, broken, redirected, HEAD
refused, a "CSV" that is a web page, too slow, too many redirects; the
addresses refused (loopback, private, link-local, a redirect into the
internal network); then through the stack: the check queued when a link is
added, run by CKAN's background worker, reported by
``satudata_link_check_show``/``_list`` to the OPD and the walidata only,
the dataset rescored, and ``ckan satudata links check`` for what is due."""
from __future__ import annotations

import http.server
import threading
import time

import pytest
import sqlalchemy as sa

import ckan.lib.jobs as ckan_jobs
import ckan.model as model
from ckan.cli.cli import ckan as ckan_command
from ckan.tests import factories as ckan_factories
from ckan.tests.helpers import call_action

from ckanext.satudata.quality import links, scores

from .. import factories
from ..jobs_helpers import empty, run_only

CSV = b"kecamatan,jumlah\nCikande,120\nKramatwatu,98\n"
HTML = b"<!DOCTYPE html><html><body>Halaman login</body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        if path == "/data.csv" or (path == "/no-head.csv" and self.command == "GET"):
            content, status, kind = CSV, 200, "text/csv"
        elif path == "/no-head.csv":
            content, status, kind = b"", 405, "text/plain"
        elif path == "/login.csv":
            content, status, kind = HTML, 200, "text/html"
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/data.csv")
            self.end_headers()
            return
        elif path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(path)}")
            self.end_headers()
            return
        elif path == "/inside":
            self.send_response(301)
            self.send_header("Location", "http://10.1.2.3/rahasia.csv")
            self.end_headers()
            return
        elif path == "/drip.csv" and self.command == "GET":
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", "4096")
            self.end_headers()
            for _ in range(40):         # 2 bytes every 0.2 s: no single read times out
                self.wfile.write(b"a,")
                self.wfile.flush()
                time.sleep(0.2)
            return
        elif path == "/drip.csv":
            content, status, kind = b"", 200, "text/csv"
        elif path == "/slow.csv":
            time.sleep(1.5)
            content, status, kind = CSV, 200, "text/csv"
        else:
            content, status, kind = b"not found", 404, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


ALLOWED = links.Settings(timeout=1.0, max_redirects=3, allow=("127.0.0.1",))


@pytest.mark.parametrize("path, fmt, state, status, format_ok", [
    ("/data.csv", "CSV", "ok", 200, True),
    ("/no-head.csv", "CSV", "ok", 200, True),        # HEAD refused: a ranged GET
    ("/moved", "CSV", "ok", 200, True),
    ("/login.csv", "CSV", "ok", 200, False),          # a "CSV" that is a web page
    ("/gone.csv", "CSV", "broken", 404, None),
])
def test_links_are_checked(server, path, fmt, state, status, format_ok):
    result = links.check_url(server + path, fmt, ALLOWED)
    assert (result["state"], result["status_code"], result["format_ok"]) == (state, status, format_ok)
    if format_ok:
        assert result["media_type"] == "text/csv" and result["size"] == len(CSV)


@pytest.mark.parametrize("path, reason", [
    ("/slow.csv", "timeout"), ("/drip.csv", "timeout"), ("/loop", "too-many-redirects"),
    ("/inside", "private-address")])
def test_slow_looping_and_inward_links_fail_within_bounds(server, path, reason):
    started = time.monotonic()
    result = links.check_url(server + path, "CSV", ALLOWED)
    assert (result["state"], result["reason"]) == ("error", reason)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:1/", "private-address"), ("http://localhost/", "private-address"),
    ("http://169.254.169.254/latest/meta-data", "private-address"),
    ("http://[::1]/", "private-address"), ("http://192.168.1.1/", "private-address"),
    ("http://[::127.0.0.1]/", "private-address"), ("http://[::ffff:10.0.0.1]/", "private-address"),
    ("http://[64:ff9b::7f00:1]/", "private-address"), ("http://[2002:7f00:1::]/", "private-address"),
    ("http://[fec0::1]/", "private-address"),
    ("http://0x7f000001/", "private-address"), ("file:///etc/passwd", "scheme"),
    ("ftp://data.example/x.csv", "scheme"), ("http://tidak-ada.invalid/", "dns"),
])
def test_internal_addresses_are_refused(url, reason):
    result = links.check_url(url, "CSV", links.Settings(timeout=1.0))
    assert (result["state"], result["reason"]) == ("error", reason)


def test_the_first_bytes_say_whether_a_file_is_what_its_format_says():
    assert links.content_ok("CSV", "text", CSV) is True
    assert links.content_ok("CSV", "text", b"Ini bukan tabel, hanya kalimat.\nDan satu lagi, dua, tiga.\n") is False
    assert links.content_ok("XLSX", "zip", b"PK\x03\x04") is True
    assert links.content_ok("XLSX", "pdf", b"%PDF") is False
    assert links.content_ok("API", "html", HTML) is True       # a service: reachable is enough


def _api(app, action, user, **params):
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(f"/api/3/action/{action}", query_string=params, headers=headers,
                   expect_errors=True)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.satudata.link_check.on_change", "true")
@pytest.mark.ckan_config("ckanext.satudata.link_check.allow", "127.0.0.1")
@pytest.mark.ckan_config("ckanext.satudata.link_check.timeout", "2")
def test_links_are_checked_on_the_worker_reported_to_their_opd_and_scored(app, server, cli,
                                                                          ckan_config):
    queue = ckan_jobs.get_queue()
    empty(queue)
    opd = factories.OpdFactory(name="dishub", title="Dinas Perhubungan")
    other = factories.OpdFactory(name="dispar", title="Dinas Pariwisata")
    editor = ckan_factories.UserWithToken(name="petugas-dishub")
    stranger = ckan_factories.UserWithToken(name="petugas-dispar")
    call_action("organization_member_create", id=opd["id"], username=editor["name"], role="editor")
    call_action("organization_member_create", id=other["id"], username=stranger["name"],
                role="editor")
    walidata = factories.WalidataFactory()
    dataset = factories.Dataset(name="terminal", owner_org=opd["id"], resources=[
        {"name": "Terminal", "format": "CSV", "url": server + "/data.csv"},
        {"name": "Lama", "format": "CSV", "url": server + "/gone.csv"}])
    working, gone = (r["id"] for r in dataset["resources"])
    before = call_action("satudata_quality_show", id="terminal")
    assert [job.args for job in queue.jobs if "link_jobs" in job.func_name]
    run_only(queue, "link_jobs")

    shown = _api(app, "satudata_link_check_show", editor, id=working).json["result"]
    assert (shown["state"], shown["status_code"], shown["format_ok"]) == ("ok", 200, True)
    assert _api(app, "satudata_link_check_show", walidata, id=gone).json["result"]["broken"]
    for outsider in (stranger, None):
        hidden = _api(app, "satudata_link_check_show", outsider, id=working)
        assert hidden.status_code == 404
        assert hidden.json == _api(app, "satudata_link_check_show", outsider, id="tidak-ada").json
    # broken links listed for their OPD and the walidata, for nobody else
    own = _api(app, "satudata_link_check_list", editor, broken="true").json["result"]
    assert own["count"] == 1 and own["results"][0]["resource_id"] == gone
    assert own["results"][0]["reason_label"]
    everyone = _api(app, "satudata_link_check_list", walidata, owner_org="dishub").json["result"]
    assert everyone["count"] == 2 and everyone["results"][0]["resource_id"] == gone
    assert _api(app, "satudata_link_check_list", stranger).json["result"]["count"] == 0
    assert _api(app, "satudata_link_check_list", stranger, owner_org="dishub").status_code == 409
    assert _api(app, "satudata_link_check_list", None).status_code == 403
    for bad in ({"limit": "-1"}, {"limit": "abc"}, {"broken": "mungkin"}, {"offset": "1e99"},
                {"offset": "9" * 20}):
        assert _api(app, "satudata_link_check_list", walidata, **bad).status_code == 409

    # the finished checks rescored the dataset: one file of two reachable
    after = call_action("satudata_quality_show", {"user": editor["name"]}, id="terminal")
    reach = {c["code"]: c for c in after["criteria"]}["reachable"]
    assert reach["points"] == 25 and reach["missing"] == [gone]
    assert after["points"] > before["points"]
    assert call_action("package_show", id="terminal")["satudata_kualitas"]["points"] == after["points"]

    # the next round: nothing due until the broken one's day comes
    result = cli.invoke(ckan_command, ["satudata", "links", "check"])
    assert result.exit_code == 0 and "0 working, 0 broken" in result.output
    result = cli.invoke(ckan_command, ["satudata", "links", "check", "--all"])
    assert result.exit_code == 0, result.output
    assert "1 working, 1 broken, 0 unreachable" in result.output
    # a round while another holds the lock leaves the links to it
    with model.meta.engine.connect() as other:
        other.execute(sa.text("SELECT pg_advisory_lock(hashtext('satudata links check'))"))
        busy = cli.invoke(ckan_command, ["satudata", "links", "check", "--all"])
        other.execute(sa.text("SELECT pg_advisory_unlock(hashtext('satudata links check'))"))
    assert busy.exit_code == 1 and "Another" in busy.output
    # a link added later (resource_create goes through package_update) is queued too
    # (by a sysadmin: the OPD's edit of a published dataset waits as a revision;
    # the commands above loaded config/test.ini again, without this test's marks)
    ckan_config["ckanext.satudata.link_check.on_change"] = "true"
    site_user = call_action("get_site_user")["name"]
    added = call_action("resource_create", {"user": site_user}, package_id="terminal",
                        name="Baru", format="CSV", url=server + "/moved")
    assert [job.args for job in queue.jobs if "link_jobs" in job.func_name] == [[[added["id"]]]]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_daily_rescore_reindexes_what_the_calendar_moved(cli):
    opd = factories.OpdFactory()
    dataset = factories.Dataset(owner_org=opd["id"], resources=[
        {"name": "Tabel", "format": "CSV", "url": "https://data.example/t.csv"}])
    fresh = factories.Dataset(owner_org=opd["id"])
    # scored long ago, due since: its timeliness in the index is behind the calendar
    model.Session.execute(sa.text(
        "UPDATE satudata_quality_score SET scored_at = now() - interval '400 days' WHERE package_id = :id"),
        {"id": dataset["id"]})
    model.Session.execute(sa.text(
        "UPDATE satudata_schedule SET due = now() - interval '10 days' WHERE package_id = :id"),
        {"id": dataset["id"]})
    model.Session.commit()
    assert scores.stale() == [dataset["id"]] and fresh["id"] not in scores.stale()
    result = cli.invoke(ckan_command, ["satudata", "quality", "rescore"])
    assert result.exit_code == 0 and "Rescored 1 datasets" in result.output, result.output
    assert scores.stale() == []
    assert (model.Session.execute(sa.text(
        "SELECT now() - scored_at < interval '1 hour' FROM satudata_quality_score WHERE package_id = :id"),
        {"id": dataset["id"]}).scalar())
