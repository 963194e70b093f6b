"""Copy the shipped code lists (``vocabularies.yaml`` and its CSV files)
into PostgreSQL, where validators, facets and the autocomplete read them.

A list is reloaded only when its files changed (SHA-256 over their bytes),
inside the caller's transaction: a failed load leaves the old list whole.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
import yaml

from .store import normalise

__all__ = ["VOCAB_DIR", "Vocabulary", "manifest", "load", "LoadResult"]

VOCAB_DIR = Path(__file__).parent
_CORE_COLUMNS = ("code", "label_id", "label_en")
# idn-area-data names each level's parent column after the level above it
_PARENT_COLUMNS = ("province_code", "regency_code", "district_code")
# Part of every checksum: bump it when the way rows are built changes, so
# that lists whose files did not change are rebuilt too.
_LOADER_VERSION = b"satudata-vocab-1"


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: dict[str, str]
    files: tuple[Path, ...]
    source: str
    licence: str
    levels: tuple[str, ...] = ()

    def checksum(self) -> str:
        digest = hashlib.sha256(_LOADER_VERSION)
        for path in self.files:
            digest.update(path.read_bytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class LoadResult:
    name: str
    loaded: bool
    terms: int


def manifest(vocab_dir: Path = VOCAB_DIR) -> list[Vocabulary]:
    entries = yaml.safe_load((vocab_dir / "vocabularies.yaml").read_text(encoding="utf-8"))
    return [Vocabulary(name=e["name"], title=e["title"],
                       files=tuple(vocab_dir / f for f in e["files"]),
                       source=e["source"], licence=e["licence"],
                       levels=tuple(e.get("levels", ()))) for e in entries]


def load(session: Any, names: list[str] | None = None, force: bool = False,
         vocab_dir: Path = VOCAB_DIR) -> list[LoadResult]:
    """Load the lists whose files changed since the last load.

    :param session: a SQLAlchemy session; the caller commits
    :param names: only these lists (default: all)
    :param force: reload even when the checksum is unchanged
    :returns: one result per list considered
    :raises KeyError: a name that is not in the manifest
    """
    vocabularies = {v.name: v for v in manifest(vocab_dir)}
    chosen = [vocabularies[n] for n in names] if names else list(vocabularies.values())
    stored = dict(session.execute(sa.text("SELECT name, checksum FROM satudata_vocabulary")).all())
    results = []
    for vocab in chosen:
        checksum = vocab.checksum()
        if not force and stored.get(vocab.name) == checksum:
            count = session.execute(sa.text(
                "SELECT term_count FROM satudata_vocabulary WHERE name = :n"), {"n": vocab.name}).scalar()
            results.append(LoadResult(vocab.name, False, count))
            continue
        results.append(LoadResult(vocab.name, True, _replace(session, vocab, checksum)))
    if any(r.loaded for r in results):
        # fresh statistics, or the planner guesses a handful of matches and
        # walks the (vocabulary, parent) index instead of the trigram one
        session.execute(sa.text("ANALYZE satudata_vocab_term"))
        # labels on kept pages change: the page cache's generation moves on commit
        from ..search import cache
        cache.mark_dirty(session)
    return results


def _replace(session: Any, vocab: Vocabulary, checksum: str) -> int:
    session.execute(sa.text("DELETE FROM satudata_vocab_term WHERE vocabulary = :n"), {"n": vocab.name})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    for count, row in enumerate(_terms(vocab), start=1):
        writer.writerow([vocab.name, row["code"], row["parent"], row["level"], count,
                         row["label_id"], row["label_en"], json.dumps(row["extra"], ensure_ascii=False),
                         normalise(f"{row['label_id']} {row['label_en']} {row['code']}")])
    session.execute(sa.text("""
        INSERT INTO satudata_vocabulary (name, title, source, licence, checksum, term_count, loaded_at)
        VALUES (:name, CAST(:title AS jsonb), :source, :licence, :checksum, :count, now())
        ON CONFLICT (name) DO UPDATE SET title = EXCLUDED.title, source = EXCLUDED.source,
            licence = EXCLUDED.licence, checksum = EXCLUDED.checksum,
            term_count = EXCLUDED.term_count, loaded_at = now()"""),
        {"name": vocab.name, "title": json.dumps(vocab.title), "source": vocab.source,
         "licence": vocab.licence, "checksum": checksum, "count": count})
    buffer.seek(0)
    # COPY: one round trip for the 84k villages instead of one per row
    cursor = session.connection().connection.cursor()
    cursor.copy_expert("COPY satudata_vocab_term (vocabulary, code, parent, level, position, label_id, "
                       "label_en, extra, search) FROM STDIN WITH (FORMAT csv)", buffer)
    return count


def _terms(vocab: Vocabulary) -> Iterator[dict[str, Any]]:
    names: dict[str, str] = {}
    for level, path in enumerate(vocab.files, start=1 if vocab.levels else 0):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield _term(vocab, level, row, names)


def _term(vocab: Vocabulary, level: int, row: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    code = row["code"].strip()
    if not vocab.levels:
        extra = {k: v for k, v in row.items() if k not in _CORE_COLUMNS and v}
        return {"code": code, "parent": None, "level": 0, "label_id": row["label_id"],
                "label_en": row["label_en"], "extra": extra}
    # A hierarchical list (wilayah): one file per level, official names only.
    parent = next((row[c] for c in _PARENT_COLUMNS if row.get(c)), None)
    names[code] = row["name"]
    path = []
    ancestor = parent
    while ancestor:
        path.append(names.get(ancestor, ancestor))
        ancestor = ancestor.rpartition(".")[0] or None
    return {"code": code, "parent": parent, "level": level, "label_id": row["name"],
            "label_en": row["name"],
            "extra": {"tingkat": vocab.levels[level - 1], "path": ", ".join(path)}}
