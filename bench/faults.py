"""``make bench-faults``: the faults the portal must survive (issue 14),
with real services stopped and started.

    .venv/bin/python bench/faults.py [--keep] [--pg-port 55432] [--redis-port 56379] ...

It starts its own PostgreSQL (initdb into a temporary directory), its own
redis-server and an SMTP sink, migrates a database there, serves the portal
with ``scripts/serve.sh`` (gunicorn and ``ckan jobs worker``) on its own
port, creates an OPD, a producer, a walidata and a published dataset through
the API, and then:

1. restarts PostgreSQL (``pg_ctl restart -m fast``): the next request and
   every gunicorn worker must recover by themselves;
2. kills the work horse (SIGKILL) while it is handing a decision's mail to
   the SMTP server: the job must be retried, and the mail arrive once;
3. kills the whole jobs worker (worker and horse) the same way: serve.sh
   must notice; once RQ's heartbeat for the job has expired (about 90 s),
   the portal is served again and the new worker must retry the job;
4. stops Redis: pages and the API must answer, a review decision must still
   get its mail out (sent from the request); starts Redis again: mail goes
   through the worker again, and RQ's scheduler (delayed retries) must come
   back (``--long`` waits for it: up to 19 min).

It prints a table of each fault and the result and stops everything it
started. It asserts nothing in the pytest sense, but exits non-zero when a
fault was not survived. The portal's own databases and Redis are never
touched; ``config/ckan.ini`` is only read (its secrets and plugins).
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from faults_services import (SITE_ID, ROOT, Portal, Postgres, Redis, SmtpSink, connections_to,
                             port_free, wait_for, write_ini)

REQUIRED = {"notes": "Data uji ketahanan.", "urusan": "2.12", "frekuensi": "tahunan",
            "klasifikasi_akses": "terbuka"}
rows: list[tuple[str, str, str, str]] = []
RESULTS = {"ok": "survived", "late": "survived, late", "failed": "**NOT survived**"}


def record(fault: str, check: str, ok: bool, detail: str, late: bool = False) -> bool:
    """One row of the table; ``late``: it recovers, but only after a while."""
    result = "late" if ok and late else "ok" if ok else "failed"
    rows.append((fault, check, result, detail))
    print(f"   {result.upper():6} {fault}: {check} ({detail})", flush=True)
    return ok


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--pg-port", type=int, default=55432)
    ap.add_argument("--redis-port", type=int, default=56379)
    ap.add_argument("--smtp-port", type=int, default=52525)
    ap.add_argument("--web-port", type=int, default=55000)
    ap.add_argument("--web-workers", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    ap.add_argument("--long", action="store_true",
                    help="wait (up to 19 min) for what recovers only at the worker's maintenance")
    return ap.parse_args()


class Api:
    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, token: str | None = None) -> int:
        try:
            return requests.get(self.base + path, timeout=60, allow_redirects=False,
                                headers={"Authorization": token} if token else {}).status_code
        except requests.RequestException:
            return 0

    def call(self, action: str, token: str, **data):
        response = requests.post(f"{self.base}/api/3/action/{action}", json=data, timeout=60,
                                 headers={"Authorization": token})
        if response.status_code != 200:
            raise RuntimeError(f"{action}: {response.status_code} {response.text[:300]}")
        return response.json()["result"]


def _ckan(ini: Path, env: dict, *cmd: str) -> str:
    return subprocess.run([str(ROOT / ".venv/bin/ckan"), "-c", str(ini), *cmd], env=env,
                          check=True, capture_output=True, text=True).stdout


def _seed(api: Api, admin: str) -> dict:
    """An OPD and the walidata organization, a producer and a walidata
    with tokens; a dataset published through the review."""
    orgs = {}
    for name, kode in (("walidata-uji", "9.99.0.00.0.00.01.0000"), ("dinas-uji", "9.99.0.00.0.00.02.0000")):
        orgs[name] = api.call("organization_create", admin, name=name, title=name.title(),
                              kode_opd=kode, jenis_instansi="department")
    people = {}
    for name, org in (("produsen-uji", "dinas-uji"), ("walidata-ujian", "walidata-uji")):
        api.call("user_create", admin, name=name, email=f"{name}@faults.test",
                 password=secrets.token_urlsafe(12))
        api.call("organization_member_create", admin, id=org, username=name, role="editor")
        people[name] = api.call("api_token_create", admin, user=name, name="faults")["token"]
    seed = {"admin": admin, "producer": people["produsen-uji"], "walidata": people["walidata-ujian"],
            "walidata_mail": "walidata-ujian@faults.test", "n": 0}
    seed["published"] = new_dataset(api, seed)
    api.call("satudata_dataset_submit", seed["producer"], id=seed["published"])
    api.call("satudata_dataset_approve", seed["walidata"], id=seed["published"], publish=True)
    return seed


def new_dataset(api: Api, seed: dict) -> str:
    seed["n"] += 1
    name = f"data-penduduk-uji-{seed['n']}"
    api.call("package_create", seed["producer"], name=name, title=f"Data Penduduk Uji {seed['n']}",
             owner_org="dinas-uji", **REQUIRED)
    return name


def pages(seed: dict) -> list[tuple[str, str | None]]:
    name = seed["published"]
    return [("/", None), ("/dataset/", None), (f"/dataset/{name}", None), ("/dataset/?q=penduduk", None),
            ("/organization/", None), ("/api/3/action/status_show", None),
            ("/api/3/action/package_search?q=penduduk&facet.field=[\"tags\"]", None),
            (f"/api/3/action/package_show?id={name}", None),
            ("/api/3/action/satudata_review_list", seed["walidata"]),
            (f"/dataset/review/{name}", seed["walidata"])]


def check_pages(api: Api, seed: dict, fault: str, rounds: int = 2) -> bool:
    got = [(path, api.get(path, token)) for _ in range(rounds) for path, token in pages(seed)]
    bad = [f"{path} {status}" for path, status in got if status != 200]
    return record(fault, "pages and API answer 200", not bad,
                  f"{len(got) - len(bad)}/{len(got)} (each twice, anonymous and with a token)"
                  + (f"; failed: {', '.join(bad[:4])}" if bad else ""))


def decision_mail(api: Api, sink: SmtpSink, seed: dict, fault: str, how: str, timeout: float) -> bool:
    """A producer submits a new dataset: the walidata's mail must arrive."""
    name = new_dataset(api, seed)
    before, start = len(sink.to(seed["walidata_mail"])), time.monotonic()
    try:
        api.call("satudata_dataset_submit", seed["producer"], id=name)
    except RuntimeError as error:
        return record(fault, f"decision mail {how}", False, str(error)[:120])
    took = time.monotonic() - start
    arrived = wait_for(lambda: len(sink.to(seed["walidata_mail"])) > before, timeout)
    return record(fault, f"decision mail {how}", bool(arrived),
                  f"submit answered in {took:.1f} s, mail "
                  + (f"arrived {time.monotonic() - start:.1f} s after" if arrived
                     else f"not there after {timeout:.0f} s"))


