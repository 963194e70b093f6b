"""The benchmark's Markdown report: machine line, query tables, indexing."""
from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["code_version", "machine_line", "peak_mb", "render"]

ROOT = Path(__file__).resolve().parent.parent


def _proc_value(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine_line(pg_version: str, shared_buffers: str) -> str:
    cpu = _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    mem_kb = _proc_value("/proc/meminfo", "MemTotal").split()
    ram = f"{int(mem_kb[0]) / 1024 / 1024:.0f} GiB" if mem_kb else "? GiB"
    return (f"{dt.date.today().isoformat()} · {cpu}, {os.cpu_count()} cores, {ram} RAM · "
            f"PostgreSQL {pg_version} (shared_buffers {shared_buffers}) · "
            f"Python {platform.python_version()}")


def code_version() -> str:
    """The commit measured, and whether the extension had local changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip() if done.returncode == 0 else ""
    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--", "ckanext/satudata")
    return f"commit {commit}" + (" + uncommitted changes in ckanext/satudata" if dirty else "")


def peak_mb() -> float:
    """Peak resident memory of this process (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else f"{n:,}"


_MODES = (("cold", ("Cold: count/facet cache emptied before each query "
                    "(the first visitor after any index change)")),
          ("warm", "Warm: the same query repeated (counts and facets from the cache)"))


def _query_tables(sizes: list[dict[str, Any]]) -> list[str]:
    labels: dict[str, str] = {}
    for s in sizes:
        labels.update(s["labels"])
    lines = []
    for mode, title in _MODES:
        lines += [f"**{title}**", "",
                  "| Query (anonymous, 20 rows, 5 facets unless said) |" + "".join(
                      f" {_k(s['size'])} p50 | {_k(s['size'])} p95 |" for s in sizes),
                  "|---|" + "---:|---:|" * len(sizes)]
        for key, label in labels.items():
            row = f"| {label} |"
            for s in sizes:
                t = s["timings"][mode].get(key)
                row += f" {t.p50:.1f} ms | {t.p95:.1f} ms |" if t else " – | – |"
            lines.append(row)
        lines += ["| **Whole mix** |" + "".join(
            f" **{s['mix'][mode][0]:.1f} ms** | **{s['mix'][mode][1]:.1f} ms** |"
            for s in sizes), ""]
    lines += ["Hits (first variant of each type): " + "; ".join(
        f"{_k(s['size'])}: " + ", ".join(f"{k} {t.hits:,}"
                                         for k, t in s["timings"]["cold"].items())
        for s in sizes), ""]
    return lines


def _indexing_table(report: dict[str, Any], sizes: list[dict[str, Any]]) -> list[str]:
    lines = ["| Loading and indexing | " + " | ".join(_k(s["size"]) for s in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]

    def row(label: str, fn: Callable[[dict[str, Any]], str], loaded: bool = False) -> None:
        cells = [fn(s) if (s["stats"].added or not loaded) else "–" for s in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("Bulk load: datasets added", lambda s: f"{s['stats'].added:,}")
    row("Bulk load: rows (generate + COPY), datasets/s",
        lambda s: f"{s['stats'].added / s['stats'].rows_s:,.0f}", True)
    row(f"Bulk load: index ({report['index_via']}), datasets/s",
        lambda s: f"{s['stats'].added / s['stats'].index_s:,.0f}", True)
    if report["index_via"] == "batch":
        row("… CKAN's document builder, ms/dataset",
            lambda s: f"{1000 * s['stats'].build_s / s['stats'].added:.2f}", True)
        row("… `index.upsert` + commit, ms/dataset",
            lambda s: f"{1000 * s['stats'].write_s / s['stats'].added:.2f}", True)
    row("Bulk load: total, datasets/s", lambda s: f"{s['stats'].rate:,.0f}", True)
    row("VACUUM ANALYZE after the load", lambda s: f"{s['stats'].analyze_s:.1f} s", True)
    row(f"Reindex: `ckan.lib.search.rebuild` of {report['reindex_sample']:,} "
        "(package_show each), datasets/s", lambda s: f"{s['reindex']:,.0f}")
    row("Reindex: `ckan satudata search rebuild` of all, datasets/s",
        lambda s: f"{s['bulk'][0]:,.0f}")
    row("… every document changed (all rewritten), datasets/s", lambda s: f"{s['bulk'][1]:,.0f}")
    row("… how it ran", lambda s: s["bulk"][2])
    row("Bulk-loaded documents identical to CKAN's rebuild",
        lambda s: f"{s['identical'][0]}/{s['identical'][1]}")
    row("Built dicts identical to package_show", lambda s: f"{s['shape'][0]}/{s['shape'][1]}")
    row("Peak memory (ru_maxrss): load, queries, CKAN rebuild", lambda s: f"{s['peak']:,.0f} MB")
    row("Peak memory (ru_maxrss): after bulk.rebuild (this process; its workers are apart)",
        lambda s: f"{s['peak_all']:,.0f} MB")
    row("Stage time", lambda s: f"{s['seconds'] / 60:.1f} min")
    return lines


def render(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    lines = ["# ckanext-satudata search benchmark", "", f"Machine: {report['machine']}", ""]
    if not sizes:
        return "\n".join(lines + ["(nothing measured)", ""])
    lines += _query_tables(sizes)
    lines += _indexing_table(report, sizes)
    if report.get("review"):
        lines += ["", f"Walidata review at the largest size, {report['review']['sample']} datasets "
                      "of one OPD (in-process action calls): "
                  + "; ".join(f"{label} p50 {t.p50:.0f} / p95 {t.p95:.0f} ms"
                              for label, t in report["review"]["timings"].items())]
    if report.get("dcat"):
        d = report["dcat"]
        lines += ["", f"DCAT feed at the largest size (`/catalog.ttl?page=N` through the WSGI stack, "
                      f"{d['pages']} pages of 100): a page cold (no dataset's Turtle kept) p50 "
                      f"{d['cold'].p50:.0f} / p95 {d['cold'].p95:.0f} ms, warm p50 {d['warm'].p50:.0f} / "
                      f"p95 {d['warm'].p95:.0f} ms, ckanext-dcat's own serialization p50 "
                      f"{d['stock'].p50:.0f} / p95 {d['stock'].p95:.0f} ms. Export page by page of "
                      f"pages 1-{d['exported']}: {d['export_s']:.0f} s cold, then p50 "
                      f"{d['export_again'].p50:.0f} ms a page; process RSS {d['rss_first']:.0f} MB "
                      f"after page 10, {d['rss_last']:.0f} MB after page {d['exported']}."]
    if report.get("access"):
        a = report["access"]
        check = a["timings"]["grant check alone (files.reach), grantee"].p50
        entry = a["timings"]["download's log entry alone"].p50
        added = ", ".join(f"{who} {ms[0]:+.1f} ms" for who, ms in a["added"].items())
        downloads = ", ".join(f"{who} {ms[0]:+.1f} ms" for who, ms in a["downloads_added"].items())
        lines += ["", f"Terbatas grant check at the largest size ({a['terbatas']:,} Terbatas "
                      f"datasets, {a['grants']:,} grants): added to `package_show` p50 {added}; "
                      f"the check alone p50 {check:.1f} ms, a download's log entry p50 "
                      f"{entry:.1f} ms; added to a download against an open one p50 {downloads}."]
    if report.get("quality"):
        q = report["quality"]
        lines += ["", f"Quality and monev at the largest size ({q['scored']:,} datasets scored by "
                      "the rebuild, with their search documents): "
                  + "; ".join(f"{label} p50 {t.p50:.1f} / p95 {t.p95:.1f} ms"
                              for label, t in q["timings"].items())
                  + "; link checks of links answering in 20 ms: "
                  + ", ".join(f"{n} at once {rate:.0f}/s" for n, rate in q["link_rates"].items())
                  + "."]
    if report.get("worst"):
        lines += ["", "Worst searches the web limits allow, at the largest size (anonymous "
                      "`package_search`, counts made anew each time): "
                  + "; ".join(f"{w['label']} p50 {w['p50']:.0f} / max {w['max']:.0f} ms "
                              f"({w['hits']:,} hits)" for w in report["worst"]) + "."]
    if report.get("autocomplete"):
        t = report["autocomplete"]["timing"]
        lines += ["", f"Kode wilayah autocomplete (`satudata_vocabulary_show`, 91,599 regions, "
                      f"{report['autocomplete']['queries']} typed texts): p50 {t.p50:.1f} ms, "
                      f"p95 {t.p95:.1f} ms."]
    lines += ["", (f"Total run time {report['elapsed'] / 60:.1f} min. Sizes are loaded "
                   "incrementally, each followed by VACUUM ANALYZE. Queries are in-process "
                   "`package_search` calls as an anonymous visitor (no HTTP); p50/p95 by "
                   "nearest rank over the timed runs (up to the budget per type, at least 10); "
                   "in the whole mix every query type weighs the same. Raw timings: "
                   "`bench/results/latest.json`."),
              ""]
    return "\n".join(lines)
