"""The grant check of Terbatas data at the bench's largest size: 10,000
grants spread over a tenth of the catalogue (at most 2,000 datasets) made
Terbatas, then ``package_show`` of a Terbatas dataset as a grantee, a member
of another OPD that holds an OPD-wide grant, a stranger, a member of the
owning OPD and a visitor, each against the same call on an open dataset (no
check), and the download route through the WSGI app as both grantees
(logged) against an open dataset's. Prints, asserts nothing.

    .venv/bin/python bench/access.py --config config/ckan.ini --db satudata_bench_access --size 100000

runs it alone on a bench database of its own (grown to ``--size`` with the
bench loader, kept between runs); ``bench/run.py`` calls ``measure`` too.
"""
from __future__ import annotations

import datetime
import random
import time
import uuid
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
import standalone

HERE = Path(__file__).resolve().parent
GRANTS = 10_000
TERBATAS = 2_000        # datasets made Terbatas
USERS = 2_000           # grantees


def _times(run: Callable[[], Any], reps: int = 60, warmup: int = 5) -> list[float]:
    return standalone.times(run, reps, warmup)


def _pair(base: Callable[[], Any], probe: Callable[[], Any], reps: int = 60,
          warmup: int = 5) -> tuple[list[float], list[float]]:
    """Time ``base`` and ``probe`` alternately (ms each), so that the machine's
    drift during the run falls on both alike."""
    for _ in range(warmup):
        base()
        probe()
    out: tuple[list[float], list[float]] = ([], [])
    for _ in range(reps):
        for run, times in ((base, out[0]), (probe, out[1])):
            t0 = time.perf_counter()
            run()
            times.append((time.perf_counter() - t0) * 1000)
    return out