def redis_stopped(api, sink, redis, portal, seed, long: bool) -> None:
    fault = "Redis stopped"
    redis.stop()
    check_pages(api, seed, fault)
    decision_mail(api, sink, seed, fault, "sent from the request", 15)
    time.sleep(3)
    record(fault, "jobs worker still running", portal.jobs_worker() is not None,
           "pid %s" % portal.jobs_worker())
    redis.start()
    fault = "Redis started again"
    decision_mail(api, sink, seed, fault, "through the worker", 60)
    back = time.monotonic()
    scheduler = wait_for(portal.scheduler, 5)
    if scheduler:
        record(fault, "RQ scheduler running (delayed retries)", True, f"pid {scheduler}")
    elif not long:
        record(fault, "RQ scheduler running (delayed retries)", True, late=True, detail=(
            "it died with Redis; `ckan jobs worker` starts it again at its maintenance (every "
            "10 min, checked between jobs and 405 s waits): until then the 60 s and 300 s "
            "retries wait (--long waits for it)"))
    else:
        scheduler = wait_for(portal.scheduler, 1140, step=2)
        record(fault, "RQ scheduler running (delayed retries)", bool(scheduler), late=True,
               detail=f"died with Redis; started again by the worker's maintenance "
                      f"{time.monotonic() - back:.0f} s after Redis" if scheduler else
                      "died with Redis and not started again within 19 min")


