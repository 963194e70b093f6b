"""The quality score's criteria met, as a column the monev's evaluation
counts without reading every row's ``criteria`` (1 s at 100k datasets):
``met`` (codes of the criteria given all their points) and ``standard``
(the dataset names its data standard). Rows scored before are filled from
their criteria; ``standard`` with the next indexing (a rebuild).

Revision ID: 0014_quality_met
Revises: 0013_quality
Create Date: 2026-12-07
"""
from alembic import op

revision = "0014_quality_met"
down_revision = "0013_quality"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        ALTER TABLE satudata_quality_score
            ADD COLUMN met text[] NOT NULL DEFAULT '{}',
            ADD COLUMN standard boolean NOT NULL DEFAULT false""")
    op.execute("""
        UPDATE satudata_quality_score SET met = ARRAY(
            SELECT c->>'code' FROM jsonb_array_elements(criteria) c
             WHERE (c->>'points')::int >= (c->>'of')::int)""")


def downgrade():
    op.execute("ALTER TABLE satudata_quality_score DROP COLUMN met, DROP COLUMN standard")
