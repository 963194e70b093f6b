"""Facet counts kept up to date, for searches that filter on visibility only.

The catalogue's landing page (no query, no filter but CKAN's own
``+capacity:public +state:active +permission_labels:(…)``) would count every
document on every visit. Instead, ``satudata_search_count`` holds, for each
visibility class (site, state, capacity, dataset type, permission labels),
how many documents carry each ``field=value`` term. Every index write adds
its deltas in the same transaction, so the table is exact whenever the index
is; a search whose filters are only visibility filters sums a few rows.

Each document sits in exactly one class, so summing the classes that match
``labels && user_labels`` counts it once, as the document table would.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional

from psycopg2.extras import execute_values

import sqlalchemy as sa

from . import fields as F
from .syntax import MUST, SHOULD, Bool, MatchAll, Node, Range, Term

__all__ = ["visibility_filter", "apply_deltas", "lock_and_read", "read_sql", "RECOUNT", "WORDS",
           "CLASS_FIELDS", "day_range", "sum_ranges", "DayRange"]

CLASS_FIELDS = ("site_id", "state", "capacity", "dataset_type")
_VISIBILITY = set(CLASS_FIELDS) | {"permission_labels", "entity_type"}

_LOCK = ("SELECT pg_advisory_xact_lock(hashtextextended(i, 7311)) "
         "FROM unnest(%(ids)s::text[]) i ORDER BY i")
_OLD = ("SELECT site_id, state, capacity, dataset_type, permission_labels, owner_org, terms "
        "FROM satudata_search_doc WHERE index_id = ANY(%(ids)s) ORDER BY index_id FOR UPDATE")
_APPLY = ("INSERT INTO satudata_search_count AS c (site_id, state, capacity, dataset_type, "
          "labels, term, n) VALUES %s ON CONFLICT (site_id, state, capacity, dataset_type, "
          "labels, term) DO UPDATE SET n = c.n + EXCLUDED.n")

Key = tuple[str, str, str, str, tuple[str, ...], str]


def _terms(row: dict[str, Any]) -> list[str]:
    terms = [t for t in row["terms"] if "=" in t]
    if row.get("owner_org"):
        terms.append(f"owner_org={row['owner_org']}")
    return [""] + terms       # "" counts the documents themselves


def _class(row: dict[str, Any]) -> tuple[str, str, str, str, tuple[str, ...]]:
    return (row["site_id"] or "", row["state"] or "", row["capacity"] or "",
            row["dataset_type"] or "", tuple(sorted(row["permission_labels"] or ())))  # codepoints, as COLLATE "C"


def lock_and_read(cursor: Any, ids: list[str]) -> list[dict[str, Any]]:
    """Serialize writers of these documents and read what they replace."""
    cursor.execute(_LOCK, {"ids": sorted(ids)})
    cursor.execute(_OLD, {"ids": ids})
    columns = [c.name for c in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


def apply_deltas(cursor: Any, removed: Iterable[dict[str, Any]],
                 added: Iterable[dict[str, Any]]) -> None:
    deltas: Counter[Key] = Counter()
    for sign, rows in ((-1, removed), (1, added)):
        for row in rows:
            cls = _class(row)
            for term in _terms(row):
                deltas[cls + (term,)] += sign
    # sorted: concurrent writers take the shared rows' locks in one order
    values = [(k[0], k[1], k[2], k[3], list(k[4]), k[5], n)
              for k, n in sorted(deltas.items()) if n]
    if values:
        execute_values(cursor, _APPLY, values, template="(%s, %s, %s, %s, %s::text[], %s, %s)")


def visibility_filter(nodes: list[Node]) -> Optional[dict[str, list[str]]]:
    """``{field: allowed values}`` when ``nodes`` filter on visibility only."""
    allowed: dict[str, list[str]] = {}
    clauses: list[Node] = []
    for node in nodes:
        if isinstance(node, MatchAll):
            continue
        if isinstance(node, Bool) and all(occ == MUST for occ, _ in node.clauses):
            clauses += [n for _, n in node.clauses]
        else:
            clauses.append(node)
    for node in clauses:
        values = _values(node)
        if values is None:
            return None
        field, vs = values
        if field in allowed:        # two filters on one field: both must hold
            vs = [v for v in vs if v in allowed[field]]
        allowed[field] = vs
    return allowed


def _values(node: Node) -> Optional[tuple[str, list[str]]]:
    if isinstance(node, Term):
        if node.field in _VISIBILITY and node.kind in ("word", "phrase"):
            return node.field, [node.text]
        return None
    if isinstance(node, Bool) and node.clauses and all(occ == SHOULD for occ, _ in node.clauses):
        parts = [_values(n) for _, n in node.clauses]
        if any(p is None for p in parts) or len({p[0] for p in parts}) != 1:  # type: ignore[index]
            return None
        return parts[0][0], [v for p in parts for v in p[1]]  # type: ignore[index]
    return None


def read_sql(allowed: dict[str, list[str]], facet_fields: list[str]) -> tuple[str, dict[str, Any]]:
    """SQL and parameters summing the classes that ``allowed`` selects."""
    conds, params = _classes(allowed)
    params["_fields"] = facet_fields
    sql = ("SELECT term, sum(n) FROM satudata_search_count WHERE " + " AND ".join(conds)
           + " AND (term = '' OR split_part(term, '=', 1) = ANY(CAST(:_fields AS text[])))"
           " GROUP BY term")
    return sql, params


def _classes(allowed: dict[str, list[str]]) -> tuple[list[str], dict[str, Any]]:
    """Conditions on ``satudata_search_count`` selecting the classes ``allowed`` names."""
    conds: list[str] = ["n > 0"]
    params: dict[str, Any] = {}
    for i, field in enumerate(CLASS_FIELDS):
        if field in allowed:
            conds.append(f"{field} = ANY(CAST(:_c{i} AS text[]))")
            params[f"_c{i}"] = allowed[field]
    if "entity_type" in allowed and "package" not in allowed["entity_type"]:
        conds.append("FALSE")
    if "permission_labels" in allowed:
        conds.append("labels && CAST(:_labels AS text[])")
        params["_labels"] = allowed["permission_labels"]
    return conds, params


# A facet query the kept counts answer: a range over a day field (one day
# per document, so the documents in it are the sum of its days' terms), or
# the field's presence (the whole range).
DayRange = Range


def day_range(node: Node) -> Optional[DayRange]:
    if isinstance(node, Term) and node.kind == "exists" and node.field in F.DAY_COLUMNS:
        return Range(node.field, None, None)
    if isinstance(node, Range) and F.day_bounds(node.field, node.low, node.high) is not None:
        return node
    return None


def _range_sql(r: DayRange, i: int, params: dict[str, Any]) -> str:
    """``term`` (``field=YYYY-MM-DD``, compared bytewise) within ``r``."""
    params[f"_f{i}"] = f"{r.field}="
    params[f"_g{i}"] = f"{r.field}>"            # the first string after every ``field=…``
    conds = [f'term COLLATE "C" > :_f{i}', f'term COLLATE "C" < :_g{i}']
    for day, op, name in ((r.low, ">=" if r.include_low else ">", "lo"),
                          (r.high, "<=" if r.include_high else "<", "hi")):
        if day is not None:
            params[f"_{name}{i}"] = f"{r.field}={day}"
            conds.append(f'term COLLATE "C" {op} :_{name}{i}')
    return " AND ".join(conds)


def sum_ranges(conn: Any, allowed: dict[str, list[str]], ranges: list[DayRange],
               total: bool = False) -> list[int]:
    """How many documents of the classes ``allowed`` selects fall in each
    range (preceded by how many there are when ``total``), in one statement
    over the kept counts."""
    conds, params = _classes(allowed)
    where = " AND ".join(conds)
    tests = (["term = ''"] if total else []) + [_range_sql(r, i, params)
                                                  for i, r in enumerate(ranges)]
    if not tests:
        return []
    sums = ", ".join(f"coalesce(sum(n) FILTER (WHERE {t}), 0)" for t in tests)
    row = conn.execute(sa.text(
        f"SELECT {sums} FROM satudata_search_count WHERE {where} AND ("
        + " OR ".join(f"({t})" for t in tests) + ")"), params).one()
    return [int(n) for n in row]


# The words the search expands a query word through (satudata_search_word):
# the documents' lexemes, stems included; not numbers, nor hyphenated
# compounds such as dataset names, whose parts are words of their own. The
# index adds those of the documents it writes (``AND d.index_id = ANY(…)``);
# a recount takes them all.
WORDS = ("SELECT DISTINCT w FROM satudata_search_doc d, unnest(tsvector_to_array(d.tsv)) w "
         "WHERE w ~ '^[[:alpha:]]{3,40}$'")

# Every count and word again, in the caller's transaction (a word another
# transaction adds meanwhile stays: it is deleted before the words are
# collected, and a word both add is kept once). The words go
# through a temporary table, which PostgreSQL fills in parallel (an INSERT
# … SELECT runs on one core); a document's labels are sorted once per
# document, not once per term (5.9 s and 3.9 s at 100k datasets, from 11.6 s
# and 9.3 s).
RECOUNT = """
DELETE FROM satudata_search_word;
CREATE TEMPORARY TABLE satudata_recount_word ON COMMIT DROP AS """ + WORDS + """;
INSERT INTO satudata_search_word (word) SELECT w FROM satudata_recount_word
ON CONFLICT (word) DO NOTHING;
DELETE FROM satudata_search_count;
INSERT INTO satudata_search_count (site_id, state, capacity, dataset_type, labels, term, n)
SELECT coalesce(d.site_id, ''), coalesce(d.state, ''), coalesce(d.capacity, ''),
       coalesce(d.dataset_type, ''), lb.labels, t, count(*)
FROM satudata_search_doc d
     CROSS JOIN LATERAL (SELECT ARRAY(SELECT l FROM unnest(d.permission_labels) l
                                      ORDER BY l COLLATE "C") AS labels OFFSET 0) lb,
     unnest(ARRAY[''] || ARRAY(SELECT x FROM unnest(d.terms) x WHERE strpos(x, '=') > 0)
            || CASE WHEN d.owner_org IS NULL THEN '{}'::text[]
                    ELSE ARRAY['owner_org=' || d.owner_org] END) t
GROUP BY 1, 2, 3, 4, 5, 6
"""