def postgres_restarted(api, sink, pg, portal, seed, workers: int) -> None:
    fault = "PostgreSQL restarted"
    with ThreadPoolExecutor(workers * 3) as pool:       # every web worker opens its connection
        list(pool.map(lambda _: api.get("/dataset/"), range(workers * 6)))
    before = sum(connections_to(pid, pg.port) > 0 for pid in portal.web_workers())
    pg.restart()
    first = api.get("/dataset/")
    record(fault, "the next request answers", first == 200, f"status {first}")
    statuses, sent = [], 0
    with ThreadPoolExecutor(workers * 3) as pool:
        while sent < 60:
            statuses += pool.map(lambda _: api.get(f"/dataset/{seed['published']}"), range(20))
            sent += 20
            web = portal.web_workers()
            if sum(connections_to(pid, pg.port) > 0 for pid in web) == len(web):
                break
    web = portal.web_workers()
    again = sum(connections_to(pid, pg.port) > 0 for pid in web)
    record(fault, f"{sent} requests answer 200", statuses.count(200) == sent,
           f"{statuses.count(200)}/{sent}")
    record(fault, "every web worker reconnected", again == len(web) == workers and before == workers,
           f"{before}/{workers} held a connection before, {again}/{len(web)} to the new server after")
    check_pages(api, seed, fault, rounds=1)
    decision_mail(api, sink, seed, fault, "through the worker", 60)


def horse_killed(api, sink, redis, portal, seed) -> None:
    from redis import Redis as RedisClient
    from rq.job import Job
    from rq.registry import StartedJobRegistry
    fault = "Work horse SIGKILLed mid-mail"
    conn = RedisClient(port=redis.port)
    sink.hold()
    name = new_dataset(api, seed)
    api.call("satudata_dataset_submit", seed["producer"], id=name)
    horse = wait_for(lambda: sink.waiting and portal.work_horse(), 60)
    # (cleanup=False: the observer must not do RQ's recovery work for it)
    started = StartedJobRegistry(f"ckan:{SITE_ID}:default", connection=conn).get_job_ids(cleanup=False)
    if not horse or len(started) != 1:
        sink.release()
        record(fault, "a job caught in the middle", False, "no work horse waiting in SMTP DATA")
        return
    held = sink.held_for[-1]
    before = len(sink.to(held))
    os.kill(horse, signal.SIGKILL)
    killed_at = time.monotonic()
    job = Job.fetch(started[0], connection=conn)
    status = wait_for(lambda: job.refresh() or job.get_status().value in ("scheduled", "queued", "failed")
                      and job.get_status().value, 20)
    sink.release()
    record(fault, "the job is retried, not lost", status in ("scheduled", "queued"),
           f"pid {horse} killed while sending to {held}; job {status} again, "
           f"{job.retries_left} retries left")
    done = wait_for(lambda: job.get_status(refresh=True).value == "finished", 90, step=0.5)
    copies = len(sink.to(held)) - before
    record(fault, "the mail arrives once, after the retry", bool(done) and copies == 1,
           f"job {job.get_status().value} {time.monotonic() - killed_at:.1f} s after the kill; "
           f"{copies} cop{'y' if copies == 1 else 'ies'} accepted")
    state = api.call("package_show", seed["admin"], id=name).get("satudata_status")
    record(fault, "the decision itself is kept", state == "submitted", f"dataset {state}")


