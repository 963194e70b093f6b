"""Harvest speed (issue 20, point 5): a second Satu Data portal harvests the
bench catalogue's DCAT feed over HTTP, in full and then incrementally.

    .venv/bin/python bench/harvest.py --config config/ckan.ini [--size 1000] [--changed 10]

- the source: a bench database of its own (``satudata_bench_harvest_src``,
  grown with the bench loader to ``--size`` and kept between runs), its feed
  built (``ckan satudata dcat build``) and served as ``make run`` serves it
  (scripts/serve.sh: gunicorn and the worker) on a port of its own;
- the harvesting portal: ``satudata_bench_harvest`` (made afresh every run
  and migrated with scripts/migrate-db.sh), the plugins of
  config/harvest-test.ini (ckanext-harvest, ckanext-dcat's ``dcat_rdf``,
  ``satudata_harvest``) and a Redis database of its own, a ``dcat_rdf``
  source on the feed;
- timed: one job by ``ckan satudata harvest run``'s own code (gather, fetch,
  import in one process: the gather reads every page of the feed), then,
  after ``--changed`` datasets were edited at the source (their notes and
  ``metadata_modified``, then the source's search rebuild), a second job.

Prints datasets per second for both; asserts nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE_DB, TARGET_DB = "satudata_bench_harvest_src", "satudata_bench_harvest"
SOURCE = "satudata-bench"


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--config", required=True, help="the portal's ckan.ini")
    ap.add_argument("--size", type=int, default=1000, help="published datasets at the source (about 90 %%)")
    ap.add_argument("--changed", type=int, default=10, help="datasets edited before the second job")
    ap.add_argument("--port", type=int, default=5078)
    ap.add_argument("--profile", metavar="DIR",
                    help="write cProfile figures of each job to DIR/harvest-{full,again}.prof")
    ap.add_argument("--redis-db", type=int, default=13,
                    help="the source's Redis database; the harvesting portal takes the next one")
    return ap.parse_args(argv)


def _target_ini(ini: Path) -> Path:
    """The harvesting portal's configuration: the portal's, with the
    harvesting plugins of config/harvest-test.ini."""
    import configparser
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.read(ROOT / "config" / "harvest-test.ini")
    plugins = cp.get("app:main", "ckan.plugins")
    path = ROOT / ".local" / "harvest-bench.ini"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"[app:main]\nuse = config:{ini}\nckan.site_id = satudata-harvest-bench\n"
                    f"ckan.site_url = http://harvest.bench\nckanext.satudata.kode_wilayah = 36\n"
                    f"ckan.storage_path = {ROOT / '.local' / 'storage-harvest-bench'}\n"
                    f"ckan.harvest.mq.type = redis\nckan.plugins = {plugins}\n")
    return path


def _ckan(ini: Path, env: dict[str, str], *command: str) -> str:
    done = subprocess.run([str(Path(sys.executable).with_name("ckan")), "-c", str(ini), *command],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"bench/harvest: ckan {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _on_target(ini: Path, env: dict[str, str], step: str, *extra: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--step", step, str(ini), *extra], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"bench/harvest: {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _portal(ini: str):
    """CKAN of ``ini`` (and the environment's database) in this process."""
    import logging
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini))
    for name in ("ckan", "ckanext", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with app._wsgi_app.test_request_context():
        yield


def _step() -> None:
    """In the harvesting portal's process: ``setup INI URL`` (its pemda's
    organisation and the source) or ``run INI`` (one timed job)."""
    step, ini = sys.argv[2], sys.argv[3]
    with _portal(ini):
        import ckan.plugins.toolkit as tk
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        context = {"user": user, "ignore_auth": True}
        if step == "setup":
            tk.get_action("organization_create")(dict(context), {
                "name": "kab-bench", "title": "Pemerintah Kabupaten Bench",
                "kode_opd": "9.99.0.00.0.00.01.0000", "jenis_instansi": "secretariat"})
            tk.get_action("harvest_source_create")(dict(context), {
                "name": SOURCE, "url": sys.argv[4], "source_type": "dcat_rdf",
                "title": "Satu Data bench", "owner_org": "kab-bench",
                "config": json.dumps({"rdf_format": "text/turtle"})})
            print(json.dumps({}))
            return
        from ckanext.satudata.harvest import run as harvest_run
        profile = None
        if len(sys.argv) > 4:            # --profile: cProfile's figures of the job
            import cProfile
            profile = cProfile.Profile()
            profile.enable()
        t0 = time.perf_counter()
        job = harvest_run.run(SOURCE, contextlib.nullcontext)
        seconds = time.perf_counter() - t0
        if profile is not None:
            profile.disable()
            profile.dump_stats(sys.argv[4])
        held = tk.get_action("package_search")(dict(context), {"rows": 0, "include_private": True})
        print(json.dumps({"seconds": seconds, "stats": job["stats"], "records": job["records"],
                          "errors": job["errors"][:5], "held": held["count"]}))


def _counts(stats: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {what}" for what, n in stats.items() if n) or "nothing"


def _profile(args: argparse.Namespace, job: str) -> list[str]:
    if not args.profile:
        return []
    Path(args.profile).mkdir(parents=True, exist_ok=True)
    return [str(Path(args.profile).resolve() / f"harvest-{job}.prof")]


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    ini = Path(args.config).resolve()
    sys.path.insert(0, str(HERE))
    import run
    import web
    source_url = run.prepare_database(ini, SOURCE_DB, keep=True)
    source_env = {**os.environ, "CKAN_SQLALCHEMY_URL": source_url,
                  "CKAN_REDIS_URL": run._bench_redis_url(ini, args.redis_db),
                  "CKAN_SITE_URL": f"http://127.0.0.1:{args.port}"}    # the feed's own links
    subprocess.run([sys.executable, str(HERE / "harvest.py"), "--step-grow", str(ini),
                    str(args.size)], env=source_env, check=True)
    _ckan(ini, source_env, "satudata", "dcat", "build")

    target = _target_ini(ini)
    target_url = run._bench_url(ini, TARGET_DB)
    target_env = {**os.environ, "CKAN_SQLALCHEMY_URL": target_url,
                  "CKAN_REDIS_URL": run._bench_redis_url(ini, args.redis_db + 1)}
    import redis
    redis.Redis.from_url(target_env["CKAN_REDIS_URL"]).flushdb()
    run.drop_database(target_url, TARGET_DB)
    subprocess.run([str(ROOT / "scripts" / "ensure-db.sh"), TARGET_DB], check=True, cwd=ROOT)
    subprocess.run([str(ROOT / "scripts" / "migrate-db.sh"), str(target), target_url,
                    "the harvest bench's portal"], check=True, cwd=ROOT, env=target_env)

    os.environ.update({k: source_env[k] for k in ("CKAN_SQLALCHEMY_URL", "CKAN_REDIS_URL", "CKAN_SITE_URL")})
    server = web.Server(str(ini), args.port)
    try:
        feed = f"http://127.0.0.1:{args.port}/catalog.ttl"
        _on_target(target, target_env, "setup", feed)
        print(f"==> Full harvest of {feed}")
        full = _on_target(target, target_env, "run", *_profile(args, "full"))
        print(json.dumps(full))
        subprocess.run([sys.executable, str(HERE / "harvest.py"), "--step-edit", str(ini),
                        str(args.changed)], env=source_env, check=True)
        _ckan(ini, source_env, "satudata", "search", "rebuild")
        _ckan(ini, source_env, "satudata", "dcat", "build")
        print(f"==> Second harvest after {args.changed} edits at the source")
        again = _on_target(target, target_env, "run", *_profile(args, "again"))
        print(json.dumps(again))
    finally:
        server.stop()
    print(f"\n| Harvest of the DCAT feed | records | seconds | datasets/s |\n|---|---:|---:|---:|\n"
          f"| full, {full['held']:,} datasets arrive | {full['records']:,} | {full['seconds']:.1f} "
          f"| {full['records'] / full['seconds']:.1f} |\n"
          f"| again after {args.changed} edits ({_counts(again['stats'])}) | {again['records']:,} "
          f"| {again['seconds']:.1f} | {again['records'] / again['seconds']:.1f} |")


def _grow_or_edit() -> None:
    """In the source's process: ``--step-grow INI SIZE`` (the bench loader)
    or ``--step-edit INI N`` (N published datasets' notes and dates moved)."""
    import sqlalchemy as sa
    sys.path.insert(0, str(HERE))
    with _portal(sys.argv[2]):
        import ckan.model as model
        if sys.argv[1] == "--step-grow":
            import load
            loader = load.Loader()
            loader.prepare()
            if loader.count() < int(sys.argv[3]):
                stats = loader.grow_to(int(sys.argv[3]))
                print(f"==> source grown to {loader.count():,} ({stats.rate:,.0f} datasets/s)")
            return
        model.Session.execute(sa.text(
            "UPDATE package SET notes = notes || ' (diperbarui)', metadata_modified = now() at time zone 'utc' "
            "WHERE id IN (SELECT id FROM package WHERE state = 'active' AND NOT private "
            "AND type = 'dataset' ORDER BY id LIMIT :n)"), {"n": int(sys.argv[3])})
        model.Session.commit()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _step()
    elif len(sys.argv) > 1 and sys.argv[1] in ("--step-grow", "--step-edit"):
        _grow_or_edit()
    else:
        main()
