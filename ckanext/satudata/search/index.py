"""Write CKAN's search documents into PostgreSQL.

CKAN builds the document (``PackageSearchIndex.index_package``: extras,
tags, resources, permission labels, ``before_dataset_index`` plugins) and
hands it to the connection; this module stores it through ``model.Session``,
inside the transaction that writes the dataset, so a rollback removes both.
"""
from __future__ import annotations

import datetime
import json
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from psycopg2.extras import execute_values

from . import cache, counts
from . import fields as F

__all__ = ["Row", "to_row", "upsert", "delete_where", "term", "presence", "TERM_MAX",
           "analyze", "ANALYZE_AFTER"]

_SKIP = {"data_dict", "validated_data_dict", "index_id", "_version_", "text"}
_LONG = 300     # longer string values are text, not keywords
# Fields already in their own column, or unique per dataset, or links: no terms.
_NO_TERMS = set(F.COLUMNS) | set(F.ARRAY_COLUMNS) | {"res_url", "url", "license_url", "urls"}

_DOC_COLUMNS = ("index_id", "id", "site_id", "name", "state", "capacity", "dataset_type",
                "owner_org", "permission_labels", "title_string", "metadata_created",
                "metadata_modified", "terms", "facet_terms", "tsv", "tsv_fields", "indexed_at",
                *F.DAY_COLUMNS.values())

_WEIGHTED = " || ".join(
    f"setweight(to_tsvector('{config}', %({part})s), '{weight}')"
    for part, weight in (("a", "A"), ("b", "B"), ("c", "C"), ("dd", "D"))
    for config in ("satudata_id", "satudata_simple"))

# psycopg2's execute_values fills VALUES with one row per document: one round
# trip per batch, whatever its size.
_DOC_TEMPLATE = ("(%(index_id)s, %(id)s, %(site_id)s, %(name)s, %(state)s, %(capacity)s, "
                 "%(dataset_type)s, %(owner_org)s, %(permission_labels)s::text[], %(title_string)s, "
                 "%(metadata_created)s, %(metadata_modified)s, %(terms)s::text[], "
                 "%(facet_terms)s::text[], "
                 f"{_WEIGHTED}, satudata_field_tsv(%(df)s::jsonb), now(), "
                 + ", ".join(f"%({c})s::date" for c in F.DAY_COLUMNS.values()) + ")")
# A document identical to the one kept is not written again (a rebuild of an
# unchanged catalogue then costs no new row versions and no index entries in
# the table's fourteen indexes); its indexed_at stays when it was written.
_COMPARED = [c for c in _DOC_COLUMNS[1:] if c != "indexed_at"]
_UPSERT_DOC = (f"INSERT INTO satudata_search_doc AS d ({', '.join(_DOC_COLUMNS)}) VALUES %s "
               "ON CONFLICT (index_id) DO UPDATE SET "
               + ", ".join(f"{c} = EXCLUDED.{c}" for c in _DOC_COLUMNS[1:])
               + f" WHERE ({', '.join('d.' + c for c in _COMPARED)}) IS DISTINCT FROM "
               f"({', '.join('EXCLUDED.' + c for c in _COMPARED)})")

_PAYLOAD_COLUMNS = ("keywords", "texts", "data_dict", "validated_data_dict")
_UPSERT_PAYLOAD = ("INSERT INTO satudata_search_payload AS p (index_id, "
                   + ", ".join(_PAYLOAD_COLUMNS) + ") VALUES %s ON CONFLICT (index_id) DO UPDATE SET "
                   + ", ".join(f"{c} = EXCLUDED.{c}" for c in _PAYLOAD_COLUMNS)
                   + f" WHERE ({', '.join('p.' + c for c in _PAYLOAD_COLUMNS)}) IS DISTINCT FROM "
                   f"({', '.join('EXCLUDED.' + c for c in _PAYLOAD_COLUMNS)})")
_PAYLOAD_TEMPLATE = "(%s, %s::jsonb, %s::jsonb, %s, %s)"

# The words of the documents just written (counts.WORDS), sorted so that two
# transactions adding the same new words lock them in the same order (no deadlock).
_ADD_WORDS = ("INSERT INTO satudata_search_word (word) " + counts.WORDS
              + " AND d.index_id = ANY(%(ids)s) ORDER BY w ON CONFLICT (word) DO NOTHING")


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, (list, tuple, set)) else [value]
    out = []
    for v in values:
        if v is None or v == "":
            continue
        if isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, (dict, list)):
            out.append(json.dumps(v, ensure_ascii=False, sort_keys=True))
        else:
            out.append(str(v))
    return out


def _day(field: str, value: Any) -> Optional[str]:
    """A day field's value for its date column: None unless a valid
    ``YYYY-MM-DD`` (as revision 0010 and the kept counts read it)."""
    values = _strings(value)
    if values and F.day_bounds(field, values[0], None) is not None:
        return values[0]
    return None


def _timestamp(value: Any) -> Optional[datetime.datetime]:
    if not value:
        return None
    text = str(value).rstrip("Z")
    return datetime.datetime.fromisoformat(text)


Row = dict[str, Any]

TERM_MAX = 100          # longer values are matched through the payload


def term(field: str, value: str) -> str:
    return f"{field}={value}"


def presence(field: str) -> str:
    """The entry every document with ``field`` carries (``field:*``)."""
    return field


def terms_for(keywords: dict[str, list[str]]) -> list[str]:
    out = []
    for field, values in keywords.items():
        if field in _NO_TERMS:
            continue
        out.append(presence(field))
        out += [term(field, v) for v in values if len(v) <= TERM_MAX]
    return sorted(set(out))


