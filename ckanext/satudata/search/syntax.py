"""Parser for the Solr/Lucene query syntax that CKAN sends to its index.

Pure Python, no CKAN imports: it turns ``q``/``fq`` strings into a small
tree that :mod:`ckanext.satudata.search.compile` turns into SQL.

Supported: words, ``"phrases"`` (``~N`` slop is accepted and ignored),
``AND`` / ``OR`` / ``NOT`` / ``&&`` / ``||`` / ``!``, ``+`` / ``-``,
parentheses, ``field:value``, ``field:"phrase"``, ``field:(a OR b)``,
``word*`` and ``w?rd`` wildcards, ``[a TO b]`` / ``{a TO b}`` ranges,
``*:*``, ``field:*``, ``^boost`` (accepted, ignored), ``term~`` (fuzzy).
Precedence: NOT binds tightest, then AND (juxtaposition takes the default
operator, ``q.op``), then OR.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Optional, Union

__all__ = [
    "QuerySyntaxError", "Term", "Range", "MatchAll", "Bool", "Node",
    "MUST", "SHOULD", "MUST_NOT", "parse", "parse_lenient",
]

MUST, SHOULD, MUST_NOT = "must", "should", "must_not"

_FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


class QuerySyntaxError(ValueError):
    """The query cannot be parsed. ``code`` names the problem for i18n."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclasses.dataclass(frozen=True)
class Term:
    """A value matched against a field (``None`` = the default field).

    ``kind`` is ``word``, ``phrase``, ``prefix`` (``abc*``), ``wildcard``
    (``a?c*d``), ``fuzzy`` (``abc~``) or ``exists`` (``field:*``).
    """
    field: Optional[str]
    text: str
    kind: str = "word"


@dataclasses.dataclass(frozen=True)
class Range:
    field: Optional[str]
    low: Optional[str]          # None = open (``*``)
    high: Optional[str]
    include_low: bool = True
    include_high: bool = True


@dataclasses.dataclass(frozen=True)
class MatchAll:
    pass


@dataclasses.dataclass(frozen=True)
class Bool:
    """Clauses with their occurrence (MUST, SHOULD, MUST_NOT).

    ``min_should`` is how many SHOULD clauses must match when there is no
    MUST clause (at least 1); dismax ``mm`` raises it.
    """
    clauses: tuple[tuple[str, "Node"], ...]
    min_should: int = 1
    juxtaposed: bool = False    # built from words side by side, no operators


Node = Union[Term, Range, MatchAll, Bool]


# -- tokenizer ---------------------------------------------------------------

@dataclasses.dataclass
class _Tok:
    kind: str      # WORD PHRASE RANGE LPAREN RPAREN AND OR NOT PLUS MINUS
                   # FIELD BOOST FUZZY
    value: object = None


def _read_word(s: str, i: int) -> tuple[str, int, bool]:
    """Read an unquoted word; returns (text, next index, ends with field colon)."""
    out = []
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            if i + 1 >= n:
                raise QuerySyntaxError("dangling_escape")
            out.append("\\" + s[i + 1])
            i += 2
            continue
        if c.isspace() or c in '()"[]{}^~':
            break
        if c == ":":
            return "".join(out), i + 1, True
        out.append(c)
        i += 1
    return "".join(out), i, False


def _read_until(s: str, i: int, closing: str) -> tuple[str, int]:
    out = []
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n:
            out.append(s[i + 1])
            i += 2
            continue
        if c in closing:
            return "".join(out), i
        out.append(c)
        i += 1
    raise QuerySyntaxError("unterminated", closing)


