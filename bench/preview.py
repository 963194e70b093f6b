"""Data previews and the Data API: loading a 100,000-row CSV the way
ckanext-xloader's job does (its type-guessing load up to
``ckanext.xloader.max_type_guessing_length``, its COPY beyond), a loaded
file's page and its DataTables request, and ``datastore_search`` of 100 rows
from a 1,000,000-row table over HTTP (plain, a page deep in the table, a
filter, full-text, a sort). Prints, asserts nothing.

    .venv/bin/python bench/preview.py --config config/ckan.ini

runs it alone: the bench database (``satudata_bench``, created when missing,
kept) and a DataStore of the bench's own (``satudata_bench_datastore``, with
its read-only role's permissions set as ``make run`` sets the portal's);
the portal's databases are never opened. ``bench/run.py`` calls it too.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DB = "satudata_bench"
LOAD_ROWS = 100_000
SEARCH_ROWS = 1_000_000
KECAMATAN = ["Ciomas", "Pabuaran", "Cinangka", "Anyar", "Mancak", "Padarincang", "Baros",
             "Petir", "Tunjung Teja", "Cikeusal", "Pamarayan", "Bandung", "Jawilan", "Kopo"]


def _times(run: Callable[[], Any], reps: int, warmup: int = 3) -> list[float]:
    sys.path.insert(0, str(HERE))
    import standalone
    return standalone.times(run, reps, warmup)


def _csv(path: str, rows: int, seed: int = 19) -> None:
    """A tidy table: kecamatan, desa, tahun, jumlah, persentase."""
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["kecamatan", "desa", "tahun", "jumlah", "persentase"])
        for i in range(rows):
            out.writerow([rng.choice(KECAMATAN), f"Desa {i % 5000:04d}", 2015 + i % 10,
                          rng.randint(0, 5000), f"{rng.random() * 100:.2f}"])


def _datastore_urls(ini: Path) -> tuple[str, str]:
    sys.path.insert(0, str(HERE))
    import run
    write = sa.engine.make_url(run._ini_value(ini, "ckan.datastore.write_url") or "")
    read = sa.engine.make_url(run._ini_value(ini, "ckan.datastore.read_url") or "")
    name = f"{DB}_datastore"
    return (write.set(database=name).render_as_string(hide_password=False),
            read.set(database=name).render_as_string(hide_password=False))


def prepare_datastore(ini: Path) -> tuple[str, str]:
    """The bench's DataStore database with the portal's two roles."""
    write, read = _datastore_urls(ini)
    subprocess.run([str(ROOT / "scripts" / "ensure-db.sh"), f"{DB}_datastore"], check=True, cwd=ROOT)
    subprocess.run([str(ROOT / "scripts" / "ensure-datastore.sh"), str(ini), write, read,
                    "the bench's DataStore"], check=True, cwd=ROOT,
                   env=dict(os.environ, CKAN_DATASTORE_WRITE_URL=write, CKAN_DATASTORE_READ_URL=read))
    return write, read


def _resources(tk: Any, model: Any, count: int) -> list[dict[str, Any]]:
    """``count`` new linked CSV files on a published Terbuka dataset of the
    bench (loads queued by xloader for them are dropped: the bench loads)."""
    import ckan.lib.jobs as jobs
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    name = model.Session.execute(sa.text(
        "SELECT name FROM package WHERE state = 'active' AND NOT private AND type = 'dataset' "
        "AND coalesce(extras->>'klasifikasi_akses', '') <> 'terbatas' LIMIT 1")).scalar()
    if name is None:
        sys.exit("bench/preview: no published Terbuka dataset in the bench database")
    made = [tk.get_action("resource_create")({"user": site, "ignore_auth": True}, {
        "package_id": name, "name": f"Tabel pratinjau {i + 1}", "format": "CSV",
        "url": f"http://bench.invalid/tabel-{i + 1}.csv"}) for i in range(count)]
    jobs.get_queue().empty()
    return made


def _load(rid: str, path: str, typed: bool) -> float:
    """Seconds of xloader's load of ``path`` into ``rid``'s table: the
    type-guessing one (``load_table``) or COPY (``load_csv``), then the
    record count and the column indexes, as its job does."""
    from ckanext.xloader import loader
    log = logging.getLogger("bench.preview")
    t0 = time.perf_counter()
    if typed:
        loader.load_table(path, resource_id=rid, mimetype="CSV", logger=log)
    else:
        fields = loader.load_csv(path, resource_id=rid, mimetype="CSV", logger=log)
        loader.create_column_indexes(fields=fields, resource_id=rid, logger=log)
    loader.calculate_record_count(resource_id=rid, logger=log)
    return time.perf_counter() - t0


def measure(app: Any) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    from ckan import model
    from ckan.tests.helpers import CKANTestApp
    client = CKANTestApp(app)
    out: dict[str, Any] = {"load_rows": LOAD_ROWS, "search_rows": SEARCH_ROWS}
    small, large = _resources(tk, model, 2)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "load.csv")
        _csv(path, LOAD_ROWS)
        size = os.path.getsize(path)
        limit = int(tk.config.get("ckanext.xloader.max_type_guessing_length") or 0)
        typed = size <= limit
        out["load_mb"], out["load_typed"] = size / 1e6, typed
        out["load_s"] = _load(small["id"], path, typed)
        print(f"   load {LOAD_ROWS:,} rows ({size / 1e6:.1f} MB, "
              f"{'type-guessing' if typed else 'COPY'}): {out['load_s']:.1f} s")
        path = os.path.join(tmp, "search.csv")
        _csv(path, SEARCH_ROWS, seed=20)
        out["big_load_s"] = _load(large["id"], path, typed=False)
        print(f"   load {SEARCH_ROWS:,} rows (COPY): {out['big_load_s']:.1f} s")
    tk.get_action("resource_view_create")({"ignore_auth": True, "user": tk.get_action(
        "get_site_user")({"ignore_auth": True}, {})["name"]}, {
        "resource_id": small["id"], "view_type": "datatables_view", "title": "Tabel"})
    tk.get_action("resource_view_create")({"ignore_auth": True, "user": tk.get_action(
        "get_site_user")({"ignore_auth": True}, {})["name"]}, {
        "resource_id": small["id"], "view_type": "satudata_chart", "title": "Grafik",
        "chart_type": "bar", "x_field": "kecamatan", "y_fields": ["jumlah"]})
    model.Session.commit()
    views = [v for v in tk.get_action("resource_view_list")({"ignore_auth": True}, {"id": small["id"]})
             if v["view_type"] == "datatables_view"]
    page = f"/dataset/{small['package_id']}/resource/{small['id']}"
    ajax = f"/datatables/ajax/{views[0]['id']}"
    rng = random.Random(7)

    def get(url: str, **params: Any) -> Callable[[], Any]:
        return lambda: client.get(url, params=params, status=200)

    cases: dict[str, Callable[[], Any]] = {
        "preview page": get(page),
        # a query string the page cache has not seen: the page rendered each time
        "preview page (uncached)": lambda: client.get(page, params={"v": rng.random()}, status=200),
        "dataset page with its chart (uncached)": lambda: client.get(
            f"/dataset/{small['package_id']}", params={"v": rng.random()}, status=200),
        "table request (25 rows)": lambda: client.post(ajax, data={
            "draw": "1", "start": "0", "length": "25", "search[value]": "",
            "order[0][column]": "0", "order[0][dir]": "asc"}, status=200),
    }
    search = "/api/3/action/datastore_search"
    rid = large["id"]
    cases |= {
        "datastore_search 100 rows": get(search, resource_id=rid, limit=100),
        "… deep page (offset ~900k)": lambda: client.get(search, params={
            "resource_id": rid, "limit": 100, "offset": rng.randint(800_000, 990_000)}, status=200),
        "… filter (kecamatan)": lambda: client.get(search, params={
            "resource_id": rid, "limit": 100,
            "filters": f'{{"kecamatan": "{rng.choice(KECAMATAN)}"}}'}, status=200),
        "… full-text (q)": lambda: client.get(search, params={
            "resource_id": rid, "limit": 100, "q": rng.choice(KECAMATAN)}, status=200),
        "… sort (jumlah desc)": get(search, resource_id=rid, limit=100, sort="jumlah desc"),
        "… without the total": get(search, resource_id=rid, limit=100, include_total="false"),
    }
    out["timings"] = {}
    for label, run in cases.items():
        times = sorted(_times(run, reps=30))
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95) - 1]
        out["timings"][label] = (p50, p95)
        print(f"   {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--size", type=int, default=1000, help="datasets in the bench database")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    import run
    ini = Path(args.config).resolve()
    url = run.prepare_database(ini, DB, keep=True)
    write, read = prepare_datastore(ini)
    os.environ.update(CKAN_SQLALCHEMY_URL=url, CKAN_DATASTORE_WRITE_URL=write,
                      CKAN_DATASTORE_READ_URL=read,
                      CKAN_REDIS_URL=run._bench_redis_url(ini, 14))
    import load
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(str(ini)))
    for name in ("ckan", "ckanext", "sqlalchemy", "bench.preview"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with app._wsgi_app.test_request_context():
        loader = load.Loader()
        loader.prepare()
        if loader.count() < args.size:
            loader.grow_to(args.size)
        print(f"==> Data previews and the Data API ({datetime.date.today().isoformat()})")
        measure(app)


if __name__ == "__main__":
    main()
