"""Read the code lists from PostgreSQL (``satudata_vocab_term``).

Validators ask whether codes exist, facets and pages ask for labels, the
autocomplete searches names; each is one indexed query.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import sqlalchemy as sa

from ..search.compile import like_escape

__all__ = ["Term", "normalise", "vocabularies", "vocabulary", "terms", "all_terms", "search",
           "MAX_LIMIT"]

MAX_LIMIT = 1000
_COLUMNS = "code, parent, level, label_id, label_en, extra"


@dataclass(frozen=True)
class Term:
    code: str
    parent: Optional[str]
    level: int
    label_id: str
    label_en: str
    extra: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"code": self.code, "label": self.label(lang), "label_id": self.label_id,
                "label_en": self.label_en, "parent": self.parent, "level": self.level,
                **self.extra}


def normalise(text: str) -> str:
    """Lower case without accents: what ``search`` holds and queries match."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def vocabularies(session: Any) -> list[dict[str, Any]]:
    rows = session.execute(sa.text(
        "SELECT name, title, source, licence, term_count, loaded_at FROM satudata_vocabulary "
        "ORDER BY name")).mappings().all()
    return [dict(r) for r in rows]


def vocabulary(session: Any, name: str) -> Optional[dict[str, Any]]:
    row = session.execute(sa.text(
        "SELECT name, title, source, licence, term_count, loaded_at FROM satudata_vocabulary "
        "WHERE name = :name"), {"name": name}).mappings().first()
    return dict(row) if row else None


def _term(row: Any) -> Term:
    return Term(row.code, row.parent, row.level, row.label_id, row.label_en, row.extra or {})


def terms(session: Any, name: str, codes: Iterable[str]) -> dict[str, Term]:
    """The terms of ``name`` among ``codes``; unknown codes are absent."""
    wanted = sorted({c for c in codes if isinstance(c, str) and c})
    if not wanted:
        return {}
    rows = session.execute(sa.text(
        f"SELECT {_COLUMNS} FROM satudata_vocab_term WHERE vocabulary = :name AND code = ANY(:codes)"),
        {"name": name, "codes": wanted}).all()
    return {r.code: _term(r) for r in rows}


def all_terms(session: Any, name: str) -> list[Term]:
    rows = session.execute(sa.text(
        f"SELECT {_COLUMNS} FROM satudata_vocab_term WHERE vocabulary = :name ORDER BY position"),
        {"name": name}).all()
    return [_term(r) for r in rows]


def search(session: Any, name: str, q: str = "", parent: Optional[str] = None,
           level: Optional[int] = None, limit: int = 20, offset: int = 0) -> tuple[int, list[Term]]:
    """Terms whose code or name contains ``q`` (all of them without ``q``).

    Names with a word that starts with ``q`` come first, then higher levels
    (a regency before its villages), then by name. Three letters or more are served by
    the trigram index; shorter queries match the start of the name only.

    :returns: (number of matches, the page of terms)
    """
    where = ["vocabulary = :name"]
    params: dict[str, Any] = {"name": name, "limit": limit, "offset": offset}
    needle = normalise(q.strip())
    if needle:
        escaped = like_escape(needle)
        params["prefix"] = escaped + "%"
        params["word"] = r"\m" + re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", needle)
        params["contains"] = "%" + escaped + "%"
        where.append("search LIKE :contains" if len(needle) >= 3 else "search LIKE :prefix")
    if parent:
        where.append("parent = :parent")
        params["parent"] = parent
    if level is not None:
        where.append("level = :level")
        params["level"] = level
    condition = " AND ".join(where)
    order = "(search ~ :word) DESC, level, label_id" if needle else "level, position"
    total = session.execute(sa.text(f"SELECT count(*) FROM satudata_vocab_term WHERE {condition}"),
                            params).scalar()
    rows = session.execute(sa.text(
        f"SELECT {_COLUMNS} FROM satudata_vocab_term WHERE {condition} "
        f"ORDER BY {order} LIMIT :limit OFFSET :offset"), params).all()
    return total, [_term(r) for r in rows]
