"""The DCAT feed at the bench's largest size: catalogue pages of 100
datasets (``/catalog.ttl?page=N``) through the whole WSGI stack, and the
whole catalogue exported page by page, as a harvester reads it, with the
process's memory after each page. Prints, asserts nothing."""
from __future__ import annotations

import math
import time
from typing import Any

from queries import Timing


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import resource
    return pages * resource.getpagesize() / 2**20


def measure(app: Any, sample: int = 20) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    client = app._wsgi_app.test_client()
    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page", 100))
    total = tk.get_action("package_search")({}, {"rows": 0})["count"]
    pages = max(1, math.ceil(total / per_page))

    def fetch(page: int) -> float:
        t0 = time.perf_counter()
        response = client.get(f"/catalog.ttl?page={page}")
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    fetch(1)                                         # warm the code paths once
    spread = sorted({1 + (pages - 1) * i // max(1, sample - 1) for i in range(sample)})
    page_timing = Timing([fetch(p) for p in spread], per_page)

    rss, export = [], []
    t0 = time.perf_counter()
    for page in range(1, pages + 1):
        export.append(fetch(page))
        rss.append(_rss_mb())
    seconds = time.perf_counter() - t0
    result = {"page": page_timing, "export": Timing(export, total), "pages": pages,
              "export_s": seconds, "rss_first": rss[min(9, len(rss) - 1)], "rss_last": rss[-1]}
    print(f"    catalogue page of {per_page}: p50 {page_timing.p50:.0f} ms  p95 {page_timing.p95:.0f} ms"
          f" ({len(spread)} pages across the catalogue)")
    print(f"    whole export: {pages} pages in {seconds:.0f} s (p50 {result['export'].p50:.0f} ms,"
          f" p95 {result['export'].p95:.0f} ms); RSS after page {min(10, pages)} "
          f"{result['rss_first']:.0f} MB, after page {pages} {result['rss_last']:.0f} MB")
    return result
