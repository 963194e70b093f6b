"""``make bench-web`` (also the last part of ``make bench``): the portal as
``make run`` serves it (gunicorn and the background worker, scripts/serve.sh,
on a port of its own) under concurrent anonymous visitors, on the demo
catalogue. Prints a Markdown table, writes ``bench/results/web.md``,
asserts nothing.

    .venv/bin/python bench/web.py --config config/ckan.ini [--clients 20] [--seconds 20]

Runs measured (each after a few seconds' warm-up):

- *mix*: ``--clients`` visitors, each looping over the search page, the
  search API, a dataset page and a DCAT page (words and datasets drawn
  from the demo), as shipped (the page cache on);
- *mix, no page cache*: the same with ``ckanext.satudata.page_cache.enabled
  = false`` (a second server on a config that only changes that);
- *mix with a writer*: the same, while an OPD edits a dataset every second
  (each edit empties the cache: what a busy day costs);
- *flood*: ``--flood`` clients send the most expensive searches the limits
  allow, each one new (no cache helps), while the others run the mix;
  compared with the mix alone at the same number of visitors.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORDS = ["penduduk", "kesehatan", "sekolah", "jalan", "padi", "air", "miskin", "puskesmas",
         "banjir", "anggaran", "population", "health"]


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--config", required=True, help="the portal's ckan.ini (with the demo loaded)")
    ap.add_argument("--port", type=int, default=5077)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--flood", type=int, default=4, help="flooding clients among --clients")
    ap.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    ap.add_argument("--warmup", type=float, default=4.0)
    return ap.parse_args(argv)


class Server:
    """scripts/serve.sh on its own port; stopped (with its worker) on exit."""

    def __init__(self, ini: str, port: int) -> None:
        self.port = port
        env = {**os.environ, "PORT": str(port), "SATUDATA_ACCESS_LOG": "/dev/null"}
        self.proc = subprocess.Popen(["scripts/serve.sh", ini], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(port, "/api/3/action/status_show")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit("bench/web: the server did not start within 90 s")

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, 2)     # Ctrl-C, as a user stops make run
            self.proc.wait(timeout=40)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, 9)


def get(port: int, path: str, method: str = "GET", body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def mix(names: list[str]) -> Callable[[random.Random], str]:
    def pick(rng: random.Random) -> str:
        kind = rng.randrange(4)
        word = urllib.parse.quote(rng.choice(WORDS))
        if kind == 0:
            return f"/dataset/?q={word}"
        if kind == 1:
            return f"/api/3/action/package_search?q={word}&rows=10"
        if kind == 2:
            return f"/dataset/{rng.choice(names)}"
        return rng.choice([f"/dataset/{rng.choice(names)}.ttl", "/catalog.ttl"])
    return pick


def flood(rng: random.Random) -> str:
    """The heaviest search the limits let through, new every time: many long
    words (fuzzy and prefix included), filters, a facet list, a deep page."""
    words = [f"{rng.choice(WORDS)}{rng.randrange(10**6)}" for _ in range(12)]
    q = " OR ".join(words[:6]) + " " + " ".join(f"{w}~" for w in words[6:9]) + " " + \
        " ".join(f"{w[:5]}*" for w in words[9:])
    params = {"q": q, "rows": "1000", "start": "0", "sort": "metadata_modified desc",
              "facet.field": json.dumps(["organization", "tags", "res_format", "license_id"])}
    return "/api/3/action/package_search?" + urllib.parse.urlencode(params)


def run(port: int, pickers: list[Callable[[random.Random], str]], seconds: float,
        warmup: float) -> list[dict]:
    """One thread per picker; returns per-picker stats of the measured part."""
    stop_at = time.monotonic() + warmup + seconds
    start_at = time.monotonic() + warmup
    results: list[dict] = [{"lat": [], "errors": 0, "codes": {}} for _ in pickers]

    def client(i: int) -> None:
        rng = random.Random(i)
        out = results[i]
        while (now := time.monotonic()) < stop_at:
            path = pickers[i](rng)
            try:
                status, _ = get(port, path)
            except OSError as e:
                status = 0
                out.setdefault("failures", []).append(f"{type(e).__name__}: {e}")
            took = time.monotonic() - now
            if now >= start_at:
                out["lat"].append(took)
                out["codes"][status] = out["codes"].get(status, 0) + 1
                if status == 0 or status >= 500:
                    out["errors"] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(pickers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def summary(results: list[dict], seconds: float) -> dict:
    lat = sorted(x for r in results for x in r["lat"])
    if not lat:
        return {"requests": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "errors": 0, "codes": {}}
    codes: dict[int, int] = {}
    for r in results:
        for code, n in r["codes"].items():
            codes[code] = codes.get(code, 0) + n
    for r in results:
        for failure in sorted(set(r.get("failures", [])))[:3]:
            print(f"bench/web: connection failed: {failure}", file=sys.stderr)
    return {"requests": len(lat), "rps": len(lat) / seconds,
            "p50": statistics.median(lat) * 1000,
            "p95": lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000,
            "errors": sum(r["errors"] for r in results), "codes": codes}


def writer(port: int, ini: str, dataset: str, stop: threading.Event, done: list[int]) -> None:
    """An OPD officer (the demo's sysadmin here) editing a dataset every second;
    ``done`` collects the statuses of the edits."""
    token = subprocess.run([str(ROOT / ".venv/bin/ckan"), "-c", ini, "user", "token", "add",
                            "admin", "bench-web"], capture_output=True, text=True, cwd=ROOT)
    key = token.stdout.strip().splitlines()[-1].strip() if token.returncode == 0 else ""
    n = 0
    while not stop.wait(1.0):
        n += 1
        body = json.dumps({"id": dataset, "notes_en": f"bench edit {n}"}).encode()
        done.append(get(port, "/api/3/action/package_patch", "POST", body,
                        {"Authorization": key, "Content-Type": "application/json"})[0])


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    ini = str(Path(args.config).resolve())
    rows: list[tuple[str, dict]] = []
    server = Server(ini, args.port)
    try:
        status, body = get(args.port, "/api/3/action/package_search?rows=100&fl=name")
        names = [d["name"] for d in json.loads(body)["result"]["results"]]
        if not names:
            sys.exit("bench/web: no public dataset: load the demo first (make demo)")
        pick = mix(names)
        clients = args.clients
        rows.append((f"mix, {clients} clients", summary(run(
            args.port, [pick] * clients, args.seconds, args.warmup), args.seconds)))
        stop, edits = threading.Event(), []
        edit = threading.Thread(target=writer, args=(args.port, ini, names[0], stop, edits))
        edit.start()
        busy = summary(run(args.port, [pick] * clients, args.seconds, args.warmup), args.seconds)
        stop.set()
        edit.join()
        ok = sum(1 for code in edits if code == 200)
        rows.append((f"mix with a writer ({ok} of {len(edits)} edits saved), {clients} clients", busy))
        calm = clients - args.flood
        rows.append((f"mix, {calm} clients (reference for the flood)", summary(run(
            args.port, [pick] * calm, args.seconds, args.warmup), args.seconds)))
        flooded = run(args.port, [pick] * calm + [flood] * args.flood, args.seconds, args.warmup)
        rows.append((f"mix, {calm} clients, during the flood", summary(flooded[:calm], args.seconds)))
        rows.append((f"flood, {args.flood} clients (heaviest allowed searches)",
                     summary(flooded[calm:], args.seconds)))
    finally:
        server.stop()
    with tempfile.NamedTemporaryFile("w", suffix=".ini", dir=ROOT / "config", delete=False) as f:
        f.write(f"[app:main]\nuse = config:{ini}\nckanext.satudata.page_cache.enabled = false\n")
        nocache = f.name
    try:
        server = Server(nocache, args.port)
        try:
            rows.insert(1, (f"mix, {clients} clients, no page cache", summary(run(
                args.port, [pick] * clients, args.seconds, args.warmup), args.seconds)))
        finally:
            server.stop()
    finally:
        os.unlink(nocache)
    report(rows, args)


def report(rows: list[tuple[str, dict]], args: argparse.Namespace) -> None:
    cores = os.cpu_count()
    lines = [f"Web: scripts/serve.sh (gunicorn, {cores} cores), demo catalogue, "
             f"{args.seconds:.0f} s per run after {args.warmup:.0f} s warm-up, "
             f"{time.strftime('%Y-%m-%d')}", "",
             "| run | requests/s | p50 ms | p95 ms | errors | statuses |",
             "|---|---:|---:|---:|---:|---|"]
    for name, s in rows:
        codes = ", ".join(f"{c}: {n}" for c, n in sorted(s["codes"].items()))
        lines.append(f"| {name} | {s['rps']:.0f} | {s['p50']:.1f} | {s['p95']:.1f} | "
                     f"{s['errors']} | {codes} |")
    text = "\n".join(lines)
    print(text)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "web.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