def facet_terms(terms: list[str]) -> list[str]:
    """The terms of the fields most searches facet on (``F.FACETED``)."""
    return [t for t in terms if t.partition("=")[0] in F.FACETED and "=" in t]


def to_row(doc: dict[str, Any]) -> Row:
    """The columns of ``satudata_search_doc`` for a CKAN search document."""
    keywords: dict[str, list[str]] = {}
    texts: dict[str, list[str]] = {}
    for key, value in doc.items():
        if key in _SKIP or key in F.DATE_COLUMNS:
            continue
        values = _strings(value)
        if not values:
            continue
        if F.is_text_field(key) or any(len(v) > _LONG for v in values):
            texts[key] = values
        if not F.is_text_field(key):
            keywords[key] = values

    validated = json.loads(doc.get("validated_data_dict") or "{}")
    org_title = (validated.get("organization") or {}).get("title") or ""
    title = doc.get("title") or ""
    weight_b = " ".join(_strings(doc.get("tags")) + _strings(doc.get("groups"))
                        + _strings(doc.get("organization")) + [org_title])
    skip_d = {"title", "notes", "tags", "groups", "organization", "id", "site_id",
              "owner_org", "capacity", "state", "dataset_type", "entity_type",
              "permission_labels", "private", "license_id", "type", "creator_user_id"}
    weight_d = " ".join(
        v for k, vs in {**keywords, **texts}.items()
        if k not in skip_d and not k.endswith("_id")
        for v in vs)
    terms = terms_for(keywords)
    return {
        "index_id": doc["index_id"],
        "id": doc["id"],
        "site_id": doc.get("site_id") or "",
        "name": doc.get("name"),
        "state": doc.get("state"),
        "capacity": doc.get("capacity"),
        "dataset_type": doc.get("dataset_type"),
        "owner_org": doc.get("owner_org") or None,
        "permission_labels": _strings(doc.get("permission_labels")),
        "title_string": (doc.get("title_string") or title).strip().lower(),
        "metadata_created": _timestamp(doc.get("metadata_created")),
        "metadata_modified": _timestamp(doc.get("metadata_modified")),
        "terms": terms,
        "facet_terms": facet_terms(terms),
        "keywords": json.dumps(keywords, ensure_ascii=False),
        "texts": json.dumps(texts, ensure_ascii=False),
        "a": title,
        "b": weight_b,
        "c": doc.get("notes") or "",
        "dd": weight_d,
        # the weight-D text fields' own words (revision 0011, satudata_field_tsv)
        "df": json.dumps({k: vs for k, vs in texts.items()
                          if F.is_text_field(k) and F.weight_of(k) == "D"}, ensure_ascii=False),
        **{column: _day(field, doc.get(field)) for field, column in F.DAY_COLUMNS.items()},
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
    }


# Planner statistics after a bulk write: the planner reads the index tables by
# their statistics, and a rebuild or bulk load leaves them describing what was
# there before (issue 21: p95 312 ms straight after a rebuild, 126 ms after
# ANALYZE). Documents this process wrote since its last ANALYZE; ``analyze``
# runs it once they reach ANALYZE_AFTER (autovacuum's own threshold is a
# tenth of the table, and comes late).
ANALYZE_AFTER = 1000
_TABLES = ("satudata_search_doc", "satudata_search_payload", "satudata_search_count",
           "satudata_search_word")
_written = 0


def analyze(session: Any, force: bool = False) -> bool:
    """ANALYZE the index tables when this process wrote ANALYZE_AFTER
    documents since its last one (or ``force``); True when it ran."""
    global _written
    if not force and _written < ANALYZE_AFTER:
        return False
    session.execute(sa.text("ANALYZE " + ", ".join(_TABLES)))
    _written = 0
    return True


def upsert(session: Any, docs: Iterable[dict[str, Any]], page_size: int = 500,
           keep_counts: bool = True) -> int:
    """Insert or replace documents through ``session``'s own transaction.

    :param keep_counts: apply the documents' deltas to the kept facet counts;
        a whole rebuild passes False and recounts once at the end
    """
    # one row per document, the last one given winning (as repeated adds would)
    global _written
    rows = list({r["index_id"]: r for r in (to_row(d) for d in docs)}.values())
    if not rows:
        return 0
    _written += len(rows)
    cache.mark_dirty(session)
    # the DBAPI connection under the session: same transaction, psycopg2's batching
    cursor = session.connection().connection.cursor()
    try:
        if keep_counts:
            replaced = counts.lock_and_read(cursor, [r["index_id"] for r in rows])
        execute_values(cursor, _UPSERT_DOC, rows, template=_DOC_TEMPLATE, page_size=page_size)
        if keep_counts:
            counts.apply_deltas(cursor, replaced, rows)
        execute_values(cursor, _UPSERT_PAYLOAD, [
            (r["index_id"], r["keywords"], r["texts"], r["data_dict"], r["validated_data_dict"])
            for r in rows], template=_PAYLOAD_TEMPLATE, page_size=page_size)
        cursor.execute(_ADD_WORDS, {"ids": [r["index_id"] for r in rows]})
    finally:
        cursor.close()
    return len(rows)


def delete_where(session: Any, where_sql: str, params: dict[str, Any]) -> int:
    cache.mark_dirty(session)
    removed = [dict(r._mapping) for r in session.execute(sa.text(
        f"DELETE FROM satudata_search_doc d WHERE {where_sql} RETURNING d.site_id, d.state, "
        "d.capacity, d.dataset_type, d.permission_labels, d.owner_org, d.terms"), params)]
    cursor = session.connection().connection.cursor()
    try:
        counts.apply_deltas(cursor, removed, [])
    finally:
        cursor.close()
    return len(removed)
