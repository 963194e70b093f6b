"""What the bench sections that also run alone share: timing a call, and
running one section on a bench database of its own (grown to ``--size``
with the bench loader, kept between runs)."""
from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent

__all__ = ["times", "busiest_opd", "main"]


def times(run: Callable[[], Any], reps: int, warmup: int) -> list[float]:
    """Milliseconds of ``reps`` runs after ``warmup`` untimed ones."""
    for _ in range(warmup):
        run()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def busiest_opd(model: Any) -> str:
    """The name of the OPD with the most active datasets."""
    import sqlalchemy as sa
    return model.Session.execute(sa.text(
        "SELECT g.name FROM package p JOIN \"group\" g ON g.id = p.owner_org "
        "WHERE p.state = 'active' GROUP BY g.name ORDER BY count(*) DESC LIMIT 1")).scalar_one()


def main(doc: str | None, label: str, measure: Callable[[Any], Any], db: str,
         redis_db: int) -> None:
    """Run ``measure(app)`` alone: ``--config``, ``--db`` (default ``db``),
    ``--size`` (default 100,000), ``--redis-db`` (default ``redis_db``)."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--db", default=db)
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--redis-db", type=int, default=redis_db)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    import run
    ini = Path(args.config).resolve()
    url = run.prepare_database(ini, args.db, keep=True)
    os.environ["CKAN_SQLALCHEMY_URL"] = url
    os.environ["CKAN_REDIS_URL"] = run._bench_redis_url(ini, args.redis_db)

    import load
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(str(ini)))
    for name in ("ckan", "ckanext", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with app._wsgi_app.test_request_context():
        loader = load.Loader()
        loader.prepare()
        if loader.count() < args.size:
            t0 = time.perf_counter()
            stats = loader.grow_to(args.size)
            print(f"==> grown to {loader.count():,} in {time.perf_counter() - t0:.0f} s "
                  f"({stats.rate:,.0f} datasets/s)")
        print(f"==> {label} at {loader.count():,} datasets ({datetime.date.today().isoformat()})")
        measure(app)
