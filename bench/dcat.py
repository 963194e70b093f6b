"""The DCAT feed at the bench's largest size, through the whole WSGI stack
(``/catalog.ttl?page=N``, profiles euro_dcat_ap_3 + satudata): pages of 100
spread over the catalogue, cold (no dataset's Turtle kept yet) and warm
(each dataset's part kept in satudata_dcat_fragment, the second read of an
unchanged catalogue); ckanext-dcat's own serialization of the same pages
(``profiles=`` given: no kept parts) for comparison; and an export page by
page, as a harvester reads it, with the process's memory after each page.
Prints, asserts nothing."""
from __future__ import annotations

import math
import resource
import time
from typing import Any

import sqlalchemy as sa
from queries import Timing

EXPORT_PAGES = 100      # 10,000 datasets: a cold page costs seconds at 100k


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def measure(app: Any, sample: int = 10) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    client = app._wsgi_app.test_client()
    per_page = int(tk.config.get("ckanext.dcat.datasets_per_page", 100))
    total = tk.get_action("package_search")({}, {"rows": 0})["count"]
    pages = max(1, math.ceil(total / per_page))

    def forget() -> None:
        with model.meta.engine.begin() as connection:
            connection.execute(sa.text("TRUNCATE satudata_dcat_fragment"))

    def fetch(page: int, query: str = "") -> float:
        t0 = time.perf_counter()
        response = client.get(f"/catalog.ttl?page={page}{query}")
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    forget()
    fetch(1)                                        # the code paths once
    spread = sorted({1 + (pages - 1) * i // max(1, sample - 1) for i in range(sample)})
    forget()
    cold = Timing([fetch(p) for p in spread], per_page)
    warm = Timing([fetch(p) for p in spread], per_page)
    stock = Timing([fetch(p, "&profiles=euro_dcat_ap_3,satudata") for p in spread], per_page)

    exported = min(pages, EXPORT_PAGES)
    forget()
    rss, export = [], []
    t0 = time.perf_counter()
    for page in range(1, exported + 1):
        export.append(fetch(page))
        rss.append(_rss_mb())
    seconds = time.perf_counter() - t0
    again = Timing([fetch(page) for page in range(1, exported + 1)], exported * per_page)
    result = {"cold": cold, "warm": warm, "stock": stock, "pages": pages, "exported": exported,
              "export": Timing(export, exported * per_page), "export_again": again,
              "export_s": seconds, "rss_first": rss[min(9, len(rss) - 1)], "rss_last": rss[-1]}
    print(f"    page of {per_page} ({len(spread)} pages across {pages}): cold p50 {cold.p50:.0f} / "
          f"p95 {cold.p95:.0f} ms, warm p50 {warm.p50:.0f} / p95 {warm.p95:.0f} ms, "
          f"ckanext-dcat's own p50 {stock.p50:.0f} / p95 {stock.p95:.0f} ms")
    print(f"    export of pages 1-{exported}: {seconds:.0f} s cold (p50 {result['export'].p50:.0f} ms), "
          f"again p50 {again.p50:.0f} ms; RSS after page {min(10, exported)} "
          f"{result['rss_first']:.0f} MB, after page {exported} {result['rss_last']:.0f} MB")
    return result