def _tokenize(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
        elif c == "(":
            toks.append(_Tok("LPAREN"))
            i += 1
        elif c == ")":
            toks.append(_Tok("RPAREN"))
            i += 1
        elif c == '"':
            text, j = _read_until(s, i + 1, '"')
            toks.append(_Tok("PHRASE", text))
            i = j + 1
        elif c in "[{":
            body, j = _read_until(s, i + 1, "]}")
            parts = body.split()
            if len(parts) != 3 or parts[1] != "TO":
                raise QuerySyntaxError("bad_range", body)
            low, high = (None if p == "*" else _unquote(p) for p in (parts[0], parts[2]))
            toks.append(_Tok("RANGE", Range(None, low, high, c == "[", s[j] == "]")))
            i = j + 1
        elif c == "^":
            m = re.match(r"\^(\d+(\.\d+)?)", s[i:])
            if not m:
                raise QuerySyntaxError("bad_boost")
            toks.append(_Tok("BOOST"))
            i += len(m.group(0))
        elif c == "~":
            m = re.match(r"~(\d+(\.\d+)?)?", s[i:])
            assert m
            toks.append(_Tok("FUZZY"))
            i += len(m.group(0))
        elif c in "+-!" and (not toks or toks[-1].kind not in ("WORD", "PHRASE", "RANGE", "RPAREN")
                             or (i > 0 and s[i - 1].isspace()) or s[i - 1] == "("):
            toks.append(_Tok({"+": "PLUS", "-": "MINUS", "!": "NOT"}[c]))
            i += 1
        elif s.startswith("&&", i):
            toks.append(_Tok("AND"))
            i += 2
        elif s.startswith("||", i):
            toks.append(_Tok("OR"))
            i += 2
        elif c in "]}:":
            raise QuerySyntaxError("unexpected", c)
        else:
            text, j, is_field = _read_word(s, i)
            if is_field:
                if not (_FIELD_RE.match(text) or text == "*"):
                    raise QuerySyntaxError("bad_field", text)
                toks.append(_Tok("FIELD", text))
            elif text in ("AND", "OR", "NOT"):
                toks.append(_Tok(text))
            elif text:
                toks.append(_Tok("WORD", text))
            else:
                raise QuerySyntaxError("unexpected", c)
            i = j
    return toks


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return v[1:-1]
    return v.replace("\\", "")


# -- parser ------------------------------------------------------------------

class _Parser:
    def __init__(self, toks: list[_Tok], default_op: str) -> None:
        self.toks = toks
        self.pos = 0
        self.default = MUST if default_op.upper() == "AND" else SHOULD

    def peek(self) -> Optional[_Tok]:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr(None)
        if self.peek() is not None:
            raise QuerySyntaxError("unexpected", ")")
        return node

    def or_expr(self, field: Optional[str]) -> Node:
        branches = [self.and_expr(field)]
        while (t := self.peek()) is not None and t.kind == "OR":
            self.take()
            branches.append(self.and_expr(field))
        if len(branches) == 1:
            return branches[0]
        return Bool(tuple((SHOULD, b) for b in branches))

    def and_expr(self, field: Optional[str]) -> Node:
        clauses: list[tuple[str, Node]] = []
        explicit_and = False
        while (t := self.peek()) is not None and t.kind not in ("OR", "RPAREN"):
            if t.kind == "AND":
                self.take()
                explicit_and = True
                if not clauses:
                    raise QuerySyntaxError("dangling_operator", "AND")
                continue
            clauses.append(self.clause(field))
        if not clauses:
            raise QuerySyntaxError("empty")
        if explicit_and:
            clauses = [(MUST if occ == SHOULD else occ, n) for occ, n in clauses]
        if len(clauses) == 1 and clauses[0][0] != MUST_NOT:
            return clauses[0][1]
        return Bool(tuple(clauses), juxtaposed=not explicit_and)

    def clause(self, field: Optional[str]) -> tuple[str, Node]:
        t = self.take()
        occur = self.default
        if t.kind in ("PLUS", "MINUS", "NOT"):
            occur = {"PLUS": MUST, "MINUS": MUST_NOT, "NOT": MUST_NOT}[t.kind]
            if self.peek() is None or self.peek().kind in ("RPAREN", "AND", "OR"):  # type: ignore[union-attr]
                raise QuerySyntaxError("dangling_operator", t.kind)
            t = self.take()
            if t.kind in ("PLUS", "MINUS", "NOT"):
                raise QuerySyntaxError("dangling_operator", t.kind)
        node = self.primary(t, field)
        while (nxt := self.peek()) is not None and nxt.kind in ("BOOST", "FUZZY"):
            self.take()
            if nxt.kind == "FUZZY" and isinstance(node, Term) and node.kind == "word":
                node = Term(node.field, node.text, "fuzzy")
        return occur, node

    def primary(self, t: _Tok, field: Optional[str]) -> Node:
        if t.kind == "FIELD":
            if field is not None:
                raise QuerySyntaxError("nested_field", str(t.value))
            nxt = self.peek()
            if nxt is None:
                raise QuerySyntaxError("missing_value", str(t.value))
            name = str(t.value)
            if name == "*":
                v = self.take()
                if v.kind == "WORD" and v.value == "*":
                    return MatchAll()
                raise QuerySyntaxError("bad_field", "*")
            if nxt.kind in ("PLUS", "MINUS", "NOT", "AND", "OR", "RPAREN", "FIELD"):
                raise QuerySyntaxError("missing_value", name)
            return self.primary(self.take(), name)
        if t.kind == "LPAREN":
            node = self.or_expr(field)
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QuerySyntaxError("unbalanced")
            self.take()
            return node
        if t.kind == "PHRASE":
            text = str(t.value)
            return Term(field, text, "phrase")
        if t.kind == "RANGE":
            r = t.value
            assert isinstance(r, Range)
            return dataclasses.replace(r, field=field)
        if t.kind == "WORD":
            return _word(field, str(t.value))
        if t.kind == "RPAREN":
            raise QuerySyntaxError("unbalanced")
        raise QuerySyntaxError("dangling_operator", t.kind)


def _word(field: Optional[str], raw: str) -> Node:
    if raw == "*":
        return MatchAll() if field is None else Term(field, "", "exists")
    escaped = re.sub(r"\\.", "", raw)
    text = re.sub(r"\\(.)", r"\1", raw)
    if "*" in escaped or "?" in escaped:
        if escaped.endswith("*") and "*" not in escaped[:-1] and "?" not in escaped:
            return Term(field, text[:-1], "prefix")
        return Term(field, text, "wildcard")
    return Term(field, text, "word")


def parse(q: str, default_op: str = "AND") -> Node:
    """Parse ``q`` strictly; raises :class:`QuerySyntaxError`."""
    if not q or not q.strip():
        return MatchAll()
    return _Parser(_tokenize(q), default_op).parse()


def parse_lenient(q: str, default_op: str = "AND") -> Node:
    """Parse a free-text box query the way dismax does: syntax that does
    not parse is taken as plain words instead of being an error."""
    try:
        return parse(q, default_op)
    except QuerySyntaxError:
        words = re.sub(r'[()"\[\]{}^~:\\!]+', " ", q).split()
        words = [w.strip("+-*?") for w in words if w not in ("AND", "OR", "NOT", "&&", "||")]
        words = [w for w in words if w]
        if not words:
            return MatchAll()
        if len(words) == 1:
            return Term(None, words[0])
        occur = MUST if default_op.upper() == "AND" else SHOULD
        return Bool(tuple((occur, Term(None, w)) for w in words), juxtaposed=True)


def apply_mm(node: Node, mm: str) -> Node:
    """Apply a dismax ``mm`` spec (e.g. ``2<-1 5<80%``) to a query made only
    of optional top-level clauses."""
    if not isinstance(node, Bool) or not node.juxtaposed:
        return node
    optional = [n for occ, n in node.clauses if occ == SHOULD]
    if len(optional) != len(node.clauses):
        return node
    return Bool(node.clauses, min_should=_mm_required(len(optional), mm))


def _mm_required(n: int, spec: str) -> int:
    """How many of ``n`` optional clauses must match under ``spec``."""
    spec = spec.strip()
    rules = []
    for part in spec.split():
        if "<" in part:
            k, v = part.split("<", 1)
            rules.append((int(k), v))
        else:
            rules.append((0, part))
    required = n
    for threshold, value in sorted(rules):
        if n > threshold:
            required = _mm_value(n, value)
    return max(1, min(n, required))


def _mm_value(n: int, v: str) -> int:
    if v.endswith("%"):
        pct = int(v[:-1])
        return n + int(n * pct / 100) if pct < 0 else int(n * pct / 100)
    k = int(v)
    return n + k if k < 0 else k


__all__ += ["apply_mm"]
