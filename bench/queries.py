"""The query mix: ``package_search`` as an anonymous visitor, timed.

Each query goes through ``tk.get_action("package_search")`` with
``{"user": "", "ignore_auth": False}``, so CKAN adds the permission-label
filter (``public``) as it does for a visitor of the dataset page, and asks
for 20 rows (``ckan.datasets_per_page``) and, like that page, for the five
facets. One extra type asks for no facets, to show what they cost.
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model

__all__ = [
    "FACETS",
    "OUTSIDE_MIX",
    "QueryType",
    "Timing",
    "capture_sql",
    "explain",
    "percentile",
    "query_types",
    "run_type",
    "stats_line",
    "worst_allowed",
]

FACETS = ["organization", "tags", "res_format", "license_id", "groups"]
ROWS = 20
OUTSIDE_MIX = {"worst_allowed"}


@dataclasses.dataclass
class QueryType:
    key: str
    label: str
    variants: list[dict[str, Any]]
    min_size: int = 0               # only run when the index holds more datasets


@dataclasses.dataclass
class Timing:
    samples_ms: list[float]
    hits: int                        # count answered for the first variant

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _search(**params: Any) -> dict[str, Any]:
    base = {"rows": ROWS, "facet.field": FACETS}
    base.update(params)
    return {k: v for k, v in base.items() if v is not None}


def query_types(org_names: list[str], tag_names: list[str]) -> list[QueryType]:
    """The mix; the organizations and tags to filter on are the caller's."""
    words = ("penduduk", "kesehatan", "sekolah", "jalan", "padi", "imunisasi", "banjir")
    pairs = ("produksi padi", "angka partisipasi", "kondisi jalan", "kasus kekerasan",
             "jumlah puskesmas")
    phrases = ('"jumlah penduduk"', '"angka partisipasi sekolah"')
    return [
        QueryType("empty_facets", "Empty query, 5 facets", [_search(q="")]),
        QueryType("empty_nofacets", "Empty query, no facets",
                  [_search(q="", **{"facet.field": None})]),
        QueryType("one_word", f"One word ({', '.join(words)})", [_search(q=w) for w in words]),
        QueryType("two_words", "Two words (produksi padi, angka partisipasi, kondisi jalan, …)",
                  [_search(q=w) for w in pairs]),
        QueryType("phrase", f"Phrase ({', '.join(phrases)})", [_search(q=p) for p in phrases]),
        QueryType("fq_org", "fq by OPD (organization:…)",
                  [_search(q="", fq=f'organization:"{o}"') for o in org_names]),
        QueryType("fq_tag", "fq by tag (tags:…)",
                  [_search(q="", fq=f'tags:"{t}"') for t in tag_names]),
        QueryType("fq_format", "fq by format (res_format:CSV)",
                  [_search(q="", fq="res_format:CSV")]),
        QueryType("sort_modified", "Sort metadata_modified desc",
                  [_search(q="", sort="metadata_modified desc")]),
        QueryType("sort_title", "Sort title_string asc",
                  [_search(q="", sort="title_string asc")]),
        QueryType("deep_page", "Deep page (start=9000)", [_search(q="", start=9000)],
                  min_size=9001),
        QueryType("typo", "Typo (kesehatn)", [_search(q="kesehatn")]),
        QueryType("worst_allowed", "Worst the web limits allow (issue 14; 5 shapes)",
                  [_search(**dd) for _, dd in worst_allowed()]),
    ]


# The slowest searches web/limits.py lets through with its defaults (q of at
# most 20 terms and 1,000 characters, filters of 50 terms, 3 sort keys, 20
# facet fields, rows <= 1,000, start <= 100,000), one per costly path of the
# PostgreSQL backend; over HTTP a statement that runs longer than
# ckanext.satudata.statement_timeout (5 s) is cancelled and answers 503.
_COMMON = ("jumlah penduduk kecamatan serang kabupaten tahun produksi angka data desa sekolah "
           "kesehatan jalan padi banjir imunisasi guru murid sawah panen").split()


