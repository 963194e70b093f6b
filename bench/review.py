"""The walidata review at the bench's largest size: each decision and a
revision's round trip through the actions (in-process, no HTTP), and the
review queue. Uses bench users made on the fly; prints, asserts nothing."""
from __future__ import annotations

import time
from typing import Any, Callable

import sqlalchemy as sa
from queries import Timing

STEWARD = "diskominfosatik"      # the bench's Diskominfo (vocab.OPDS)


def _user(tk: Any, site: str, name: str, org: str, role: str) -> str:
    try:
        tk.get_action("user_show")({"user": site}, {"id": name})
    except tk.ObjectNotFound:
        tk.get_action("user_create")({"user": site}, {
            "name": name, "email": f"{name}@bench.invalid", "password": "bench-password-1"})
    tk.get_action("organization_member_create")({"user": site}, {
        "id": org, "username": name, "role": role})
    return name


def measure(sample: int = 40) -> dict[str, Any]:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    org, = model.Session.execute(sa.text(
        "SELECT owner_org FROM package WHERE state = 'active' AND NOT private "
        "AND owner_org <> (SELECT id FROM \"group\" WHERE name = :s) "
        "GROUP BY owner_org ORDER BY count(*) DESC LIMIT 1"), {"s": STEWARD}).one()
    ids = [r for (r,) in model.Session.execute(sa.text(
        "SELECT id FROM package p WHERE owner_org = :o AND state = 'active' AND NOT private "
        # datasets no earlier run has reviewed (a kept bench database)
        "AND NOT EXISTS (SELECT 1 FROM satudata_review_log l WHERE l.package_id = p.id) "
        "ORDER BY id LIMIT :n"), {"o": org, "n": sample})]
    model.Session.rollback()
    producer = _user(tk, site, "bench-produsen", org, "editor")
    walidata = _user(tk, site, "bench-walidata", STEWARD, "editor")
    tk.config["ckanext.satudata.walidata_organization"] = STEWARD
    tk.config["ckanext.satudata.workflow.notify"] = False

    def timed(action: str, user: str, **data: Any) -> Callable[[str], float]:
        def run(package_id: str) -> float:
            t0 = time.perf_counter()
            tk.get_action(action)({"user": user}, {"id": package_id, **data})
            return (time.perf_counter() - t0) * 1000
        return run

    steps = [
        ("unpublish (walidata)", timed("satudata_dataset_unpublish", walidata, note="bench")),
        ("submit (OPD)", timed("satudata_dataset_submit", producer)),
        ("approve + publish (walidata)", timed("satudata_dataset_approve", walidata, publish=True)),
        ("revision: edit (OPD package_patch)", timed("package_patch", producer, notes="Revisi bench")),
        ("revision: submit (OPD)", timed("satudata_dataset_submit", producer)),
        ("revision: approve, swapped in (walidata)", timed("satudata_dataset_approve", walidata)),
    ]
    results: dict[str, Timing] = {}
    for label, run in steps:
        results[label] = Timing([run(package_id) for package_id in ids], len(ids))
    for package_id in ids[: sample // 2]:        # a queue to read
        tk.get_action("package_patch")({"user": producer}, {"id": package_id, "notes": "Lagi"})
        tk.get_action("satudata_dataset_submit")({"user": producer}, {"id": package_id})
    queue = []
    for _ in range(10):
        t0 = time.perf_counter()
        tk.get_action("satudata_review_list")({"user": walidata}, {"limit": 50})
        queue.append((time.perf_counter() - t0) * 1000)
    results["review queue, 50 rows (walidata)"] = Timing(queue, sample // 2)
    for label, timing in results.items():
        print(f"    {label}: p50 {timing.p50:.0f} ms  p95 {timing.p95:.0f} ms")
    return {"timings": results, "sample": len(ids)}
