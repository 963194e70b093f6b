"""``make bench``: load 1k, 10k, 100k Satu Data datasets into a separate
database, time ``package_search`` and reindexing at each size, print a
Markdown table and write it to ``bench/results/latest.md``.

    .venv/bin/python bench/run.py --config config/ckan.ini [--sizes 1000,10000] [--keep]

The benchmark runs in ``satudata_bench`` (dropped and created again at the
start unless ``--keep``), reached through ``CKAN_SQLALCHEMY_URL``, which CKAN
reads in preference to the ini, and keeps its search-count cache in a Redis
database of its own (``CKAN_REDIS_URL``, ``--redis-db``); the portal's
database and cache are never opened. It prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import configparser
import json
import logging
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SLOW_MS = 20.0        # cold p50 above this: EXPLAIN ANALYZE goes to results/explain-<size>.md
FILTER_TAGS = ["kesehatan", "penduduk", "padi", "jalan", "banjir", "sekolah dasar", "ciruas"]


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--config", required=True, help="the portal's ckan.ini")
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="comma-separated dataset counts, loaded incrementally")
    ap.add_argument("--keep", action="store_true",
                    help="keep the bench database (and its datasets) instead of starting empty")
    ap.add_argument("--db", default="satudata_bench", help="bench database name")
    ap.add_argument("--redis-db", type=int, default=15,
                    help="Redis database number for the bench's search-count cache, emptied "
                         "before every cold query (never the portal's or the tests')")
    ap.add_argument("--reps", type=int, default=40, help="timed runs per query type and mode")
    ap.add_argument("--warmup", type=int, default=5, help="untimed runs per query type and mode")
    ap.add_argument("--budget", type=float, default=15.0,
                    help="seconds per query type and mode before stopping (at least 10 runs)")
    ap.add_argument("--reindex-sample", type=int, default=1000,
                    help="datasets reindexed with ckan.lib.search.rebuild")
    ap.add_argument("--index-via", choices=("batch", "add"), default="batch",
                    help="bulk indexing: CKAN's documents written 1,000 per upsert (batch) "
                         "or one connection.add() per dataset (add)")
    return ap.parse_args(argv)


# -- databases -------------------------------------------------------------------

def _ini_value(ini: Path, key: str) -> str | None:
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.read(ini)
    return cp.get("app:main", key, fallback=None)


def _bench_url(ini: Path, db: str) -> str:
    portal = sa.engine.make_url(_ini_value(ini, "sqlalchemy.url") or "")
    if db == portal.database:
        sys.exit(f"bench: refusing to use the portal's own database {db!r}")
    return portal.set(database=db).render_as_string(hide_password=False)


def _bench_redis_url(ini: Path, number: int) -> str:
    """The portal's Redis with a database number of the bench's own."""
    portal = _ini_value(ini, "ckan.redis.url") or "redis://127.0.0.1:6379/0"
    taken = [portal]
    if ini.with_name("test.ini").exists():
        taken.append(_ini_value(ini.with_name("test.ini"), "ckan.redis.url") or portal)
    for url in taken:
        used = url.rstrip("/").rsplit("/", 1)[-1]
        if int(used if used.isdigit() else 0) == number:
            sys.exit(f"bench: Redis database {number} is used by {url}; pick another --redis-db")
    base = portal.rstrip("/")
    if base.rsplit("/", 1)[-1].isdigit():
        base = base.rsplit("/", 1)[0]
    return f"{base}/{number}"


def drop_database(url: str, db: str) -> None:
    """Drop ``db`` if it exists, as the database's owner (our role), so no
    superuser is needed."""
    maintenance = sa.create_engine(sa.engine.make_url(url).set(database="postgres"),
                                   isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as conn:
            exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                  {"d": db}).scalar()
            if exists:
                conn.execute(sa.text(f'DROP DATABASE "{db}" WITH (FORCE)'))
    finally:
        maintenance.dispose()


def prepare_database(ini: Path, db: str, keep: bool) -> str:
    """Drop (unless ``keep``), create and migrate the bench database."""
    url = _bench_url(ini, db)
    if not keep:
        print(f"==> Dropping database {db} (start from empty; --keep skips this)")
        drop_database(url, db)
    subprocess.run([str(ROOT / "scripts" / "ensure-db.sh"), db], check=True, cwd=ROOT)
    env = dict(os.environ, CKAN_SQLALCHEMY_URL=url)
    ckan = str(Path(sys.executable).with_name("ckan"))
    print(f"==> Migrating {db}")
    for extra in ([], ["-p", "activity"], ["-p", "satudata"]):
        done = subprocess.run([ckan, "-c", str(ini), "db", "upgrade", *extra], env=env,
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"bench: ckan db upgrade {' '.join(extra)} failed:\n{done.stderr[-2000:]}")
    done = subprocess.run([ckan, "-c", str(ini), "satudata", "vocab", "load"], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"bench: ckan satudata vocab load failed:\n{done.stderr[-2000:]}")
    return url


# -- reindexing ------------------------------------------------------------------

def _reindex_ckan(sample_ids: list[str]) -> float:
    from ckan.lib import search
    t0 = time.perf_counter()
    search.rebuild(package_ids=sample_ids, defer_commit=True, quiet=True)
    return len(sample_ids) / (time.perf_counter() - t0)


def _bulk_rebuild() -> tuple[float, float, str]:
    """Time ``ckanext.satudata.search.bulk.rebuild`` over everything on
    every core, as ``ckan satudata search rebuild`` runs it: once over the
    catalogue as it is (documents that come out identical are not written
    again), once with every document changed (each one rewritten, as after
    an upgrade that changes them). Datasets/s of each, and how it ran."""
    import load
    from ckan import model

    from ckanext.satudata.search import bulk
    n = int(model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar() or 0)
    model.Session.rollback()
    workers = min(4, os.cpu_count() or 1)
    rates = []
    for changed in (False, True):
        if changed:     # documents and payloads changed behind their back (stored dicts kept)
            model.Session.execute(sa.text("UPDATE satudata_search_doc SET title_string = ''"))
            model.Session.execute(sa.text("UPDATE satudata_search_payload SET keywords = '{}'"))
            model.Session.commit()
            load.vacuum_analyze()
        t0 = time.perf_counter()
        result = bulk.rebuild(workers=workers)
        rates.append(n / (time.perf_counter() - t0))
    how = (f"bulk.rebuild(workers={workers}): {result.stored:,} from stored dicts, "
           f"{result.fresh:,} read fresh")
    return rates[0], rates[1], how


# -- one size --------------------------------------------------------------------

def _explain_slow(size: int, types: list[Any], timings: dict[str, Any],
                  flush_cache: Callable[[], None]) -> Path | None:
    import queries
    slow = [qt for qt in types if qt.key in timings and timings[qt.key].p50 > SLOW_MS]
    if not slow:
        return None
    out = [f"# EXPLAIN ANALYZE at {size:,} datasets (cold p50 > {SLOW_MS:.0f} ms)\n"]
    for qt in slow:
        out += [f"## {qt.label} — cold p50 {timings[qt.key].p50:.1f} ms\n",
                f"package_search {qt.variants[0]!r}\n"]
        flush_cache()
        for statement, params in queries.capture_sql(qt.variants[0]):
            out += ["```sql\n" + statement.strip() + "\n```\n", f"parameters: `{params!r}`\n",
                    "```\n" + queries.explain(statement, params) + "\n```\n"]
    path = RESULTS / f"explain-{size}.md"
    path.write_text("\n".join(out))
    return path


def measure(size: int, loader: Any, args: argparse.Namespace, report: dict[str, Any],
            flush_cache: Callable[[], None]) -> None:
    import checks
    import load
    import queries
    from ckan import model
    from report import peak_mb

    started = time.perf_counter()
    stats = loader.grow_to(size)
    total = loader.count()
    print(f"==> {total:,} datasets")
    if stats.added:
        print(f"    loaded {stats.added:,}: rows {stats.rows_s:.1f} s, index {stats.index_s:.1f} s"
              f" → {stats.rate:,.0f} datasets/s; VACUUM ANALYZE {stats.analyze_s:.1f} s")
    same, checked, diffs = checks.shape(loader)
    print(f"    built dicts identical to package_show: {same}/{checked}")
    for d in diffs[:5]:
        print("      " + d)

    public = int(model.Session.execute(sa.text(
        "SELECT count(*) FROM package WHERE state = 'active' AND NOT private")).scalar() or 0)
    model.Session.rollback()
    types = [qt for qt in queries.query_types(sorted(loader.orgs), FILTER_TAGS)
             if total >= qt.min_size]
    timings: dict[str, dict[str, Any]] = {"cold": {}, "warm": {}}
    print("    cold = count cache emptied before each query; warm = repeated, cache kept")
    for qt in types:
        for mode, before in (("cold", flush_cache), ("warm", None)):
            t = queries.run_type(qt, args.reps, args.warmup, args.budget, before_each=before)
            timings[mode][qt.key] = t
            print(f"    {mode} {qt.label[:55]:<55} p50 {t.p50:7.1f} ms  p95 {t.p95:7.1f} ms  "
                  f"({len(t.samples_ms)} runs, {t.hits:,} hits)")
    mix = {mode: queries.stats_line(timings[mode]) for mode in timings}
    for mode, (p50, p95) in mix.items():
        print(f"    {mode} {'whole mix':<55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    if timings["cold"]["empty_facets"].hits != public:
        print(f"    NOTE: an anonymous empty query found {timings['cold']['empty_facets'].hits:,}"
              f" datasets; {public:,} are public")

    # before reindexing: a rebuild leaves every row dead until autovacuum comes
    explained = _explain_slow(total, types, timings["cold"], flush_cache)
    if explained:
        print(f"    EXPLAIN ANALYZE of the slow types: {explained.relative_to(ROOT)}")

    ids = [r[0] for r in model.Session.execute(sa.text("SELECT id FROM package ORDER BY id"))]
    model.Session.rollback()
    sample = random.Random(size).sample(ids, min(args.reindex_sample, len(ids)))
    before_docs = checks.doc_snapshot(sample)
    rate = _reindex_ckan(sample)
    after_docs = checks.doc_snapshot(sample)
    identical = sum(1 for i in sample if i in before_docs and before_docs[i] == after_docs.get(i))
    print(f"    CKAN rebuild of {len(sample):,}: {rate:,.0f} datasets/s; bulk-loaded documents "
          f"identical to CKAN's: {identical}/{len(sample)}")
    peak_before_bulk = peak_mb()
    bulk = _bulk_rebuild()
    print(f"    {bulk[2]} over {total:,}: {bulk[0]:,.0f} datasets/s; every document "
          f"changed: {bulk[1]:,.0f} datasets/s")
    load.vacuum_analyze()         # the next size starts from a steady state again

    report["sizes"].append({
        "size": total, "stats": stats, "timings": timings, "mix": mix,
        "labels": {qt.key: qt.label for qt in types}, "reindex": rate,
        "identical": (identical, len(sample)), "bulk": bulk, "shape": (same, checked),
        "peak": peak_before_bulk, "peak_all": peak_mb(),
        "seconds": time.perf_counter() - started})


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    started = time.perf_counter()
    ini = Path(args.config).resolve()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    url = prepare_database(ini, args.db, args.keep)
    redis_url = _bench_redis_url(ini, args.redis_db)
    os.environ["CKAN_SQLALCHEMY_URL"] = url         # both before CKAN reads its config
    os.environ["CKAN_REDIS_URL"] = redis_url
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))

    import access
    import autocomplete
    import dcat
    import review
    import load
    import quality
    import schedule
    import worst
    import redis
    import report as rep
    from ckan import model
    from ckan.cli import load_config
    from ckan.common import config
    from ckan.config.middleware import make_app

    bench_redis = redis.Redis.from_url(redis_url)

    def flush_cache() -> None:
        bench_redis.flushdb()       # the bench's own Redis database (--redis-db)

    flush_cache()
    app = make_app(load_config(str(ini)))
    for name in ("ckan", "ckanext", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    RESULTS.mkdir(exist_ok=True)
    report: dict[str, Any] = {"sizes": [], "index_via": args.index_via,
                              "reindex_sample": args.reindex_sample}
    with app._wsgi_app.test_request_context():
        db = model.Session.get_bind().url.database
        if db != args.db or config.get("ckan.redis.url") != redis_url:
            sys.exit(f"bench: CKAN uses database {db!r} and Redis "
                     f"{config.get('ckan.redis.url')!r}, not the bench's; stopping")
        pg = model.Session.execute(sa.text(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')")).one()
        model.Session.rollback()
        report["machine"] = rep.machine_line(pg[0], pg[1]) + " · " + rep.code_version()
        print("==> " + report["machine"])
        print("==> Code lists")
        report["autocomplete"] = autocomplete.measure()
        loader = load.Loader(index_via=args.index_via)
        loader.prepare()
        existing = loader.count()
        for size in sizes:
            if size < existing:
                print(f"==> skipping {size:,}: the kept database already holds {existing:,}")
                continue
            print(f"==> Growing to {size:,} datasets")
            measure(size, loader, args, report, flush_cache)
        print("==> Walidata review at the largest size")
        report["review"] = review.measure()
        print("==> DCAT feed at the largest size")
        report["dcat"] = dcat.measure(app)
        print("==> Update schedule and Daftar Data at the largest size")
        report["schedule"] = schedule.measure(app)
        print("==> Terbatas grant check at the largest size")
        report["access"] = access.measure(app)
        print("==> Quality scores, link checks and the monev dashboard at the largest size")
        report["quality"] = quality.measure(app)
        print("==> Worst searches the web limits allow, at the largest size")
        report["worst"] = worst.measure(app)
    report["elapsed"] = time.perf_counter() - started
    text = rep.render(report)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / "latest.json").write_text(json.dumps({   # raw timings, to recompute anything
        "machine": report["machine"], "sizes": [
            {"size": s["size"], "samples_ms": {mode: {k: t.samples_ms for k, t in ts.items()}
                                               for mode, ts in s["timings"].items()}}
            for s in report["sizes"]]}, indent=1))
    print()
    print(text)
    print(f"(written to {(RESULTS / 'latest.md').relative_to(ROOT)})")


if __name__ == "__main__":
    main()