def worst_allowed() -> list[tuple[str, dict[str, Any]]]:
    """(label, package_search parameters) of the worst shapes the limits allow."""
    return [
        ("20 free-text words, 80% must match", {"q": " ".join(_COMMON)}),
        ("20 typos, 80% must match", {"q": " ".join(w[:2] + w[3:] for w in _COMMON)}),
        ("10 wildcards on resource fields", {"q": " OR ".join(
            f"{f}:*{c}*" for f in ("res_name", "res_description") for c in "aeiou")}),
        # a sort on stored fields takes at most search/query.STORED_SORT_MAX hits (20,000)
        ("3 sort keys on stored fields, 16,000 hits, 1,000 rows from 14,000",
         {"q": "", "fq": "organization:(disdukcapil OR dinkes)",
          "sort": "kelengkapan desc, tahun desc, frekuensi asc", "rows": 1000, "start": 14000}),
        ("20 facet fields, every value", {"q": "", "rows": 0, "facet.limit": -1, "facet.field": [
            "organization", "tags", "res_format", "license_id", "groups", "urusan", "frekuensi",
            "tahun", "klasifikasi_akses", "cakupan_wilayah", "jenis_data", "satuan", "version",
            "author", "maintainer", "res_name", "kode_wilayah", "tingkat_penyajian",
            "sumber_data", "name"]}),
    ]


def _call(data_dict: dict[str, Any]) -> dict[str, Any]:
    context = {"user": "", "ignore_auth": False}
    return tk.get_action("package_search")(context, dict(data_dict))


def run_type(qt: QueryType, reps: int, warmup: int, budget_s: float,
             min_reps: int = 10, before_each: Callable[[], None] | None = None) -> Timing:
    """Warm up, then time ``reps`` calls cycling through the variants
    (fewer, but at least ``min_reps``, when ``budget_s`` runs out).
    ``before_each`` runs, untimed, before every call (e.g. emptying the
    count cache, for a cold measurement)."""
    hits = 0
    prepare = before_each or (lambda: None)
    warm_started = time.perf_counter()
    # every variant runs at least once, so a warm measurement never meets a
    # variant for the first time; then more, unless the query is slow
    for i in range(max(warmup, len(qt.variants))):
        if i >= len(qt.variants) and time.perf_counter() - warm_started > budget_s / 5:
            break
        prepare()
        result = _call(qt.variants[i % len(qt.variants)])
        model.Session.remove()
        if i == 0:
            hits = result["count"]
    samples: list[float] = []
    started = time.perf_counter()
    for i in range(reps):
        dd = qt.variants[i % len(qt.variants)]
        prepare()
        t0 = time.perf_counter()
        result = _call(dd)
        samples.append((time.perf_counter() - t0) * 1000)
        model.Session.remove()    # end the transaction and return the connection, as a request
        if len(samples) >= min_reps and time.perf_counter() - started > budget_s:
            break
    return Timing(samples, hits)


def capture_sql(data_dict: dict[str, Any]) -> list[tuple[str, Any]]:
    """The SQL statements (and parameters) one search sends to PostgreSQL
    (empty the count cache first to see them all)."""
    engine = model.Session.get_bind()
    captured: list[tuple[str, Any]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        _call(data_dict)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    model.Session.rollback()
    return [(s, p) for s, p in captured if "satudata_search" in s]


def explain(statement: str, parameters: Any) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a captured statement."""
    conn = model.Session.connection().connection
    cur = conn.cursor()
    try:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return "\n".join(r[0] for r in cur.fetchall())
    finally:
        cur.close()
        model.Session.rollback()


def stats_line(timings: dict[str, Timing]) -> tuple[float, float]:
    """p50 and p95 of the whole mix, every query type weighing the same
    (slow types stop early, after fewer runs, and must not count less).
    The worst the limits allow is no visitor's query: it has its own row."""
    weighted = sorted((s, 1 / len(t.samples_ms)) for k, t in timings.items()
                      if k not in OUTSIDE_MIX for s in t.samples_ms)
    total = sum(w for _, w in weighted)

    def at(p: float) -> float:
        if not weighted:
            return math.nan
        running = 0.0
        for value, w in weighted:
            running += w
            if running >= p / 100 * total - 1e-9:
                return value
        return weighted[-1][0]

    return at(50), at(95)

