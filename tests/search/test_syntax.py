"""The query parser alone (pure Python)."""
from __future__ import annotations

import datetime

import pytest

from ckanext.satudata.search.compile import parse_date
from ckanext.satudata.search.syntax import (MUST, MUST_NOT, SHOULD, Bool, MatchAll,
                                             QuerySyntaxError, Range, Term, apply_mm,
                                             parse, parse_lenient)


@pytest.mark.parametrize("q, expected", [
    ("", MatchAll()),
    ("*:*", MatchAll()),
    ("penduduk", Term(None, "penduduk")),
    ('"jumlah penduduk"', Term(None, "jumlah penduduk", "phrase")),
    ("title:sekolah", Term("title", "sekolah")),
    ('tags:"air bersih"', Term("tags", "air bersih", "phrase")),
    ("seko*", Term(None, "seko", "prefix")),
    ("p?nd*k", Term(None, "p?nd*k", "wildcard")),
    ("kesehatn~", Term(None, "kesehatn", "fuzzy")),
    ("groups:*", Term("groups", "", "exists")),
    ("covid-19", Term(None, "covid-19")),
    ("name:a\\:b", Term("name", "a:b")),
    ("version:[2020 TO *]", Range("version", "2020", None)),
    ("version:{2020 TO 2024]", Range("version", "2020", "2024", False, True)),
    ("title:sekolah^2", Term("title", "sekolah")),
])
def test_single_clauses(q, expected):
    assert parse(q) == expected


def test_boolean_structure_and_precedence():
    assert parse("a OR b c") == Bool((
        (SHOULD, Term(None, "a")),
        (SHOULD, Bool(((MUST, Term(None, "b")), (MUST, Term(None, "c"))), juxtaposed=True))))
    assert parse("+a -b NOT c") == Bool((
        (MUST, Term(None, "a")), (MUST_NOT, Term(None, "b")), (MUST_NOT, Term(None, "c"))),
        juxtaposed=True)
    assert parse("a && !b") == Bool(((MUST, Term(None, "a")), (MUST_NOT, Term(None, "b"))))
    assert parse("state:(active OR draft)") == Bool((
        (SHOULD, Term("state", "active")), (SHOULD, Term("state", "draft"))))


@pytest.mark.parametrize("q, code", [
    ("(a", "unbalanced"), ("a)", "unexpected"), ('"a', "unterminated"),
    ("title:", "missing_value"), ("AND a", "dangling_operator"), ("a +", "dangling_operator"),
    ("x:[1 TO]", "bad_range"), ("x:[1 2]", "bad_range"), ("a\\", "dangling_escape"),
    ("()", "empty"), ("title:(tags:a)", "nested_field"), ("a^x", "bad_boost"),
    ("bad field!:x", "bad_field"), ("*:x", "bad_field"),
])
def test_errors_name_the_problem(q, code):
    with pytest.raises(QuerySyntaxError) as e:
        parse(q)
    assert e.value.code == code


def test_lenient_reads_broken_syntax_as_words():
    assert parse_lenient('(imunisasi "bayi') == Bool(
        ((MUST, Term(None, "imunisasi")), (MUST, Term(None, "bayi"))), juxtaposed=True)
    assert parse_lenient("((") == MatchAll()


@pytest.mark.parametrize("n, required", [(1, 1), (2, 2), (3, 2), (5, 4), (6, 4), (10, 8)])
def test_dismax_minimum_match(n, required):
    q = " ".join(f"w{i}" for i in range(n))
    node = apply_mm(parse(q, default_op="OR"), "2<-1 5<80%")
    assert getattr(node, "min_should", 1) == required


def test_date_math():
    now = datetime.datetime(2026, 11, 23, 15, 30, 12)
    assert parse_date("NOW", now) == now
    assert parse_date("NOW-7DAYS", now) == datetime.datetime(2026, 11, 16, 15, 30, 12)
    assert parse_date("NOW/DAY+1DAY", now) == datetime.datetime(2026, 11, 24)
    assert parse_date("NOW-1YEAR/MONTH", now) == datetime.datetime(2025, 11, 1)
    assert parse_date("2024-01-31T00:00:00Z") == datetime.datetime(2024, 1, 31)
    with pytest.raises(QuerySyntaxError):
        parse_date("kemarin")
    with pytest.raises(QuerySyntaxError):
        parse_date("NOW-1FORTNIGHT", now)
    with pytest.raises(QuerySyntaxError):
        parse_date("NOW+99999999YEARS", now)
