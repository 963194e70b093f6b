"""The terms and permission labels of each search document kept in its row
(storage MAIN: compressed in place, moved out only as a last resort). With
the default storage, PostgreSQL moved them out to the TOAST table beside
the larger tsvectors, and every filter, count or facet over many hits read
each document's terms through the TOAST index: at 100k datasets a filter
matching 90 % of the catalogue read 444k pages (915 ms) to count its hits,
and 25k (263 ms) with the terms in the row. Rows written before keep their
storage until they change (a rebuild does not rewrite a document that comes
out identical) or ``VACUUM FULL satudata_search_doc`` rewrites them all.

Revision ID: 0015_search_terms_inline
Revises: 0014_quality_met
Create Date: 2026-12-07
"""
from alembic import op

revision = "0015_search_terms_inline"
down_revision = "0014_quality_met"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE satudata_search_doc ALTER COLUMN terms SET STORAGE MAIN, "
               "ALTER COLUMN permission_labels SET STORAGE MAIN")


def downgrade():
    op.execute("ALTER TABLE satudata_search_doc ALTER COLUMN terms SET STORAGE EXTENDED, "
               "ALTER COLUMN permission_labels SET STORAGE EXTENDED")
