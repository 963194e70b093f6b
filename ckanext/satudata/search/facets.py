"""Hit counts and facet counts of a search: from the kept counts
(``counts.py``) for a visibility-only search, with columns of their own
grouped beside them, else counted over the hits in one pass."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from . import cache, counts, index
from . import fields as F
from .compile import like_escape
from .syntax import Node

__all__ = ["kept", "count_and_facets"]


def kept(conn: Any, allowed: dict[str, list[str]], search: tuple[str, dict[str, Any]],
          facet_fields: list[str], limit: int, mincount: int, asked: dict[str, Node],
          ranges: list[counts.DayRange]) -> tuple[int, dict[str, list[Any]], dict[str, int]]:
    """Hits, facets and facet queries of a visibility-only search, from the
    kept counts; cached like any count (the landing page asks it of every
    visitor). A facet on a column of its own (``name``, ``id``…), which the
    kept counts do not hold, is grouped from that column (``search``: the
    search's condition and parameters), never from every document's terms."""
    key, cached = (None, None) if cache.is_dirty(conn) else \
        cache.get(conn, ["kept", allowed, facet_fields, limit, mincount, list(asked)])
    if cached is None:
        columns = [f for f in facet_fields
                   if (f in F.COLUMNS and f != "owner_org") or f in F.ARRAY_COLUMNS]
        kept = [f for f in facet_fields if f not in columns]
        if kept:
            hits, facets = _from_counts(conn, allowed, kept, limit, mincount)
            found = counts.sum_ranges(conn, allowed, ranges)
        else:           # the total and the ranges in one statement
            hits, *found = counts.sum_ranges(conn, allowed, ranges, total=True)
            facets = {}
        if columns:
            facets.update(_column_facets(conn, *search, columns, limit, mincount))
        facets = {f: facets[f] for f in facet_fields}
        cached = [hits, facets, found]
        cache.put(key, cached)
    hits, facets, found = cached
    return hits, facets, dict(zip(asked, found))


def _from_counts(conn: Any, allowed: dict[str, list[str]], facet_fields: list[str],
                 limit: int, mincount: int) -> tuple[int, dict[str, list[Any]]]:
    """Hits and facets of a visibility-only search, from the kept counts."""
    sql, bound = counts.read_sql(allowed, facet_fields)
    hits = 0
    per_field: dict[str, list[tuple[str, int]]] = {f: [] for f in facet_fields}
    for term, n in conn.execute(sa.text(sql), bound):
        if term == "":
            hits = int(n)
        else:
            field, value = term.split("=", 1)
            per_field[field].append((value, int(n)))
    return hits, _top(per_field, limit, mincount)


def _column_facets(conn: Any, where: str, params: dict[str, Any], fields: list[str],
                   limit: int, mincount: int) -> dict[str, list[Any]]:
    """Facets on columns of the document table, grouped by the column over
    the hits (field names are keys of ``F.COLUMNS``/``F.ARRAY_COLUMNS``)."""
    parts = []
    for field in fields:
        value = (f"unnest(d.{F.ARRAY_COLUMNS[field]})" if field in F.ARRAY_COLUMNS
                 else f"d.{F.COLUMNS[field]}")
        parts.append(f"SELECT '{field}' AS f, v, count(*) AS n FROM (SELECT {value} AS v "
                     f"FROM satudata_search_doc d WHERE {where}) c WHERE v IS NOT NULL GROUP BY v")
    per_field: dict[str, list[tuple[str, int]]] = {f: [] for f in fields}
    for f, v, n in conn.execute(sa.text(" UNION ALL ".join(parts)), params):
        per_field[f].append((v, int(n)))
    return _top(per_field, limit, mincount)


def _top(per_field: dict[str, list[tuple[str, int]]], limit: int,
         mincount: int) -> dict[str, list[Any]]:
    """Solr's facet lists: by count, then value; ``limit`` < 0 keeps all."""
    facets: dict[str, list[Any]] = {}
    for field, values in per_field.items():
        values = sorted((v for v in values if v[1] >= mincount), key=lambda v: (-v[1], v[0]))
        if limit >= 0:
            values = values[:limit]
        facets[field] = [x for pair in values for x in pair]
    return facets


def count_and_facets(conn: Any, where: str, params: dict[str, Any], facet_fields: list[str],
                      limit: int, mincount: int, conditions: list[str]
                      ) -> tuple[int, dict[str, list[Any]], list[int]]:
    """The hit count and, in one pass over the hits, every facet's counts
    and how many hits meet each of ``conditions`` (the facet queries)."""
    if not facet_fields and not conditions:
        hits = conn.execute(sa.text(
            f"SELECT count(*) FROM satudata_search_doc d WHERE {where}"), params).scalar()
        return int(hits or 0), {}, []
    column_fields = [f for f in facet_fields if f in F.COLUMNS or f in F.ARRAY_COLUMNS]
    term_fields = [f for f in facet_fields if f not in column_fields]
    bound = dict(params, _prefixes=[like_escape(index.term(f, "")) + "%" for f in term_fields])
    parts = ["SELECT NULL::text AS f, NULL::text AS v, count(*) AS n FROM m"]
    if term_fields:
        parts.append("SELECT NULL, t, count(*) FROM m, unnest(m.terms) t "
                     "WHERE t LIKE ANY(CAST(:_prefixes AS text[])) GROUP BY t")
    for field in column_fields:
        value = (f"unnest(m.{F.ARRAY_COLUMNS[field]})" if field in F.ARRAY_COLUMNS
                 else f"m.{F.COLUMNS[field]}")
        parts.append(f"SELECT '{field}', v, count(*) FROM (SELECT {value} AS v FROM m) c "
                     "WHERE v IS NOT NULL GROUP BY v")
    parts += [f"SELECT '#q', '{i}', count(*) FROM m WHERE m._q{i}" for i in range(len(conditions))]
    # the faceted fields' own terms when they hold every field asked (a
    # document written before revision 0016 has none: all its terms then)
    terms = ("coalesce(d.facet_terms, d.terms) AS terms"
             if set(term_fields) <= F.FACETED else "d.terms")
    selected = ", ".join(([terms] if term_fields else ["1 AS _one"])
                         + [f"d.{F.COLUMNS.get(f) or F.ARRAY_COLUMNS[f]}" for f in column_fields]
                         + [f"coalesce({c}, false) AS _q{i}" for i, c in enumerate(conditions)])
    sql = (f"WITH m AS MATERIALIZED (SELECT {selected} FROM satudata_search_doc d "
           f"WHERE {where}) " + " UNION ALL ".join(parts))
    hits = 0
    per_field: dict[str, list[tuple[str, int]]] = {f: [] for f in facet_fields}
    found = [0] * len(conditions)
    for f, v, n in conn.execute(sa.text(sql), bound):
        if f is None and v is None:
            hits = int(n)
            continue
        if f == "#q":
            found[int(v)] = int(n)
            continue
        if f is None:
            f, v = v.split("=", 1)
        per_field[f].append((v, int(n)))
    return hits, _top(per_field, limit, mincount), found
