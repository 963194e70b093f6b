"""Turn a parsed query (:mod:`.syntax`) into a SQL condition on
``satudata_search_doc`` (alias ``d``).

User input reaches SQL only as bound parameters: this module writes SQL
text made of fixed fragments and ``:pN`` placeholders.
"""
from __future__ import annotations

import itertools
import math
import re
import unicodedata
from typing import Any, Callable, Optional

from . import fields as F
from .dates import parse_date
from .index import TERM_MAX, presence, term
from .syntax import (MUST, MUST_NOT, SHOULD, Bool, MatchAll, Node,
                     QuerySyntaxError, Range, Term)

__all__ = ["Compiled", "Compiler", "normalize_word", "like_escape", "parse_date"]

_NUMERIC_RE = re.compile(r"^-?\d+(\.\d+)?$")
_RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'::float4[]"   # D, C, B, A
# "at least k of these n words" as an OR of ANDs in one tsquery, up to this
# many ANDs (dismax mm of up to 10 words); more take the per-row count
_COMBINATIONS_MAX = 64

Expander = Callable[[list[str]], dict[str, list[str]]]


def normalize_word(text: str) -> str:
    """Lower case without accents, as the ``unaccent`` + ``simple`` config."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tsq_quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Compiled:
    """SQL condition, bound parameters, and the relevance expression."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}
        self.rank_terms: list[str] = []      # tsquery SQL of positive text terms
        self.exact_terms: list[str] = []

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return ":" + name

    def rank_sql(self) -> Optional[str]:
        if not self.rank_terms:
            return None
        full = " || ".join(f"({t})" for t in self.rank_terms)
        exact = " || ".join(f"({t})" for t in self.exact_terms)
        # ranked on the head (title, tags, OPD, start of the description):
        # small enough to score thousands of hits without reading whole texts
        return (f"(ts_rank({_RANK_WEIGHTS}, d.tsv_head, {full}) + "
                f"ts_rank({_RANK_WEIGHTS}, d.tsv_head, {exact}))")


