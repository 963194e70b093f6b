"""Index datasets by review state, for the walidata's queue.

Revision ID: 0004_review_state
Revises: 0003_review
Create Date: 2026-11-23
"""
from alembic import op

revision = "0004_review_state"
down_revision = "0003_review"
branch_labels = None
depends_on = None

# The same expression as ckanext.satudata.model.review.STATE_SQL (with the
# table's own name), so the queue's filter can use it.
_STATE = ("coalesce(extras->>'satudata_status', "
          "CASE WHEN private THEN 'draft' ELSE 'published' END)")


def upgrade():
    op.execute(f"CREATE INDEX satudata_package_review_state ON package (({_STATE})) "
               "WHERE state = 'active'")


def downgrade():
    op.execute("DROP INDEX IF EXISTS satudata_package_review_state")
