"""The grant check of Terbatas data at the bench's largest size: 10,000
grants over a share of the catalogue made Terbatas, then ``package_show`` of
a Terbatas dataset as a grantee, a stranger, the owning OPD and a visitor,
against the same call on an open dataset (no check), and the download route
as a grantee (logged) against an open dataset's. Prints, asserts nothing.

    .venv/bin/python bench/access.py --config config/ckan.ini --db satudata_bench_access --size 100000

runs it alone on a bench database of its own (grown to ``--size`` with the
bench loader, kept between runs); ``bench/run.py`` calls ``measure`` too.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
GRANTS = 10_000
TERBATAS = 2_000        # datasets made Terbatas
USERS = 2_000           # grantees


def _times(run: Callable[[], Any], reps: int = 60, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        run()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _prepare(tk: Any, model: Any) -> tuple[list[str], list[str]]:
    """Terbatas datasets and grantees with 10,000 live grants (made once)."""
    have = model.Session.execute(sa.text(
        "SELECT count(*) FROM satudata_access_request WHERE state = 'approved'")).scalar()
    ids = [r for (r,) in model.Session.execute(sa.text(
        "SELECT id FROM package WHERE state = 'active' AND NOT private AND type = 'dataset' "
        "AND extras->>'klasifikasi_akses' = 'terbatas' ORDER BY id"))]
    users = [r for (r,) in model.Session.execute(sa.text(
        "SELECT id FROM \"user\" WHERE name LIKE 'bench-grantee-%' ORDER BY name"))]
    if have >= GRANTS and ids and users:
        return ids, users
    from ckanext.satudata.search import bulk
    published = model.Session.execute(sa.text(
        "SELECT count(*) FROM package WHERE state = 'active' AND NOT private")).scalar()
    ids = [r for (r,) in model.Session.execute(sa.text(
        "SELECT id FROM package WHERE state = 'active' AND NOT private AND type = 'dataset' "
        "AND EXISTS (SELECT 1 FROM resource r WHERE r.package_id = package.id) "
        "ORDER BY md5(id) LIMIT :n"), {"n": min(TERBATAS, max(1, published // 10))})]
    model.Session.execute(sa.text(
        "UPDATE package SET extras = extras || '{\"klasifikasi_akses\": \"terbatas\"}'::jsonb "
        "WHERE id = ANY(:ids)"), {"ids": ids})
    model.Session.commit()
    bulk.rebuild(ids=ids, full=True)            # their documents withheld
    now = datetime.datetime.now(datetime.timezone.utc)
    users = [str(uuid.uuid4()) for _ in range(USERS)]
    model.Session.execute(sa.text(
        "INSERT INTO \"user\" (id, name, email, created, state, sysadmin, password) "
        "SELECT u, 'bench-grantee-' || lpad(n::text, 5, '0'), 'g' || n || '@bench.invalid', "
        "now(), 'active', false, '' FROM unnest(CAST(:ids AS text[])) WITH ORDINALITY AS t(u, n)"),
        {"ids": users})
    rng = random.Random(15)
    rows = [{"id": str(uuid.uuid4()), "p": rng.choice(ids), "u": rng.choice(users),
             "ends": now + datetime.timedelta(days=rng.randint(-30, 300))}
            for _ in range(GRANTS)]
    model.Session.execute(sa.text(
        "INSERT INTO satudata_access_request (id, package_id, user_id, keperluan, asked_until, "
        "state, decided, decided_by, ends) VALUES (:id, :p, :u, 'bench', :ends, 'approved', "
        "now(), 'bench', :ends)"), rows)
    model.Session.commit()
    model.Session.execute(sa.text("ANALYZE satudata_access_request"))
    model.Session.commit()
    return ids, users


def _token(tk: Any, site: str, name: str) -> str:
    return tk.get_action("api_token_create")({"user": site}, {"user": name, "name": "bench"})["token"]


def measure(app: Any) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.satudata.access import files
    from flask import g
    from queries import Timing

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    tk.config["ckanext.satudata.workflow.notify"] = False
    ids, users = _prepare(tk, model)
    total = model.Session.execute(sa.text("SELECT count(*) FROM package")).scalar()
    grants = model.Session.execute(sa.text(
        "SELECT count(*) FROM satudata_access_request WHERE state = 'approved'")).scalar()
    # a Terbatas dataset with a live grant, its grantee, a member of its OPD,
    # a stranger; and an open dataset with as many resources
    pkg, user_id, nres = model.Session.execute(sa.text("""
        SELECT r.package_id, r.user_id, (SELECT count(*) FROM resource x WHERE x.package_id = r.package_id)
          FROM satudata_access_request r WHERE r.state = 'approved' AND r.ends > now() + interval '1 day'
         ORDER BY r.id LIMIT 1""")).one()
    open_pkg = model.Session.execute(sa.text("""
        SELECT p.id FROM package p WHERE p.state = 'active' AND NOT p.private
           AND coalesce(p.extras->>'klasifikasi_akses', '') <> 'terbatas'
         ORDER BY (SELECT count(*) FROM resource x WHERE x.package_id = p.id) = :n DESC, p.id
         LIMIT 1"""), {"n": nres}).scalar()
    grantee = model.User.get(user_id).name
    owner = model.Package.get(pkg).owner_org
    member = "bench-access-member"
    if model.User.get(member) is None:
        tk.get_action("user_create")({"user": site}, {
            "name": member, "email": f"{member}@bench.invalid", "password": "bench-password-1"})
    tk.get_action("organization_member_create")({"user": site}, {
        "id": owner, "username": member, "role": "member"})
    stranger = users[-1] if model.User.get(users[-1]).name != grantee else users[0]
    stranger = model.User.get(stranger).name
    model.Session.commit()

    def show(user: str, dataset: str) -> Callable[[], Any]:
        def run() -> Any:
            files.forget()          # each call as a request of its own
            return tk.get_action("package_show")({"user": user}, {"id": dataset})
        return run
    results: dict[str, Timing] = {}
    people = (("grantee", grantee), ("stranger", stranger), ("OPD member", member),
              ("visitor", ""))
    for label, user in people:
        results[f"package_show, open dataset, {label}"] = Timing(_times(show(user, open_pkg)), 0)
        results[f"package_show, Terbatas, {label}"] = Timing(_times(show(user, pkg)), 0)

    def reach() -> Any:
        files.forget()
        return files.reach(grantee, pkg, owner)
    results["grant check alone (files.reach), grantee"] = Timing(_times(reach), 0)
    from ckanext.satudata.access import log as access_log
    grant = files.reach(grantee, pkg, owner).grants[0][0]
    first = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"), {"p": pkg}).scalar()
    results["download's log entry alone"] = Timing(_times(
        lambda: access_log.download(user_id, grantee, pkg, first, grant), reps=40), 0)

    client = app.test_client()
    headers = {"Authorization": _token(tk, site, grantee)}
    res = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"), {"p": pkg}).scalar()
    open_res = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"),
        {"p": open_pkg}).scalar()
    model.Session.rollback()

    def download(dataset: str, resource: str) -> Callable[[], Any]:
        url = f"/dataset/{dataset}/resource/{resource}/download"

        def run() -> Any:
            # the bench's own request context shares its ``g`` (flask-login's
            # user, the reach memo) with the client's requests: dropped first
            g.pop("_login_user", None)
            files.forget()
            return client.get(url, headers=headers)
        return run
    answer = download(pkg, res)()
    status = answer.status_code
    if status != 302:
        print(f"    (the grantee's download answered {status}, not 302)")
    results["download, open dataset"] = Timing(_times(download(open_pkg, open_res), reps=100), 0)
    results["download, Terbatas, grantee (logged)"] = Timing(_times(download(pkg, res), reps=100), 0)
    print(f"    {total:,} datasets, {len(ids):,} Terbatas, {grants:,} grants; "
          f"dataset with {nres} resources; grantee's download answered {status}")
    for label, t in results.items():
        print(f"    {label}: p50 {t.p50:.2f} ms  p95 {t.p95:.2f} ms")
    added = {}
    for label, _user in people:
        t, base = results[f"package_show, Terbatas, {label}"], results[f"package_show, open dataset, {label}"]
        added[label] = (t.p50 - base.p50, t.p95 - base.p95)
        print(f"    added to package_show ({label}): p50 {added[label][0]:+.2f} ms  "
              f"p95 {added[label][1]:+.2f} ms")
    d = results["download, Terbatas, grantee (logged)"].p50 - results["download, open dataset"].p50
    print(f"    added to a download (grantee): p50 {d:+.2f} ms")
    return {"timings": results, "datasets": total, "terbatas": len(ids), "grants": grants,
            "added": added, "download_added": d, "download_status": status}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--db", default="satudata_bench_access")
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--redis-db", type=int, default=13)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    import run
    ini = Path(args.config).resolve()
    url = run.prepare_database(ini, args.db, keep=True)
    os.environ["CKAN_SQLALCHEMY_URL"] = url
    os.environ["CKAN_REDIS_URL"] = run._bench_redis_url(ini, args.redis_db)
    import logging

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
        print(f"==> Access grants at {loader.count():,} datasets "
              f"({datetime.date.today().isoformat()})")
        measure(app)


if __name__ == "__main__":
    main()