def worker_killed(api, sink, redis, portal, seed) -> None:
    """The whole ``ckan jobs worker`` (worker and work horse) SIGKILLed in
    the middle of a mail: the job is abandoned in RQ's started registry; when
    its heartbeat has expired, the next worker's maintenance retries it."""
    from redis import Redis as RedisClient
    from rq.job import Job
    from rq.registry import StartedJobRegistry
    fault = "Jobs worker SIGKILLed mid-mail (worker and horse)"
    conn = RedisClient(port=redis.port)
    registry = StartedJobRegistry(f"ckan:{SITE_ID}:default", connection=conn)
    sink.hold()
    name = new_dataset(api, seed)
    api.call("satudata_dataset_submit", seed["producer"], id=name)
    horse = wait_for(lambda: sink.waiting and portal.work_horse(), 60)
    started = registry.get_job_ids(cleanup=False)
    worker = portal.jobs_worker()
    if not horse or not worker or len(started) != 1:
        sink.release()
        record(fault, "a job caught in the middle", False, "no work horse waiting in SMTP DATA")
        return
    held = sink.held_for[-1]
    before = len(sink.to(held))
    os.kill(worker, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    killed_at = time.monotonic()
    sink.release()
    stopped = wait_for(lambda: portal.proc.poll() is not None, 40)
    orphans = sorted(pid for pid, (_, _, cmd) in portal.processes().items() if " jobs worker" in cmd)
    record(fault, "serve.sh notices its dead worker", bool(stopped),
           "serve.sh stopped (a supervisor starts it again)" if stopped else
           f"still serving without a jobs worker 40 s later: the worker's orphaned child "
           f"(pid {', '.join(map(str, orphans))}, RQ's scheduler) keeps open the pipe to sed, "
           f"whose pid is the one `wait -n` watches")
    portal.stop()
    job = Job.fetch(started[0], connection=conn)
    left = job.get_status().value
    expired = wait_for(lambda: started[0] in registry.get_expired_job_ids(), 240, step=1)
    waited = time.monotonic() - killed_at
    portal.start()
    ready = wait_for(lambda: api.get("/api/3/action/status_show") == 200, 120, step=0.5)
    done = wait_for(lambda: job.get_status(refresh=True).value == "finished", 90, step=0.5)
    copies = len(sink.to(held)) - before
    record(fault, "the job is retried by the next worker, the mail arrives once",
           bool(expired and ready and done) and copies == 1,
           f"job left in RQ's started registry ({left}); portal served again when the "
           f"job's heartbeat had expired ({waited:.0f} s); job "
           f"{job.get_status().value} {time.monotonic() - killed_at:.0f} s after the kill, "
           f"{copies} cop{'y' if copies == 1 else 'ies'} accepted")


def main() -> int:
    args = _args()
    if not (ROOT / "config/ckan.ini").exists():
        sys.exit("faults: config/ckan.ini is missing; run `make config` first")
    for port in (args.pg_port, args.redis_port, args.smtp_port, args.web_port):
        if not port_free(port):
            sys.exit(f"faults: port {port} is taken; pick another (--help)")
    workdir = Path(tempfile.mkdtemp(prefix="satudata-faults-"))
    workdir.chmod(0o755)               # the postgres user reaches its directory inside
    pg, redis = Postgres(workdir, args.pg_port), Redis(workdir, args.redis_port)
    sink, portal = SmtpSink(args.smtp_port), None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        print(f"==> PostgreSQL on {args.pg_port}, Redis on {args.redis_port}, SMTP sink on "
              f"{args.smtp_port}, all in {workdir}", flush=True)
        pg.init()
        pg.start()
        db_url = pg.create_database("satudata_faults", "ckan_faults")
        redis.start()
        sink.start()
        ini, env = write_ini(workdir, db_url, args)
        subprocess.run([str(ROOT / "scripts/migrate-db.sh"), str(ini), db_url, "the faults database"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        print("==> Creating a sysadmin and its API token", flush=True)
        _ckan(ini, env, "sysadmin", "add", "faults-admin", "--create", "email=admin@faults.test",
              f"password={secrets.token_urlsafe(12)}")
        admin = _ckan(ini, env, "user", "token", "add", "faults-admin", "faults").split()[-1]
        print(f"==> Serving the portal with scripts/serve.sh on {args.web_port} "
              f"({args.web_workers} web workers)", flush=True)
        portal = Portal(workdir, ini, env)
        portal.start()
        api = Api(env["CKAN_SITE_URL"])
        if not wait_for(lambda: api.get("/api/3/action/status_show") == 200, 120, step=0.5):
            sys.exit(f"faults: the portal did not start; see {portal.log}")
        print("==> Creating an OPD, a producer, a walidata and a published dataset", flush=True)
        seed = _seed(api, admin)
        print("==> Faults", flush=True)
        check_pages(api, seed, "none")
        decision_mail(api, sink, seed, "none", "through the worker", 60)
        postgres_restarted(api, sink, pg, portal, seed, args.web_workers)
        horse_killed(api, sink, redis, portal, seed)
        worker_killed(api, sink, redis, portal, seed)
        redis_stopped(api, sink, redis, portal, seed, args.long)
    finally:
        left = portal.stop() if portal else []
        for stop in (sink.stop, redis.stop, pg.stop):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 (stop the rest whatever failed)
                print(f"faults: cleanup: {error!r}", file=sys.stderr)
        if left:
            print(f"faults: still running after SIGTERM to serve.sh, killed: {left}", file=sys.stderr)
        if args.keep or any(result == "failed" for _, _, result, _ in rows):
            print(f"faults: logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n| Fault | Check | Result | Detail |\n|---|---|---|---|")
    for fault, check, result, detail in rows:
        print(f"| {fault} | {check} | {RESULTS[result]} | {detail} |")
    return 0 if rows and all(result != "failed" for _, _, result, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
