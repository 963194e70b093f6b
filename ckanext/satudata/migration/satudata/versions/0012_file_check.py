"""The file checks on upload (``quality/``): one row per resource and file.

``file_key`` is empty for the resource's own file and the storage key of a
pending revision's file otherwise (``review/revisions.py``); when the
revision is approved its check becomes the resource's. ``findings`` holds
at most 200 language-neutral findings (``quality/tabular.py``),
``error_count`` all of them.

Revision ID: 0012_file_check
Revises: 0011_search_field_words
Create Date: 2026-12-06
"""
from alembic import op

revision = "0012_file_check"
down_revision = "0011_search_field_words"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE TABLE satudata_file_check (
            resource_id text NOT NULL,
            file_key text NOT NULL DEFAULT '',
            package_id text NOT NULL,
            state text NOT NULL CHECK (state IN ('pending', 'done', 'error')),
            declared text NOT NULL DEFAULT '',
            detected text,
            flagged boolean NOT NULL DEFAULT false,
            valid boolean,
            row_count integer,
            error_count integer NOT NULL DEFAULT 0,
            findings jsonb NOT NULL DEFAULT '[]',
            queued_at timestamptz NOT NULL DEFAULT now(),
            checked_at timestamptz,
            PRIMARY KEY (resource_id, file_key))
    """)
    op.execute("CREATE INDEX satudata_file_check_package ON satudata_file_check (package_id)")


def downgrade():
    op.execute("DROP TABLE satudata_file_check")
