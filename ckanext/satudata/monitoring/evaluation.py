"""The yearly evaluation sheet: the monev figures mapped to what the
kabupaten reports on, the four principles of Satu Data Indonesia (Perpres
39/2019, Pasal 3: standar data, metadata, interoperabilitas, kode
referensi) and SPBE's open-data service (Permenpan RB 59/2020, layanan
data terbuka), each row with its measure and value."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

import ckan.plugins.toolkit as tk

__all__ = ["rows"]


def _shares(session: Session, org_id: Optional[str]) -> dict[str, Any]:
    """Published datasets, and those naming their standard or meeting the
    criteria each principle reads (``met``, kept with the score)."""
    org = " AND owner_org = :org" if org_id else ""
    row = session.execute(sa.text(f"""
        SELECT count(*), count(*) FILTER (WHERE standard),
               count(*) FILTER (WHERE met @> ARRAY['machine_readable', 'open_format']),
               count(*) FILTER (WHERE 'code_lists' = ANY(met)),
               count(*) FILTER (WHERE met @> ARRAY['licence', 'open_licence'])
          FROM satudata_quality_score WHERE published{org}"""), {"org": org_id}).one()
    return dict(zip(("published", "standard", "interoperable", "coded", "open_licence"), row))


def _pct(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    return round(100 * part / whole, 1) if whole else None


def rows(session: Session, monev: dict[str, Any]) -> list[dict[str, Any]]:
    """``framework``, ``indicator``, ``measure``, ``value`` (a number, or
    None when nothing was there to measure), ``unit``."""
    total = monev["total"]
    shares = _shares(session, monev["owner_org"])
    published = shares["published"]
    q = total["quality"]
    sched = total["schedule"]
    periodic = sum(n for s, n in sched.items() if s != "tidak_berkala")
    links = total["links"]
    access = total["access_requests"]
    satu, spbe = tk._("Satu Data Indonesia principles"), tk._("SPBE: open data service")
    percent, count, days = "%", tk._("datasets"), tk._("days")
    return [
        {"framework": satu, "indicator": tk._("Data standard"),
         "measure": tk._("Published datasets that name their data standard"),
         "value": _pct(shares["standard"], published), "unit": percent},
        {"framework": satu, "indicator": tk._("Metadata"),
         "measure": tk._("Average quality score of the published datasets (of {max} points)").format(
             max=q["max_points"]),
         "value": _pct(q["average"], q["max_points"]) if q["average"] is not None else None,
         "unit": percent},
        {"framework": satu, "indicator": tk._("Interoperability"),
         "measure": tk._("Published datasets whose files are all open and machine-readable"),
         "value": _pct(shares["interoperable"], published), "unit": percent},
        {"framework": satu, "indicator": tk._("Reference codes"),
         "measure": tk._("Published datasets coded from the official code lists"),
         "value": _pct(shares["coded"], published), "unit": percent},
        {"framework": spbe, "indicator": tk._("Data published"),
         "measure": tk._("Published datasets"), "value": published, "unit": count},
        {"framework": spbe, "indicator": tk._("Open licence"),
         "measure": tk._("Published datasets under an open licence"),
         "value": _pct(shares["open_licence"], published), "unit": percent},
        {"framework": spbe, "indicator": tk._("Data kept up to date"),
         "measure": tk._("Periodic datasets not overdue"),
         "value": _pct(periodic - total["late"], periodic), "unit": percent},
        {"framework": spbe, "indicator": tk._("Daftar Data fulfilled"),
         "measure": tk._("Daftar Data entries of the year with a published dataset"),
         "value": total["daftar_data"]["rate"], "unit": percent},
        {"framework": spbe, "indicator": tk._("Links working"),
         "measure": tk._("Checked files and links of published datasets that work"),
         "value": _pct(links["checked"] - links["broken"], links["checked"]), "unit": percent},
        {"framework": spbe, "indicator": tk._("Walidata review"),
         "measure": tk._("Median days from submission to decision"),
         "value": total.get("median_review_days"), "unit": days},
        {"framework": spbe, "indicator": tk._("Requests for restricted data"),
         "measure": tk._("Requests of the year decided"),
         "value": _pct(access["approved"] + access["rejected"], access["received"]),
         "unit": percent},
    ]
