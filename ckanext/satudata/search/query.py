"""Run a Solr-style query (the parameters CKAN gives pysolr) in PostgreSQL."""
from __future__ import annotations

from typing import Any, Optional

import re

import sqlalchemy as sa

from . import cache, counts
from . import facets as counting
from . import fields as F
from .compile import Compiled, Compiler, normalize_word, like_escape
from .sort import compile_sort
from .syntax import Node, QuerySyntaxError, apply_mm, parse, parse_lenient

__all__ = ["Results", "run", "where_for", "ParamError"]

DEFAULT_SORT = "score desc, metadata_modified desc"


class ParamError(Exception):
    """A parameter that cannot be run; ``param`` names it (q, fq, sort…)."""

    def __init__(self, param: str, error: QuerySyntaxError) -> None:
        super().__init__(param, error.code, error.detail)
        self.param = param
        self.error = error


class Results:
    """What pysolr's ``Results`` offers CKAN: hits, docs and facets."""

    def __init__(self, docs: list[dict[str, Any]], hits: int,
                 facets: dict[str, list[Any]], queries: Optional[dict[str, int]] = None) -> None:
        self.docs = docs
        self.hits = hits
        self.facets = {"facet_fields": facets, "facet_queries": queries or {}}

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self):
        return iter(self.docs)


_EXPAND = sa.text("""
SELECT t.term, w.word
FROM unnest(CAST(:terms AS text[]), CAST(:likes AS text[]), CAST(:affixed AS text[]))
     AS t(term, pattern, affixed)
CROSS JOIN LATERAL (
    (SELECT word FROM satudata_search_word
      WHERE t.term NOT LIKE '~%' AND length(t.term) >= 5 AND word LIKE t.pattern
        AND word ~ t.affixed AND word <> t.term
      ORDER BY length(word), word LIMIT 20)
    UNION
    (SELECT word FROM satudata_search_word
      WHERE t.term NOT LIKE '~%' AND length(t.term) >= 5 AND word % t.term
        AND similarity(word, t.term) >= 0.5
      ORDER BY similarity(word, t.term) DESC, word LIMIT 5)
    UNION
    (SELECT word FROM satudata_search_word
      WHERE t.term LIKE '~%' AND word LIKE t.pattern ORDER BY word LIMIT 50)
) w
""")


# A word containing the query word counts as the same word only when what
# surrounds it is Indonesian affixation (ke-…-an, pe-…, -nya …): penduduk →
# kependudukan, sehat → kesehatan, but not angka → Cinangka or tangkap.
# The trigram index finds the candidates; this pattern only keeps them.
_AFFIXED = ("^(ke|pe|per|pen|pem|peng|penge|ber|be|me|mem|men|meng|menge|di|ter|se)?"
            "{}(an|kan|i|nya|lah|annya|kannya)?$")


# Bounds on the expansion, so that no query the web limits allow
# (web/limits.py) makes PostgreSQL scan trigram candidates for long: a word
# longer than the longest the word list keeps (counts.WORDS: 40 letters)
# cannot contain, nor be spelled like, any of them and is matched as it is;
# at most EXPAND_MAX words of a query are expanded (the others match as
# written, stems included); a query may have at most EXPAND_MAX wildcard
# words, since one that is not expanded would match nothing.
EXPAND_MIN = 5
FUZZY_WORD_MAX = 40
EXPAND_MAX = 10

# A sort on a stored field without a column of its own (``sort=tahun desc``)
# reads the payload of every hit: searches with more hits than this answer
# "narrow the search" instead (about 0.2 s at this many on the bench machine).
STORED_SORT_MAX = 20_000


def _bounded(terms: list[str]) -> list[str]:
    wildcards = [t for t in terms if t.startswith("~")]
    if len(wildcards) > EXPAND_MAX:
        raise QuerySyntaxError("too_many_wildcards", str(EXPAND_MAX))
    # a pattern's letters, wildcards aside, must fit in a word of the list
    wildcards = [t for t in wildcards
                 if len(t[1:].replace("*", "").replace("?", "")) <= FUZZY_WORD_MAX]
    words = [t for t in terms
             if not t.startswith("~") and EXPAND_MIN <= len(t) <= FUZZY_WORD_MAX]
    return wildcards + words[:EXPAND_MAX - len(wildcards)]


