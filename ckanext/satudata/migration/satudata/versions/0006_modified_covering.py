"""Page through the catalogue by last change without reading the table.

The DCAT feed (and ``sort=metadata_modified desc``) pages with OFFSET: at
page 500 of 100k datasets PostgreSQL walked 50,000 rows of the wide
document table, or sorted all of them (≈ 250 ms). The visibility columns
and what a result row needs ride along in the index, so the walk is an
index-only scan (≈ 30 ms). It replaces the plain index on the same key.

Revision ID: 0006_modified_covering
Revises: 0005_dcat_fragment
Create Date: 2026-11-23
"""
from alembic import op

revision = "0006_modified_covering"
down_revision = "0005_dcat_fragment"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DROP INDEX IF EXISTS satudata_search_doc_metadata_modified")
    op.execute("CREATE INDEX satudata_search_doc_metadata_modified ON satudata_search_doc "
               "(metadata_modified, index_id) INCLUDE (id, name, metadata_created, site_id, "
               "state, capacity, dataset_type, permission_labels)")


def downgrade():
    op.execute("DROP INDEX IF EXISTS satudata_search_doc_metadata_modified")
    op.execute("CREATE INDEX satudata_search_doc_metadata_modified ON satudata_search_doc "
               "(metadata_modified, index_id)")
