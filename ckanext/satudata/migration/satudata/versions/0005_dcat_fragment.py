"""Each dataset's part of the DCAT feed, kept between requests.

Revision ID: 0005_dcat_fragment
Revises: 0004_review_state
Create Date: 2026-11-23
"""
from alembic import op

revision = "0005_dcat_fragment"
down_revision = "0004_review_state"
branch_labels = None
depends_on = None


def upgrade():
    # `fingerprint` says what the Turtle was made from (the dataset's
    # metadata_modified, its OPD, the profiles, the code lists): a row whose
    # fingerprint differs from the one a request computes is simply rewritten
    op.execute("""
        CREATE TABLE satudata_dcat_fragment (
            package_id text PRIMARY KEY,
            fingerprint text NOT NULL,
            prefixes jsonb NOT NULL,
            turtle text NOT NULL,
            written_at timestamp NOT NULL DEFAULT now()
        )""")


def downgrade():
    op.execute("DROP TABLE IF EXISTS satudata_dcat_fragment")
