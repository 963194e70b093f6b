"""The worst searches the web limits allow (issue 14, point 4), one by one
at the bench's largest size: each shape of ``queries.worst_allowed()`` as an
anonymous ``package_search``, the count cache bypassed (every count made
anew, as for the first visitor after a change), with the slowest SQL
statement it sent. Prints, asserts nothing.

    .venv/bin/python bench/worst.py --config config/ckan.ini --db satudata_bench_access --size 100000

runs it alone on a bench database of its own (grown to ``--size`` with the
bench loader, kept between runs); ``bench/run.py`` calls ``measure`` too.
"""
from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
import standalone
from schedule import _uncached

REPS = 5


def _slowest_statement(engine: Any, run: Any) -> tuple[float, str]:
    """Run once, noting how long each statement took; the slowest one."""
    seen: list[tuple[float, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["_t0"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append(((time.perf_counter() - conn.info.pop("_t0")) * 1000, statement))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    return max(seen) if seen else (0.0, "")


def measure(app: Any) -> list[dict[str, Any]]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import queries

    rows = []
    for label, data_dict in queries.worst_allowed():
        def search(dd: dict[str, Any] = data_dict) -> Any:
            try:
                return tk.get_action("package_search")({"user": "", "ignore_auth": False},
                                                       dict(dd))
            finally:
                model.Session.remove()
        run = _uncached(search, cached=False)
        t0 = time.perf_counter()
        hits = run()["count"]
        first = (time.perf_counter() - t0) * 1000
        samples = sorted(standalone.times(run, REPS, 0))
        slow_ms, slow_sql = _slowest_statement(model.Session.get_bind(), run)
        row = {"label": label, "first": first, "p50": samples[len(samples) // 2],
               "max": samples[-1], "hits": hits, "slowest_ms": slow_ms,
               "slowest_sql": " ".join(slow_sql.split())[:160]}
        rows.append(row)
        print(f"    {label:<55} first {first:8.1f}  p50 {row['p50']:8.1f}  max {row['max']:8.1f} ms"
              f"  ({hits:,} hits; slowest statement {slow_ms:.1f} ms)")
    return rows


def main() -> None:
    standalone.main(__doc__, "Worst allowed searches", measure, "satudata_bench_access", 12)


if __name__ == "__main__":
    main()
