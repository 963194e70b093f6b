"""The update schedule and the Daftar Data at the bench's largest size:
the schedule list of one OPD, the walidata's overdue list, the release
calendar page and feed, the late page, the Daftar Data import and summary,
and a faceted search with the schedule facet. Prints, asserts nothing.

    .venv/bin/python bench/schedule.py --config config/ckan.ini --db satudata_bench_h5 --size 100000

runs it alone on a bench database of its own (grown to ``--size`` with the
bench loader, kept between runs); ``bench/run.py`` calls ``measure`` too.
"""
from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
import standalone

HERE = Path(__file__).resolve().parent
YEAR = 2025
FACETS = ["organization", "tags", "res_format", "license_id", "groups", "jadwal_status"]


def _times(run: Callable[[], Any], reps: int = 15, warmup: int = 2) -> list[float]:
    return standalone.times(run, reps, warmup)


def _daftar_data(tk: Any, model: Any, site: str, per_opd: int = 25) -> tuple[int, float]:
    """A Daftar Data for YEAR (imported through the action, timed) with half
    its entries fulfilled by published datasets given the entry's code."""
    orgs = [n for (n,) in model.Session.execute(sa.text(
        "SELECT name FROM \"group\" WHERE is_organization AND state = 'active' ORDER BY name"))]
    rows = ["kode,judul,opd,frekuensi,prioritas"]
    codes = []
    for org in orgs:
        for i in range(per_opd):
            code = f"DD.{YEAR}.{org}.{i:03d}"
            codes.append((org, code))
            rows.append(f"{code},Data {i} {org},{org},tahunan,{'ya' if i % 4 == 0 else 'tidak'}")
    t0 = time.perf_counter()
    tk.get_action("satudata_daftar_data_import")({"user": site}, {"tahun": YEAR,
                                                                  "csv": "\n".join(rows)})
    import_ms = (time.perf_counter() - t0) * 1000
    rng = random.Random(YEAR)
    fulfilled = [c for c in codes if rng.random() < 0.5]
    for org, code in fulfilled:     # bench setup: a published dataset of the OPD carries the code
        model.Session.execute(sa.text(f"""
            UPDATE package SET extras = coalesce(extras, '{{}}'::jsonb)
                || jsonb_build_object('kode_daftar_data', CAST(:code AS text), 'tahun', '[{YEAR}]')
            WHERE id = (SELECT p.id FROM package p JOIN "group" g ON g.id = p.owner_org
                        WHERE g.name = :org AND p.state = 'active' AND NOT p.private
                          AND p.extras->>'kode_daftar_data' IS NULL
                        ORDER BY p.id LIMIT 1)"""), {"code": code, "org": org})
    model.Session.commit()
    model.Session.execute(sa.text("ANALYZE package"))     # as autovacuum would after the update
    model.Session.commit()
    return len(codes), import_ms


def _uncached(run: Callable[[], Any], cached: bool) -> Callable[[], Any]:
    """``run`` as is, or with the search's Redis count cache bypassed (every
    count made anew, as for the first visitor after a change)."""
    if cached:
        return run
    from ckanext.satudata.search import cache

    def bypassed() -> Any:
        get, cache.get = cache.get, lambda conn, parts: (None, None)
        try:
            return run()
        finally:
            cache.get = get
    return bypassed


def measure(app: Any) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from queries import Timing

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    rows = model.Session.execute(sa.text("SELECT count(*) FROM satudata_schedule")).scalar()
    org = standalone.busiest_opd(model)
    model.Session.rollback()
    have = tk.get_action("satudata_daftar_data_summary")({}, {"tahun": YEAR})["planned"]
    entries, import_ms = (have, float("nan")) if have else _daftar_data(tk, model, site)
    anon = {"user": "", "ignore_auth": False}
    client = app.test_client()
    results: dict[str, Timing] = {}

    def timing(label: str, run: Callable[[], Any], hits: Callable[[], int] = lambda: 0) -> None:
        results[label] = Timing(_times(run), hits())

    timing(f"schedule list, one OPD ({org}), 50 rows",
           lambda: tk.get_action("satudata_schedule_list")(dict(anon), {"owner_org": org}))
    late = {"status": ["terlambat", "sangat_terlambat"], "sort": "opd"}
    timing("walidata's overdue list, 50 rows",
           lambda: tk.get_action("satudata_schedule_list")(dict(anon), late),
           lambda: tk.get_action("satudata_schedule_list")(dict(anon), late)["count"])
    timing("walidata's overdue list, 1000 rows",
           lambda: tk.get_action("satudata_schedule_list")(dict(anon), {**late, "limit": 1000}))
    timing("GET /jadwal (13 weeks)", lambda: client.get("/jadwal"))
    timing("GET /jadwal.ics (52 weeks, ≤ 1000 events)", lambda: client.get("/jadwal.ics"))
    timing("GET /jadwal/terlambat", lambda: client.get("/jadwal/terlambat"))
    timing(f"Daftar Data summary {YEAR} ({entries} entries)",
           lambda: tk.get_action("satudata_daftar_data_summary")(dict(anon), {"tahun": YEAR}))
    timing(f"Daftar Data list {YEAR}, all entries",
           lambda: tk.get_action("satudata_daftar_data_list")(dict(anon), {"tahun": YEAR}))
    search = {"q": "", "rows": 20, "facet.field": FACETS}
    without = {**search, "facet.field": [f for f in FACETS if f != "jadwal_status"]}
    for q in ("", "kesehatan"):
        shown = f" q={q}" if q else ""
        for cached in (True, False):
            note = "" if cached else " (counts not cached)"
            timing(f"package_search{shown}, 5 facets{note}", _uncached(
                lambda q=q: tk.get_action("package_search")(dict(anon), {**without, "q": q}),
                cached))
            timing(f"package_search{shown}, 5 facets + jadwal_status{note}", _uncached(
                lambda q=q: tk.get_action("package_search")(dict(anon), {**search, "q": q}),
                cached))
    timing("package_search fq=jadwal_status:terlambat",
           lambda: tk.get_action("package_search")(dict(anon), {
               "fq": "jadwal_status:terlambat", "rows": 20}))
    timing("package_search sort=jadwal_jatuh_tempo asc",
           lambda: tk.get_action("package_search")(dict(anon), {
               "sort": "jadwal_jatuh_tempo asc", "rows": 20}))
    print(f"    {rows:,} schedule rows; Daftar Data import of {entries} entries: {import_ms:.0f} ms")
    for label, t in results.items():
        print(f"    {label}: p50 {t.p50:.1f} ms  p95 {t.p95:.1f} ms")
    return {"timings": results, "rows": rows, "entries": entries, "import_ms": import_ms}


def main() -> None:
    standalone.main(__doc__, "Schedule", measure, db="satudata_bench_schedule", redis_db=14)


if __name__ == "__main__":
    main()