def _expander(conn: Any):
    def expand(terms: list[str]) -> dict[str, list[str]]:
        terms = _bounded(terms)
        if not terms:
            return {}
        likes, affixed = [], []
        for term in terms:
            if term.startswith("~"):
                pattern = like_escape(normalize_word(term[1:])).replace("*", "%").replace("?", "_")
                likes.append(pattern)
                affixed.append("")
            else:
                likes.append("%" + like_escape(term) + "%")
                affixed.append(_AFFIXED.format(re.escape(term)))
        out: dict[str, list[str]] = {}
        for term, word in conn.execute(_EXPAND, {"terms": terms, "likes": likes,
                                                         "affixed": affixed}):
            out.setdefault(term, []).append(word)
        return out
    return expand


def _parse_q(params: dict[str, Any]) -> Node:
    q = params.get("q") or "*:*"
    if not isinstance(q, str):
        raise ParamError("q", QuerySyntaxError("unexpected", str(q)))
    try:
        if params.get("defType") in ("dismax", "edismax") and ":" not in q:
            node = parse_lenient(q, default_op="OR")
            return apply_mm(node, params.get("mm") or "100%")
        return parse(q, default_op=params.get("q.op") or "AND")
    except QuerySyntaxError as e:
        raise ParamError("q", e)


def _fq_list(params: dict[str, Any]) -> list[str]:
    fq = params.get("fq") or []
    if isinstance(fq, str):
        fq = [fq]
    return [f for f in fq if f and f.strip()]


def _nodes(params: dict[str, Any]) -> list[Node]:
    """``q`` then every ``fq``, parsed."""
    nodes = [_parse_q(params)]
    for fq in _fq_list(params):
        try:
            nodes.append(parse(fq, default_op="AND"))
        except QuerySyntaxError as e:
            raise ParamError("fq", e)
    return nodes


_LEXEMES = sa.text("""
SELECT w, tsvector_to_array(to_tsvector('satudata_simple', w) || to_tsvector('satudata_id', w))
FROM unnest(CAST(:words AS text[])) w
""")


def _lexemer(conn: Any):
    """Each word's lexemes as the index stores them (both configurations)."""
    def lexemes(words: list[str]) -> dict[str, list[str]]:
        return {w: list(ls) for w, ls in conn.execute(_LEXEMES, {"words": words})}
    return lexemes


def where_for(conn: Any, nodes: list[Node], out: Compiled) -> str:
    compiler = Compiler(out, _expander(conn), _lexemer(conn))
    try:
        compiler.prepare(*nodes)
    except QuerySyntaxError as e:
        raise ParamError("q", e)
    parts = []
    for i, node in enumerate(nodes):
        try:
            parts.append(compiler.node(node))
        except QuerySyntaxError as e:
            raise ParamError("q" if i == 0 else "fq", e)
    return " AND ".join(parts)


def _fl(params: dict[str, Any]) -> list[str]:
    fl = params.get("fl") or "*"
    if isinstance(fl, (list, tuple)):
        fl = " ".join(fl)
    return [f for f in fl.replace(",", " ").split() if f]


def _int(params: dict[str, Any], key: str, default: int) -> int:
    try:
        return int(params.get(key, default))
    except (TypeError, ValueError):
        raise ParamError(key, QuerySyntaxError("not_a_number", str(params.get(key))))


def run(conn: Any, params: dict[str, Any]) -> Results:
    """Answer a search the way Solr would for CKAN's ``PackageSearchQuery``."""
    out = Compiled()
    nodes = _nodes(params)
    where = where_for(conn, nodes, out)
    rank = out.rank_sql()
    try:
        order, join = compile_sort(params.get("sort") or DEFAULT_SORT, rank)
    except QuerySyntaxError as e:
        raise ParamError("sort", e)
    rows = max(0, _int(params, "rows", 10))
    start = max(0, _int(params, "start", 0))

    fl = _fl(params)
    facet_fields = params.get("facet.field") or []
    if isinstance(facet_fields, str):
        facet_fields = [facet_fields]
    if str(params.get("facet", "true")).lower() != "true":
        facet_fields = []
    limit, mincount = _int(params, "facet.limit", 50), _int(params, "facet.mincount", 1)
    asked = _facet_queries(params) if str(params.get("facet", "true")).lower() == "true" else {}

    def page() -> list[dict[str, Any]]:
        return _page(conn, where, (order, join), rank, out.params, rows, start, fl) if rows else []

    if join and rows:
        # a sort on stored fields reads every hit's payload: counted first, and bounded
        hits, facets, found = _counts(conn, nodes, where, out, facet_fields, limit, mincount,
                                      asked, None)
        if hits > STORED_SORT_MAX:
            raise ParamError("sort", QuerySyntaxError("sort_too_broad", str(STORED_SORT_MAX)))
        return Results(page(), hits, facets, found)
    docs = page()
    return Results(docs, *_counts(conn, nodes, where, out, facet_fields, limit, mincount,
                                  asked, (docs, rows, start)))