def _prepare(tk: Any, model: Any) -> tuple[list[str], list[str]]:
    """A tenth of the published datasets (at most ``TERBATAS``) made
    Terbatas, ``USERS`` grantees and ``GRANTS`` grants spread over them.
    Kept in the bench database; topped up when it has grown since (the
    grants then dealt out again over every Terbatas dataset)."""
    def sql(text: str, params: Any = None, **named: Any) -> Any:
        return model.Session.execute(sa.text(text), params if params is not None else named)
    published = sql("SELECT count(*) FROM package WHERE state = 'active' AND NOT private "
                    "AND type = 'dataset'").scalar()
    target = min(TERBATAS, max(1, published // 10))
    terbatas = ("state = 'active' AND NOT private AND type = 'dataset' "
                "AND extras->>'klasifikasi_akses' = 'terbatas'")
    ids = list(sql(f"SELECT id FROM package WHERE {terbatas} ORDER BY id").scalars())
    marked = []
    if len(ids) < target:
        from ckanext.satudata.search import bulk
        marked = list(sql(
            "SELECT id FROM package WHERE state = 'active' AND NOT private AND type = 'dataset' "
            "AND coalesce(extras->>'klasifikasi_akses', '') <> 'terbatas' "
            "AND EXISTS (SELECT 1 FROM resource r WHERE r.package_id = package.id) "
            "ORDER BY md5(id) LIMIT :n", n=target - len(ids)).scalars())
        sql("UPDATE package SET extras = coalesce(extras, '{}'::jsonb) "
            "|| '{\"klasifikasi_akses\": \"terbatas\"}'::jsonb WHERE id = ANY(:ids)", ids=marked)
        model.Session.commit()
        bulk.rebuild(ids=marked, full=True)            # their documents withheld
        ids = list(sql(f"SELECT id FROM package WHERE {terbatas} ORDER BY id").scalars())
    sql("""INSERT INTO "user" (id, name, email, created, state, sysadmin, password)
           SELECT gen_random_uuid()::text, name, name || '@bench.invalid', now(), 'active',
                  false, ''
             FROM (SELECT 'bench-grantee-' || lpad(n::text, 5, '0') AS name
                     FROM generate_series(1, :n) n) t
            WHERE NOT EXISTS (SELECT 1 FROM "user" u WHERE u.name = t.name)""", n=USERS)
    users = list(sql("SELECT id FROM \"user\" WHERE name LIKE 'bench-grantee-%' "
                     "ORDER BY name").scalars())
    have = sql("SELECT count(*) FROM satudata_access_request WHERE decided_by = 'bench'").scalar()
    if have != GRANTS or marked:
        sql("DELETE FROM satudata_access_request WHERE decided_by = 'bench'")
        now = datetime.datetime.now(datetime.timezone.utc)
        rng = random.Random(15)
        # about one in ten already past its end (the check must skip them)
        rows = [{"id": str(uuid.uuid4()), "p": rng.choice(ids), "u": rng.choice(users),
                 "ends": now + datetime.timedelta(days=rng.randint(-30, 300))}
                for _ in range(GRANTS)]
        sql("INSERT INTO satudata_access_request (id, package_id, user_id, keperluan, "
            "asked_until, state, decided, decided_by, ends) VALUES (:id, :p, :u, 'bench', "
            ":ends, 'approved', now(), 'bench', :ends)", rows)
    model.Session.commit()
    sql("ANALYZE satudata_access_request")
    model.Session.commit()
    return ids, users


def _token(tk: Any, site: str, name: str) -> str:
    return tk.get_action("api_token_create")({"user": site}, {"user": name, "name": "bench"})["token"]


def _member(tk: Any, model: Any, site: str, name: str, org: str) -> str:
    """A user who is a member of ``org`` only (made once)."""
    if model.User.get(name) is None:
        tk.get_action("user_create")({"user": site}, {
            "name": name, "email": f"{name}@bench.invalid", "password": "bench-password-1"})
        tk.get_action("organization_member_create")({"user": site}, {
            "id": org, "username": name, "role": "member"})
    return name


def _opd_grant(model: Any, package_id: str, org: str, requester: str) -> None:
    """A live grant of ``package_id`` to every member of ``org`` (made once)."""
    model.Session.execute(sa.text("""
        INSERT INTO satudata_access_request (id, package_id, user_id, organization_id, keperluan,
            asked_until, state, decided, decided_by, ends)
        SELECT :id, :p, :u, :o, 'bench', now() + interval '300 days', 'approved', now(),
               'bench-opd', now() + interval '300 days'
         WHERE NOT EXISTS (SELECT 1 FROM satudata_access_request WHERE package_id = :p
                              AND organization_id = :o AND state = 'approved' AND ends > now())"""),
        {"id": str(uuid.uuid4()), "p": package_id, "u": requester, "o": org})


def _added(results: dict[str, Any], call: str, labels: list[str]) -> dict[str, tuple]:
    """What a Terbatas dataset adds to ``call`` for each caller (p50, p95), printed."""
    added = {}
    for label in labels:
        probe = next(t for k, t in results.items() if k.startswith(f"{call}, Terbatas, {label}"))
        base = results[f"{call}, open dataset, {label}"]
        added[label] = (probe.p50 - base.p50, probe.p95 - base.p95)
        print(f"    added to {call} ({label}): p50 {added[label][0]:+.2f} ms  "
              f"p95 {added[label][1]:+.2f} ms")
    return added


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
    # a member of another OPD holding an OPD-wide grant, a stranger; and an
    # open dataset of the same OPD (else another) with as many resources
    pkg, user_id, nres = model.Session.execute(sa.text("""
        SELECT r.package_id, r.user_id, (SELECT count(*) FROM resource x WHERE x.package_id = r.package_id)
          FROM satudata_access_request r WHERE r.state = 'approved' AND r.ends > now() + interval '1 day'
           AND r.decided_by = 'bench' ORDER BY r.id LIMIT 1""")).one()
    owner = model.Package.get(pkg).owner_org
    open_pkg = model.Session.execute(sa.text("""
        SELECT p.id FROM package p WHERE p.state = 'active' AND NOT p.private
           AND coalesce(p.extras->>'klasifikasi_akses', '') <> 'terbatas'
         ORDER BY (SELECT count(*) FROM resource x WHERE x.package_id = p.id) = :n DESC,
                  p.owner_org = :owner DESC, p.id
         LIMIT 1"""), {"n": nres, "owner": owner}).scalar()
    grantee = model.User.get(user_id).name
    other = model.Session.execute(sa.text(
        "SELECT id FROM \"group\" WHERE is_organization AND state = 'active' AND id <> :o "
        "ORDER BY name LIMIT 1"), {"o": owner}).scalar()
    member = _member(tk, model, site, f"bench-access-member-{owner[:8]}", owner)
    opd_grantee = _member(tk, model, site, f"bench-access-opd-{other[:8]}", other)
    _opd_grant(model, pkg, other, users[0])
    stranger = model.Session.execute(sa.text(
        "SELECT u.name FROM \"user\" u WHERE u.id = ANY(:users) AND NOT EXISTS ("
        "SELECT 1 FROM satudata_access_request r WHERE r.package_id = :p AND r.user_id = u.id) "
        "ORDER BY u.name DESC LIMIT 1"), {"users": users, "p": pkg}).scalar()
    model.Session.commit()

    def show(user: str, dataset: str) -> Callable[[], Any]:
        def run() -> Any:
            files.forget()          # each call as a request of its own
            return tk.get_action("package_show")({"user": user}, {"id": dataset})
        return run
    results: dict[str, Timing] = {}
    people = (("grantee", grantee), ("OPD-wide grantee", opd_grantee), ("stranger", stranger),
              ("OPD member", member), ("visitor", ""))
    for label, user in people:
        base, probe = _pair(show(user, open_pkg), show(user, pkg), reps=100)
        results[f"package_show, open dataset, {label}"] = Timing(base, 0)
        results[f"package_show, Terbatas, {label}"] = Timing(probe, 0)

    def reach() -> Any:
        files.forget()
        return files.reach(grantee, pkg, owner)
    results["grant check alone (files.reach), grantee"] = Timing(_times(reach), 0)

    def reach_opd() -> Any:
        files.forget()
        return files.reach(opd_grantee, pkg, owner)
    results["grant check alone (files.reach), OPD-wide grantee"] = Timing(_times(reach_opd), 0)
    from ckanext.satudata.access import log as access_log
    grant = files.reach(grantee, pkg, owner).grants[0][0]
    first = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"), {"p": pkg}).scalar()
    results["download's log entry alone"] = Timing(_times(
        lambda: access_log.download(user_id, grantee, pkg, first, grant), reps=40), 0)

    client = app.test_client()
    tokens = {name: _token(tk, site, name) for name in (grantee, opd_grantee)}
    res = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"), {"p": pkg}).scalar()
    open_res = model.Session.execute(sa.text(
        "SELECT id FROM resource WHERE package_id = :p ORDER BY position LIMIT 1"),
        {"p": open_pkg}).scalar()
    model.Session.rollback()

    def download(dataset: str, resource: str, user: str) -> Callable[[], Any]:
        url = f"/dataset/{dataset}/resource/{resource}/download"
        headers = {"Authorization": tokens[user]}

        def run() -> Any:
            # the bench's own request context shares its ``g`` (flask-login's
            # user, the reach memo) with the client's requests: dropped first
            g.pop("_login_user", None)
            files.forget()
            return client.get(url, headers=headers)
        return run
    status = download(pkg, res, grantee)().status_code
    if status != 302 or download(pkg, res, opd_grantee)().status_code != 302:
        print(f"    (a grantee's download answered {status}, not 302)")
    downloaders = (("grantee", grantee), ("OPD-wide grantee", opd_grantee))
    for label, user in downloaders:
        base, probe = _pair(download(open_pkg, open_res, user), download(pkg, res, user), reps=100)
        results[f"download, open dataset, {label}"] = Timing(base, 0)
        results[f"download, Terbatas, {label} (logged)"] = Timing(probe, 0)
    print(f"    {total:,} datasets, {len(ids):,} Terbatas, {grants:,} grants; "
          f"dataset with {nres} resources; grantee's download answered {status}")
    for label, t in results.items():
        print(f"    {label}: p50 {t.p50:.2f} ms  p95 {t.p95:.2f} ms")
    added = _added(results, "package_show", [label for label, _ in people])
    download_added = _added(results, "download", [label for label, _ in downloaders])
    return {"timings": results, "datasets": total, "terbatas": len(ids), "grants": grants,
            "added": added, "download_added": download_added["grantee"][0],
            "downloads_added": download_added, "download_status": status}


def main() -> None:
    standalone.main(__doc__, "Access grants", measure, db="satudata_bench_access", redis_db=13)


if __name__ == "__main__":
    main()
