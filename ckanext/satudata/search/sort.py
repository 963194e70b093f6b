"""A Solr ``sort`` parameter as an ORDER BY on ``satudata_search_doc``
(alias ``d``), and the payload join a stored-field key needs."""
from __future__ import annotations

import re
from typing import Optional

from . import fields as F
from .syntax import QuerySyntaxError

__all__ = ["compile_sort"]


def compile_sort(sort: str, rank_sql: Optional[str]) -> tuple[str, str]:
    """``score desc, metadata_modified desc`` into an ORDER BY list, and
    what the FROM clause needs for it (``''`` when every key is a column).

    Ties are broken by ``index_id`` in the direction of the last key, so
    that a (column, index_id) index serves the first page either way. A
    stored field without a column of its own is read from the payload,
    every such field of the sort in one ``jsonb_to_record`` per hit (the
    value decompressed once, not once per key and use).
    """
    keys = []
    stored: list[str] = []
    last = "ASC"
    for part in (sort or "").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        if len(bits) != 2 or bits[1].lower() not in ("asc", "desc") \
                or not re.match(r"^[A-Za-z_][A-Za-z0-9_.\-]*$", bits[0]):
            raise QuerySyntaxError("bad_sort", part)
        field, direction = bits[0], bits[1].upper()
        last = direction
        if field == "score":
            if rank_sql:
                keys.append(f"{rank_sql} {direction}")
            continue
        column = F.column_for_sort(field)
        if column:
            keys.append("d." + column.format(direction=direction))
            continue
        if field not in stored:
            stored.append(field)
        value = f"k.s{stored.index(field)}"
        # numbers in numeric order (9 before 64 before 100), as a Solr int field sorts
        keys.append(f"(CASE WHEN {value} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN {value}::numeric END) "
                    f"{direction} NULLS LAST")
        keys.append(f"{value} {direction} NULLS LAST")
    keys.append(f"d.index_id {last}")
    join = ""
    if stored:  # the field names matched the pattern above: no quote can reach SQL
        values = ", ".join(f'r."{f}" ->> 0 AS s{i}' for i, f in enumerate(stored))
        record = ", ".join(f'"{f}" jsonb' for f in stored)
        join = (f"LEFT JOIN LATERAL (SELECT {values} FROM satudata_search_payload p, "
                f"jsonb_to_record(p.keywords) AS r({record}) "
                f"WHERE p.index_id = d.index_id) k ON TRUE")
    return ", ".join(keys), join
