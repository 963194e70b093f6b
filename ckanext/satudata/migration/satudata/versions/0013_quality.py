"""The quality score and the link checks (``quality/``, issue 17).

``satudata_link_check``: one row per resource, the last check of its link
(or of its uploaded file, read locally): ``state`` ``ok``, ``broken`` or
``error`` (the check itself failed: refused address, timeout), the HTTP
status, the media type and size found, what the first bytes are
(``detected``) and whether they match the declared format (``format_ok``),
``failures`` in a row, and when it is due again (``next_check_at``).

``satudata_quality_score``: one row per dataset, written with its search
document: ``points`` of ``max_points``, ``rating`` and every criterion
(``criteria``, language-neutral: code, dimension, points, of, missing).
``owner_org`` and ``published`` serve the per-OPD figures.

Revision ID: 0013_quality
Revises: 0012_file_check
Create Date: 2026-12-07
"""
from alembic import op

revision = "0013_quality"
down_revision = "0012_file_check"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE TABLE satudata_link_check (
            resource_id text PRIMARY KEY,
            package_id text NOT NULL,
            url text NOT NULL DEFAULT '',
            upload boolean NOT NULL DEFAULT false,
            state text NOT NULL CHECK (state IN ('ok', 'broken', 'error')),
            status_code integer,
            reason text NOT NULL DEFAULT '',
            media_type text,
            size bigint,
            detected text,
            format_ok boolean,
            failures integer NOT NULL DEFAULT 0,
            checked_at timestamptz NOT NULL DEFAULT now(),
            next_check_at timestamptz NOT NULL DEFAULT now())
    """)
    op.execute("CREATE INDEX satudata_link_check_package ON satudata_link_check (package_id)")
    op.execute("CREATE INDEX satudata_link_check_due ON satudata_link_check (next_check_at)")
    op.execute("""
        CREATE TABLE satudata_quality_score (
            package_id text PRIMARY KEY,
            owner_org text,
            published boolean NOT NULL DEFAULT false,
            points integer NOT NULL,
            max_points integer NOT NULL,
            rating text NOT NULL,
            criteria jsonb NOT NULL DEFAULT '[]',
            scored_at timestamptz NOT NULL DEFAULT now())
    """)
    op.execute("CREATE INDEX satudata_quality_score_org ON satudata_quality_score (owner_org)")


def downgrade():
    op.execute("DROP TABLE satudata_quality_score")
    op.execute("DROP TABLE satudata_link_check")