def _counts(conn: Any, nodes: list[Node], where: str, out: Compiled, facet_fields: list[str],
            limit: int, mincount: int, asked: dict[str, Node],
            page: Optional[tuple[list[Any], int, int]]
            ) -> tuple[int, dict[str, list[Any]], dict[str, int]]:
    """Hits, facets and facet queries: kept counts for a visibility-only
    search, else counted over the hits (cached); ``page`` (the documents,
    rows, start), when the page ran first, tells a stale cached count."""
    allowed = counts.visibility_filter(nodes)
    ranges = [counts.day_range(n) for n in asked.values()]
    if allowed is not None and all(r is not None for r in ranges):
        return counting.kept(conn, allowed, (where, out.params), facet_fields, limit, mincount,
                             asked, ranges)  # type: ignore[arg-type]
    conditions = [where_for(conn, [n], out) for n in asked.values()]
    key, cached = (None, None) if cache.is_dirty(conn) else \
        cache.get(conn, [where, out.params, facet_fields, limit, mincount, conditions])
    if cached is not None and page is not None and len(page[0]) < min(page[1],
                                                                       cached[0] - page[2]):
        cached = None       # the index changed without a commit we saw: recount
    if cached is not None:
        hits, facets, found = cached
    else:
        hits, facets, found = counting.count_and_facets(conn, where, out.params, facet_fields,
                                                        limit, mincount, conditions)
        cache.put(key, [hits, facets, found])
    return hits, facets, dict(zip(asked, found))


def _facet_queries(params: dict[str, Any]) -> dict[str, Node]:
    """Solr's ``facet.query``: each query, parsed, by its text."""
    asked = params.get("facet.query") or []
    if isinstance(asked, str):
        asked = [asked]
    out: dict[str, Node] = {}
    for text in asked:
        try:
            out[text] = parse(text, default_op="AND")
        except QuerySyntaxError as e:
            raise ParamError("facet.query", e)
    return out


def _page(conn: Any, where: str, sort: tuple[str, str], rank: Optional[str], params: dict[str, Any],
          rows: int, start: int, fl: list[str]) -> list[dict[str, Any]]:
    everything = "*" in fl
    select = ["d.index_id", "d.id", "d.name", "d.metadata_created", "d.metadata_modified"]
    if "score" in fl:
        select.append(f"{rank or '1.0'} AS score")
    order, join = sort
    sql = (f"SELECT {', '.join(select)} FROM satudata_search_doc d {join} WHERE {where} "
           f"ORDER BY {order} LIMIT :_rows OFFSET :_start")
    rows_ = conn.execute(sa.text(sql), dict(params, _rows=rows, _start=start)).mappings().all()
    columns = [c for c in ("data_dict", "validated_data_dict") if everything or c in fl]
    if everything or any(f not in ("id", "name", "score", *columns) for f in fl):
        columns += ["keywords", "texts"]
    payloads: dict[str, Any] = {}
    if columns and rows_:
        result = conn.execute(sa.text(
            f"SELECT index_id, {', '.join(columns)} FROM satudata_search_payload "
            "WHERE index_id = ANY(:ids)"), {"ids": [r["index_id"] for r in rows_]})
        payloads = {r.index_id: r._mapping for r in result}
    return [_stored(r, payloads.get(r["index_id"], {}), fl, everything) for r in rows_]


def _stored(row: Any, payload: Any, fl: list[str], everything: bool) -> dict[str, Any]:
    """The stored fields Solr would return for ``fl``."""
    values: dict[str, Any] = {"id": row["id"], "name": row["name"], "index_id": row["index_id"]}
    for key in ("metadata_created", "metadata_modified"):
        values[key] = row[key].isoformat() + "Z"
    for store in ("texts", "keywords"):
        for key, vs in (payload.get(store) or {}).items():
            if key in F.NOT_STORED:
                continue
            values[key] = vs if key in F.MULTI_VALUED or len(vs) > 1 else vs[0]
    for key in ("data_dict", "validated_data_dict"):
        if key in payload:
            values[key] = payload[key]
    if "score" in row:
        values["score"] = float(row["score"])
    if everything:
        return values
    return {f: values[f] for f in fl if f in values}
