"""Each search document's terms of the commonly faceted fields
(``search/fields.FACETED``) in a column of their own, ``facet_terms``, kept
in the row: a search that counts facets over many hits unnests those (14 a
dataset at the bench) instead of all its terms (67). At 100k datasets, the
five facets of a filter matching 90 % of the catalogue took 1.36 s to
count over ``terms`` and 0.33 s over ``facet_terms``. Documents written
before have none (the search then reads ``terms``) until the next
``ckan satudata search rebuild`` writes them again.

Revision ID: 0016_search_facet_terms
Revises: 0015_search_terms_inline
Create Date: 2026-12-07
"""
from alembic import op

revision = "0016_search_facet_terms"
down_revision = "0015_search_terms_inline"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE satudata_search_doc ADD COLUMN facet_terms text[]")
    op.execute("ALTER TABLE satudata_search_doc ALTER COLUMN facet_terms SET STORAGE MAIN")


def downgrade():
    op.execute("ALTER TABLE satudata_search_doc DROP COLUMN facet_terms")
