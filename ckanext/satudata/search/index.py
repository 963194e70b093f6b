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

from . import fields as F

__all__ = ["Row", "to_row", "upsert", "delete_where", "UPSERT_DOC"]

_SKIP = {"data_dict", "validated_data_dict", "index_id", "_version_", "text"}
_LONG = 300     # longer string values are text, not keywords

UPSERT_DOC = sa.text("""
INSERT INTO satudata_search_doc AS d (index_id, id, site_id, name, state, capacity,
    dataset_type, owner_org, permission_labels, title_string, metadata_created,
    metadata_modified, keywords, texts, tsv, indexed_at)
VALUES (:index_id, :id, :site_id, :name, :state, :capacity, :dataset_type, :owner_org,
    :permission_labels, :title_string, :metadata_created, :metadata_modified,
    CAST(:keywords AS jsonb), CAST(:texts AS jsonb),
    setweight(to_tsvector('satudata_id', :a), 'A') || setweight(to_tsvector('satudata_simple', :a), 'A') ||
    setweight(to_tsvector('satudata_id', :b), 'B') || setweight(to_tsvector('satudata_simple', :b), 'B') ||
    setweight(to_tsvector('satudata_id', :c), 'C') || setweight(to_tsvector('satudata_simple', :c), 'C') ||
    setweight(to_tsvector('satudata_id', :dd), 'D') || setweight(to_tsvector('satudata_simple', :dd), 'D'),
    now())
ON CONFLICT (index_id) DO UPDATE SET id = EXCLUDED.id, site_id = EXCLUDED.site_id,
    name = EXCLUDED.name, state = EXCLUDED.state, capacity = EXCLUDED.capacity,
    dataset_type = EXCLUDED.dataset_type, owner_org = EXCLUDED.owner_org,
    permission_labels = EXCLUDED.permission_labels, title_string = EXCLUDED.title_string,
    metadata_created = EXCLUDED.metadata_created, metadata_modified = EXCLUDED.metadata_modified,
    keywords = EXCLUDED.keywords, texts = EXCLUDED.texts, tsv = EXCLUDED.tsv,
    indexed_at = EXCLUDED.indexed_at
""")

_UPSERT_PAYLOAD = sa.text("""
INSERT INTO satudata_search_payload (index_id, data_dict, validated_data_dict)
VALUES (:index_id, :data_dict, :validated_data_dict)
ON CONFLICT (index_id) DO UPDATE SET data_dict = EXCLUDED.data_dict,
    validated_data_dict = EXCLUDED.validated_data_dict
""")

# Sorted so that two transactions adding the same new words lock them in
# the same order (no deadlock).
_ADD_WORDS = sa.text("""
INSERT INTO satudata_search_word (word)
SELECT DISTINCT w FROM unnest(tsvector_to_array(to_tsvector('satudata_simple', :text))) w
WHERE length(w) BETWEEN 3 AND 40 ORDER BY w
ON CONFLICT (word) DO NOTHING
""")


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


def _timestamp(value: Any) -> Optional[datetime.datetime]:
    if not value:
        return None
    text = str(value).rstrip("Z")
    return datetime.datetime.fromisoformat(text)


Row = dict[str, Any]


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
        v for k, vs in list(texts.items()) + list(keywords.items())
        if k not in skip_d and not k.endswith("_id")
        for v in vs)
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
        "title_string": (doc.get("title_string") or title).strip().lower() or None,
        "metadata_created": _timestamp(doc.get("metadata_created")),
        "metadata_modified": _timestamp(doc.get("metadata_modified")),
        "keywords": json.dumps(keywords, ensure_ascii=False),
        "texts": json.dumps(texts, ensure_ascii=False),
        "a": title,
        "b": weight_b,
        "c": doc.get("notes") or "",
        "dd": weight_d,
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
    }


def upsert(conn: Any, docs: Iterable[dict[str, Any]]) -> int:
    """Insert or replace documents; ``conn`` is a Session or Connection."""
    rows = [to_row(d) for d in docs]
    if not rows:
        return 0
    conn.execute(UPSERT_DOC, rows)
    conn.execute(_UPSERT_PAYLOAD, [
        {k: r[k] for k in ("index_id", "data_dict", "validated_data_dict")} for r in rows])
    conn.execute(_ADD_WORDS, [{"text": " ".join((r["a"], r["b"], r["c"], r["dd"]))}
                              for r in rows])
    return len(rows)


def delete_where(conn: Any, where_sql: str, params: dict[str, Any]) -> int:
    result = conn.execute(sa.text(f"DELETE FROM satudata_search_doc d WHERE {where_sql}"), params)
    return result.rowcount