class Compiler:
    """Compiles nodes into ``out``; ``expand`` maps words to index words
    that contain them or are spelled alike (typos, Indonesian affixes)."""

    def __init__(self, out: Compiled, expand: Expander,
                 lexemes: Optional[Expander] = None) -> None:
        self.out = out
        self.expand = expand
        self.lexemes = lexemes
        self._expansions: dict[str, list[str]] = {}
        self._lexemes: dict[str, list[str]] = {}

    def prepare(self, *nodes: Node) -> None:
        words: set[str] = set()
        own: set[str] = set()
        for node in nodes:
            self._collect(node, words, own)
        if words:
            self._expansions = self.expand(sorted(words))
        if own and self.lexemes is not None:
            self._lexemes = self.lexemes(sorted(own))

    def _collect(self, node: Node, words: set[str], own: set[str]) -> None:
        if isinstance(node, Bool):
            for _, child in node.clauses:
                self._collect(child, words, own)
        elif isinstance(node, Term) and F.is_text_field(node.field) \
                and node.kind in ("word", "fuzzy", "wildcard"):
            words.add(normalize_word(node.text) if node.kind != "wildcard" else "~" + node.text)
            if node.kind != "wildcard" and node.field is not None \
                    and F.weight_of(node.field) == "D":
                own.add(normalize_word(node.text))

    # -- nodes ---------------------------------------------------------------
    def node(self, node: Node, positive: bool = True) -> str:
        if isinstance(node, MatchAll):
            return "TRUE"
        if isinstance(node, Bool):
            return self._bool(node, positive)
        if isinstance(node, Range):
            return self._range(node)
        if node.field is not None and node.field.endswith("_ngram"):
            node = Term(node.field[: -len("_ngram")], node.text, "prefix")
        if node.field == "entity_type":
            return "TRUE" if node.text == "package" or node.kind == "exists" else "FALSE"
        if F.is_text_field(node.field) and node.field not in F.COLUMNS:
            return self._text(node, positive)
        return self._keyword(node)

    def _bool(self, node: Bool, positive: bool) -> str:
        musts = [self.node(n, positive) for occ, n in node.clauses if occ == MUST]
        nots = [self.node(n, False) for occ, n in node.clauses if occ == MUST_NOT]
        should_nodes = [n for occ, n in node.clauses if occ == SHOULD]
        grouped = self._same_field_values(should_nodes) if not musts and not nots else None
        if grouped is not None:
            return grouped
        parts = list(musts)
        text = self._text_shoulds(should_nodes, node.min_should, positive) if not musts else None
        if text is not None:
            return "(" + " AND ".join(parts + [text] + [f"NOT coalesce({n}, false)" for n in nots]) + ")"
        shoulds = [self.node(n, positive) for n in should_nodes]
        if shoulds and not musts and node.min_should >= len(shoulds):
            parts += shoulds        # all required: plain AND, which indexes serve
        elif shoulds and not musts:
            if node.min_should <= 1:
                parts.append("(" + " OR ".join(shoulds) + ")")
            else:
                count = " + ".join(f"(coalesce({s}, false))::int" for s in shoulds)
                parts.append(f"(({' OR '.join(shoulds)}) AND ({count}) >= {int(node.min_should)})")
        parts += [f"NOT coalesce({n}, false)" for n in nots]
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"

    def _text_shoulds(self, nodes: list[Node], required: int, positive: bool) -> Optional[str]:
        """Optional full-text clauses as one tsquery that the GIN index
        answers: ``q1 | q2 | …``, or, when ``required`` of them must match,
        ``(q1 & q2) | (q1 & q3) | …``. A test per clause and row (the
        fallback) reads every candidate's tsvector once per clause."""
        if len(nodes) < 2 or not all(
                isinstance(n, Term) and n.kind not in ("exists",) and F.is_text_field(n.field)
                and n.field not in F.COLUMNS and F.weight_of(n.field) != "D" for n in nodes):
            return None
        required = max(1, min(required, len(nodes)))
        queries = [self._tsquery(n, F.weight_of(n.field)) for n in nodes]  # type: ignore[arg-type]
        if any(tsq is None for tsq, _ in queries):
            return None
        if positive:
            self.out.rank_terms += [tsq for tsq, _ in queries]  # type: ignore[misc]
            self.out.exact_terms += [exact for _, exact in queries]
        if math.comb(len(nodes), required) > _COMBINATIONS_MAX:
            return self._at_least(required, [tsq for tsq, _ in queries])  # type: ignore[misc]
        ands = [" && ".join(f"({queries[i][0]})" for i in combo)
                for combo in itertools.combinations(range(len(nodes)), required)]
        return "(d.tsv @@ (" + " || ".join(f"({a})" for a in ands) + "))"

    @staticmethod
    def _at_least(required: int, queries: list[str]) -> str:
        """At least ``required`` of ``queries`` match, when the OR of ANDs
        would be too long: a document that matches that many meets one of
        every ``n - required + 1`` of them, so ``(q1 | … | q5) & (q6 | … |
        q10) & …`` (consecutive groups of that size, the rest in the last)
        is one tsquery the GIN index answers and that only such documents
        can meet; the per-clause count then runs on those candidates alone."""
        size = len(queries) - required + 1
        groups = [queries[i:i + size] for i in range(0, len(queries) - size + 1, size)]
        groups[-1] += queries[len(groups) * size:]
        needed = " && ".join("(" + " || ".join(f"({q})" for q in g) + ")" for g in groups)
        # the text read (detoasted) once for all the clauses, not once for each
        count = " + ".join(f"(t @@ ({q}))::int" for q in queries)
        return (f"((d.tsv @@ ({needed})) AND (SELECT {count} FROM "
                f"(SELECT d.tsv || ''::tsvector AS t OFFSET 0) once) >= {int(required)})")

    def _same_field_values(self, nodes: list[Node]) -> Optional[str]:
        """``field:(a OR b OR c)`` on a column: one IN / && test."""
        if len(nodes) < 2 or not all(isinstance(n, Term) and n.kind in ("word", "phrase")
                                     for n in nodes):
            return None
        names = {n.field for n in nodes}  # type: ignore[union-attr]
        if len(names) != 1:
            return None
        field = names.pop()
        values = [n.text for n in nodes]  # type: ignore[union-attr]
        if field in F.ARRAY_COLUMNS:
            return f"(d.{F.ARRAY_COLUMNS[field]} && CAST({self.out.bind(values)} AS text[]))"
        if field in F.COLUMNS:
            return f"(d.{F.COLUMNS[field]} = ANY(CAST({self.out.bind(values)} AS text[])))"
        return None

    def _keyword(self, t: Term) -> str:
        field = t.field
        assert field is not None
        bind = self.out.bind
        if field in F.DATE_COLUMNS:
            col = "d." + F.DATE_COLUMNS[field]
            if t.kind == "exists":
                return f"({col} IS NOT NULL)"
            return f"({col} = {bind(parse_date(t.text))})"
        if field in F.DAY_COLUMNS and t.kind == "exists":
            return f"(d.{F.DAY_COLUMNS[field]} IS NOT NULL)"
        if field in F.COLUMNS or field in F.ARRAY_COLUMNS:
            if field in F.ARRAY_COLUMNS:
                col = F.ARRAY_COLUMNS[field]
                if t.kind in ("word", "phrase", "fuzzy"):
                    return f"(d.{col} @> ARRAY[{bind(t.text)}]::text[])"
                return f"(EXISTS (SELECT 1 FROM unnest(d.{col}) v WHERE {self._value_test('v', t)}))"
            col = "d." + F.COLUMNS[field]
            if t.kind in ("word", "phrase", "fuzzy"):
                return f"({col} = {bind(t.text)})"
            return f"({self._value_test(col, t)})"
        if t.kind in ("word", "phrase", "fuzzy"):
            if len(t.text) <= TERM_MAX:
                return f"(d.terms @> ARRAY[{bind(term(field, t.text))}]::text[])"
            return self._payload("keywords", field, f"v = {bind(t.text)}")
        if t.kind == "exists":
            return f"(d.terms @> ARRAY[{bind(presence(field))}]::text[])"
        return self._payload("keywords", field, self._value_test("v", t))

    def _payload(self, store: str, field: str, test: str) -> str:
        """A test on each value ``v`` of ``field`` as stored in the payload."""
        return (f"(EXISTS (SELECT 1 FROM satudata_search_payload p, "
                f"jsonb_array_elements_text(p.{store} -> {self.out.bind(field)}) v "
                f"WHERE p.index_id = d.index_id AND {test}))")

    def _value_test(self, col: str, t: Term) -> str:
        if t.kind == "exists":
            return f"{col} IS NOT NULL"
        if t.kind == "prefix":
            return f"{col} LIKE {self.out.bind(like_escape(t.text) + '%')}"
        pattern = like_escape(t.text).replace("*", "%").replace("?", "_")
        return f"{col} LIKE {self.out.bind(pattern)}"

    def _range(self, r: Range) -> str:
        if r.field is None:
            raise QuerySyntaxError("range_needs_field")
        bind = self.out.bind
        lo_op = ">=" if r.include_low else ">"
        hi_op = "<=" if r.include_high else "<"
        if r.field in F.DATE_COLUMNS:
            col = "d." + F.DATE_COLUMNS[r.field]
            conds = [f"{col} IS NOT NULL"]
            if r.low is not None:
                conds.append(f"{col} {lo_op} {bind(parse_date(r.low))}")
            if r.high is not None:
                conds.append(f"{col} {hi_op} {bind(parse_date(r.high))}")
            return "(" + " AND ".join(conds) + ")"
        days = F.day_bounds(r.field, r.low, r.high)
        if days is not None:
            col = "d." + F.DAY_COLUMNS[r.field]
            conds = [f"{col} IS NOT NULL"]
            for day, op in zip(days, (lo_op, hi_op)):
                if day is not None:
                    conds.append(f"{col} {op} CAST({bind(day)} AS date)")
            return "(" + " AND ".join(conds) + ")"
        numeric = all(v is None or _NUMERIC_RE.match(v) for v in (r.low, r.high))
        col = "d." + F.COLUMNS[r.field] if r.field in F.COLUMNS else "v"
        value = f"(CASE WHEN {col} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN {col}::numeric END)" \
            if numeric else col
        conds = [f"{value} IS NOT NULL"]
        for bound, op in ((r.low, lo_op), (r.high, hi_op)):
            if bound is not None:
                conds.append(f"{value} {op} {bind(bound)}" if not numeric else f"{value} {op} CAST({bind(bound)} AS numeric)")
        test = " AND ".join(conds)
        if r.field in F.COLUMNS:
            return f"({test})"
        return self._payload("texts" if F.is_text_field(r.field) else "keywords", r.field, test)

    # -- full text -----------------------------------------------------------
    def _text(self, t: Term, positive: bool) -> str:
        if t.kind == "exists":
            return self._payload("texts", str(t.field), "TRUE")
        weight = F.weight_of(t.field)
        tsq, exact = self._tsquery(t, weight)
        if tsq is None:
            return "FALSE"
        if positive and weight != "D":     # the rank reads tsv_head, which has no weight D
            self.out.rank_terms.append(tsq)
            self.out.exact_terms.append(exact)
        cond = f"(d.tsv @@ ({tsq}))"
        own_words = self._own_words(t) if weight == "D" and t.field is not None else None
        if own_words is not None:
            # several fields share weight D: the field's own words (revision 0011), which
            # say it all for a plain word; a compound (sekolah-dasar) still needs
            # every one of its parts, as the weighted tsquery asks
            own = f"(d.tsv_fields @@ CAST({self.out.bind(own_words)} AS tsquery))"
            simple = t.kind != "word" or re.fullmatch(r"\w+", normalize_word(t.text))
            cond = own if simple else f"({cond} AND {own})"
        elif weight == "D" and t.field is not None:
            # a phrase: the field's own text, positions and all
            plain, _ = self._tsquery(t, "")
            own = self._payload("texts", t.field, "(to_tsvector('satudata_simple', v) || "
                                f"to_tsvector('satudata_id', v)) @@ ({plain})")
            cond = f"({cond} AND {own})"
        return cond

    def _own_words(self, t: Term) -> Optional[str]:
        """A tsquery on ``tsv_fields``: the word (its lexemes in both text
        configurations, and its expansions) in the field ``t`` names; None
        for a phrase, whose positions ``tsv_fields`` does not keep."""
        field = str(t.field)
        if t.kind == "prefix":
            return _tsq_quote(f"{field}:{normalize_word(t.text)}") + ":*"
        if t.kind == "wildcard":
            words = self._expansions.get("~" + t.text, [])
        elif t.kind in ("word", "fuzzy"):
            word = normalize_word(t.text)
            words = (self._lexemes.get(word) or [word]) + self._expansions.get(word, [])
        else:
            return None
        return " | ".join(_tsq_quote(f"{field}:{w}") for w in sorted(set(words))) or None

    def _tsquery(self, t: Term, weight: str) -> tuple[Optional[str], str]:
        """SQL for the tsquery of ``t`` and for its exact (unexpanded) part."""
        bind = self.out.bind
        label = ":" + weight if weight else ""
        if t.kind == "phrase":
            words = [w for w in re.split(r"\s+", t.text.strip()) if w]
            if not words:
                return None, ""
            text = " <-> ".join(_tsq_quote(w) + label for w in words)
            p = bind(text)
            exact = f"to_tsquery('satudata_simple', {p})"
            return f"{exact} || to_tsquery('satudata_id', {p})", exact
        if t.kind == "prefix":
            word = normalize_word(t.text)
            if not word:
                return None, ""
            p = bind(_tsq_quote(word) + ":*" + weight)
            exact = f"to_tsquery('satudata_simple', {p})"
            return exact, exact
        if t.kind == "wildcard":
            words = self._expansions.get("~" + t.text, [])
            if not words:
                return None, ""
            q = f"CAST({bind(' | '.join(_tsq_quote(w) + label for w in words))} AS tsquery)"
            return q, q
        word = normalize_word(t.text)
        p = bind(_tsq_quote(word) + label)
        exact = f"to_tsquery('satudata_simple', {p})"
        parts = [exact, f"to_tsquery('satudata_id', {p})"]
        extra = [w for w in self._expansions.get(word, []) if w != word]
        if extra:
            parts.append(f"CAST({bind(' | '.join(_tsq_quote(w) + label for w in extra))} AS tsquery)")
        return " || ".join(parts), exact
