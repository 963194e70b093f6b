"""Walidata review: the append-only decision log and pending revisions.

Revision ID: 0003_review
Revises: 0002_vocabularies
Create Date: 2026-11-23
"""
from alembic import op

revision = "0003_review"
down_revision = "0002_vocabularies"
branch_labels = None
depends_on = None


def upgrade():
    # One row per decision. No foreign key to package: the record outlives a
    # purged dataset. Names are kept beside ids so the record reads the same
    # after a user is renamed or deleted.
    op.execute("""
        CREATE TABLE satudata_review_log (
            id bigserial PRIMARY KEY,
            package_id text NOT NULL,
            package_name text NOT NULL,
            owner_org text,
            actor_id text,
            actor_name text NOT NULL,
            created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
            action text NOT NULL,
            from_state text NOT NULL,
            to_state text NOT NULL,
            revision boolean NOT NULL DEFAULT false,
            note text NOT NULL DEFAULT '',
            changes jsonb NOT NULL DEFAULT '[]',
            snapshot jsonb
        )""")
    op.execute("CREATE INDEX satudata_review_log_package ON satudata_review_log (package_id, id)")
    # Append-only is enforced by the database, not by convention.
    op.execute("""
        CREATE OR REPLACE FUNCTION satudata_review_log_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'satudata_review_log is append-only';
        END $$""")
    op.execute("""
        CREATE TRIGGER satudata_review_log_append_only
        BEFORE UPDATE OR DELETE ON satudata_review_log
        FOR EACH ROW EXECUTE FUNCTION satudata_review_log_append_only()""")
    # The OPD's pending change to a published dataset, in package_show shape.
    # `uploads` maps a resource id to the id its replacement file is stored under.
    op.execute("""
        CREATE TABLE satudata_revision (
            package_id text PRIMARY KEY,
            state text NOT NULL,
            data jsonb NOT NULL,
            uploads jsonb NOT NULL DEFAULT '{}',
            author_id text,
            updated timestamp NOT NULL DEFAULT (now() at time zone 'utc')
        )""")


def downgrade():
    op.execute("DROP TABLE IF EXISTS satudata_revision")
    op.execute("DROP TABLE IF EXISTS satudata_review_log")
    op.execute("DROP FUNCTION IF EXISTS satudata_review_log_append_only()")
