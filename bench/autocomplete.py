"""Kode wilayah autocomplete: ``satudata_vocabulary_show`` over the ~92k
regions as a form types a name (in-process action calls, no HTTP)."""
from __future__ import annotations

import time
from typing import Any

from queries import Timing

# What officers type: village and district names, prefixes of 2–6 letters,
# typos left out (the list is matched by substring, not by similarity), codes.
TYPED = ["si", "sin", "sinda", "sindang", "ci", "cik", "cikande", "kramat", "kramatwatu",
         "sukamaju", "mekar", "tanjung", "kali", "pasir", "bojong", "jaya", "anyar", "serang",
         "padang", "bungo", "kubu raya", "trenggalek", "36.04", "36.04.09", "13.71", "ma",
         "desa", "karang", "sumber", "wates"]


def measure(reps: int = 5) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk
    show = tk.get_action("satudata_vocabulary_show")
    for q in TYPED:                                   # warm the buffers once
        show({}, {"id": "wilayah", "q": q})
    samples, hits = [], 0
    for _ in range(reps):
        for q in TYPED:
            t0 = time.perf_counter()
            found = show({}, {"id": "wilayah", "q": q, "limit": 20})
            samples.append((time.perf_counter() - t0) * 1000)
            hits += found["count"]
    timing = Timing(samples, hits // reps)
    print(f"    wilayah autocomplete over {len(TYPED)} typed texts x {reps}: "
          f"p50 {timing.p50:.1f} ms  p95 {timing.p95:.1f} ms")
    return {"timing": timing, "queries": len(TYPED) * reps}
