"""The schedule's days as date columns of the search document.

``jadwal_jatuh_tempo``, ``jadwal_terlambat`` and ``jadwal_sangat_terlambat``
(``search/fields.DAY_COLUMNS``) were keyword terms only: a range over them
(every ``jadwal_status`` filter) read each hit's payload, and sorting by the
next due date read the payload of every hit (1.7 s at 100k). As columns with
an index each, a range is an index range and ``sort=jadwal_jatuh_tempo asc``
walks the index. The terms stay (exact matches, facets, the kept counts).

Existing documents get their days from the stored payload here, so no
reindex is needed.

Revision ID: 0010_search_days
Revises: 0009_access_reach
Create Date: 2026-12-04
"""
from alembic import op

revision = "0010_search_days"
down_revision = "0009_access_reach"
branch_labels = None
depends_on = None

# field -> column (search/fields.DAY_COLUMNS at this revision)
DAYS = {"jadwal_jatuh_tempo": "jadwal_due", "jadwal_terlambat": "jadwal_overdue",
        "jadwal_sangat_terlambat": "jadwal_delinquent"}
_DAY = r"'^\d{4}-\d{2}-\d{2}$'"


def upgrade():
    op.execute("ALTER TABLE satudata_search_doc "
               + ", ".join(f"ADD COLUMN IF NOT EXISTS {c} date" for c in DAYS.values()))
    # one pass over the payloads; a value that is no day stays NULL, as the
    # index leaves it (search/index._day)
    sets = ", ".join(
        f"{c} = CASE WHEN p.keywords -> '{f}' ->> 0 ~ {_DAY} "
        f"THEN satudata_try_date(p.keywords -> '{f}' ->> 0) END" for f, c in DAYS.items())
    op.execute(r"""
        CREATE OR REPLACE FUNCTION satudata_try_date(value text) RETURNS date
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN RETURN value::date; EXCEPTION WHEN others THEN RETURN NULL; END $$""")
    op.execute(f"""
        UPDATE satudata_search_doc d SET {sets}
          FROM satudata_search_payload p
         WHERE p.index_id = d.index_id AND p.keywords ?| ARRAY{list(DAYS)}""")
    op.execute("DROP FUNCTION satudata_try_date(text)")
    for column in DAYS.values():
        op.execute(f"CREATE INDEX IF NOT EXISTS satudata_search_doc_{column} "
                   f"ON satudata_search_doc ({column}, index_id)")
    op.execute("ANALYZE satudata_search_doc")


def downgrade():
    op.execute("ALTER TABLE satudata_search_doc "
               + ", ".join(f"DROP COLUMN IF EXISTS {c}" for c in DAYS.values()))
