"""Quality scores, link checks and the monev dashboard at the bench's
largest size (issue 17, point 6): one dataset scored on write (the score
and its row, as ``before_dataset_index`` does), the dashboard's figures
warm (the kabupaten, one OPD, the walidata's and the public's), the
``/monev`` page, and link checks in parallel against a local HTTP server.
Scoring in bulk is the rebuild's rate (the score is written with each
search document). Prints, asserts nothing.

    .venv/bin/python bench/quality.py --config config/ckan.ini --db satudata_bench_quality --size 100000

runs it alone on a bench database of its own (grown to ``--size`` with the
bench loader, kept between runs); ``bench/run.py`` calls ``measure`` too.
"""
from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any, Callable

import sqlalchemy as sa
import standalone

CHECKED = 200       # resources checked per pool size


class _Files(http.server.BaseHTTPRequestHandler):
    """Every path a small CSV after 20 ms (a remote server's latency)."""
    BODY = b"kecamatan,jumlah\nCiruas,1\n"

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, body: bool) -> None:
        time.sleep(0.02)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        if body:
            self.wfile.write(self.BODY)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)


def _links(tk: Any, model: Any, workers_list: tuple[int, ...]) -> dict[int, float]:
    """Resources pointed at the local server (their URLs put back afterwards:
    the checks commit, so no transaction can undo it), checked per pool size."""
    from ckanext.satudata.quality import link_jobs
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ids = [r for (r,) in model.Session.execute(sa.text(
        "SELECT r.id FROM resource r JOIN package p ON p.id = r.package_id "
        "WHERE r.state = 'active' AND p.state = 'active' AND coalesce(r.url_type, '') = '' "
        "ORDER BY r.id LIMIT :n"), {"n": CHECKED})]
    urls = dict(model.Session.execute(sa.text(
        "SELECT id, url FROM resource WHERE id = ANY(:ids)"), {"ids": ids}).all())
    model.Session.execute(sa.text(
        "UPDATE resource SET url = :base || '/' || id || '.csv' WHERE id = ANY(:ids)"),
        {"base": base, "ids": ids})
    model.Session.commit()
    rates = {}
    allow = tk.config.get("ckanext.satudata.link_check.allow")
    tk.config["ckanext.satudata.link_check.allow"] = ["127.0.0.1"]
    try:
        for workers in workers_list:
            t0 = time.perf_counter()
            link_jobs.check_resources(ids, workers=workers)
            rates[workers] = len(ids) / (time.perf_counter() - t0)
    finally:
        tk.config["ckanext.satudata.link_check.allow"] = allow
        for rid, url in urls.items():
            model.Session.execute(sa.text("UPDATE resource SET url = :u WHERE id = :id"),
                                  {"u": url, "id": rid})
        model.Session.commit()
        server.shutdown()
    return rates


def measure(app: Any) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from queries import Timing

    from ckanext.satudata.quality import scores
    from ckanext.satudata.search import hooks

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    scored = model.Session.execute(sa.text("SELECT count(*) FROM satudata_quality_score")).scalar()
    org = standalone.busiest_opd(model)
    ids = [r for (r,) in model.Session.execute(sa.text(
        "SELECT id FROM package WHERE state = 'active' AND type = 'dataset' ORDER BY id LIMIT 50"))]
    model.Session.rollback()
    results: dict[str, Timing] = {}

    def timing(label: str, run: Callable[[], Any], reps: int = 15) -> None:
        results[label] = Timing(standalone.times(run, reps, 2), 0)

    # one dataset's score on write: the document CKAN builds, scored and kept
    docs = []
    for package_id in ids:
        shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
        docs.append({"id": package_id, "dataset_type": "dataset",
                     "validated_data_dict": json.dumps(shown)})
    turn = iter(range(10 ** 9))
    timing("one dataset scored on write (score + its row)",
           lambda: hooks.chain(dict(docs[next(turn) % len(docs)]), (scores.for_index,)), reps=50)
    model.Session.rollback()
    walidata = {"user": site}
    public = {"user": "", "ignore_auth": False}
    for who, context in (("walidata", walidata), ("public", public)):
        timing(f"satudata_monev_show, kabupaten ({who})",
               lambda c=context: tk.get_action("satudata_monev_show")(dict(c), {}))
    timing(f"satudata_monev_show, one OPD ({org}) with its datasets (walidata)",
           lambda: tk.get_action("satudata_monev_show")(dict(walidata), {"owner_org": org}))
    client = app.test_client()
    timing("GET /monev (public)", lambda: client.get("/monev"))
    timing("GET /monev.xlsx (public)", lambda: client.get("/monev.xlsx"))
    rates = _links(tk, model, (1, 4))
    print(f"    {scored:,} datasets scored (by the rebuild, with their search documents)")
    for label, t in results.items():
        print(f"    {label}: p50 {t.p50:.1f} ms  p95 {t.p95:.1f} ms")
    for workers, rate in rates.items():
        print(f"    link checks, {CHECKED} links at 20 ms each, {workers} at once: {rate:.0f} links/s")
    return {"timings": results, "scored": scored, "link_rates": rates}


def main() -> None:
    standalone.main(__doc__, "Quality and monev", measure, db="satudata_bench_quality", redis_db=12)


if __name__ == "__main__":
    main()
