"""Access to Terbatas data by request: requests, grants and their log.

Revision ID: 0008_access
Revises: 0007_schedule
Create Date: 2026-12-03
"""
from alembic import op

revision = "0008_access"
down_revision = "0007_schedule"
branch_labels = None
depends_on = None

STATES = ("pending", "approved", "rejected", "revoked", "expired")
KINDS = ("request", "approve", "reject", "revoke", "expire", "remind", "download", "reveal")


def upgrade():
    # One row per request; an approved one is the grant, live until `ends`
    # (checked at read time: the expiry job only records what already holds).
    # `resource_ids` NULL means every resource of the dataset; an
    # `organization_id` makes the grant hold for that OPD's members.
    op.execute(f"""
        CREATE TABLE satudata_access_request (
            id text PRIMARY KEY,
            package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE,
            user_id text NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
            organization_id text REFERENCES "group" (id) ON DELETE CASCADE,
            resource_ids text[],
            keperluan text NOT NULL,
            dasar_hukum text NOT NULL DEFAULT '',
            asked_until timestamptz NOT NULL,
            state text NOT NULL DEFAULT 'pending'
                CHECK (state IN ({", ".join(f"'{s}'" for s in STATES)})),
            created timestamptz NOT NULL DEFAULT now(),
            decided timestamptz,
            decided_by text,
            decision_note text NOT NULL DEFAULT '',
            ends timestamptz,
            closed timestamptz,
            closed_by text,
            close_note text NOT NULL DEFAULT '',
            reminded timestamptz,
            CHECK (state = 'pending' OR decided IS NOT NULL),
            CHECK (state NOT IN ('approved', 'revoked', 'expired') OR ends IS NOT NULL)
        )""")
    # one pending request per dataset and requester (a user, or a user for an OPD)
    op.execute("CREATE UNIQUE INDEX satudata_access_request_one_pending "
               "ON satudata_access_request (package_id, user_id, coalesce(organization_id, '')) "
               "WHERE state = 'pending'")
    # the grant check of every read of a Terbatas dataset's files
    op.execute("CREATE INDEX satudata_access_request_grants "
               "ON satudata_access_request (package_id, ends) WHERE state = 'approved'")
    op.execute("CREATE INDEX satudata_access_request_user ON satudata_access_request (user_id, created)")
    op.execute("CREATE INDEX satudata_access_request_org ON satudata_access_request (organization_id) "
               "WHERE organization_id IS NOT NULL")
    op.execute("CREATE INDEX satudata_access_request_state ON satudata_access_request (state, created)")
    op.execute("CREATE INDEX satudata_access_request_package ON satudata_access_request (package_id, created)")
    # The grant check walks up the OPD tree (cascading roles) and reads a
    # user's OPDs: CKAN's member table holds a row per dataset too, so both
    # get an index of their own (a scan of every row otherwise: 25 ms at 100k).
    op.execute("CREATE INDEX IF NOT EXISTS satudata_member_parent ON member (group_id) "
               "WHERE table_name = 'group' AND capacity = 'parent' AND state = 'active'")
    op.execute("CREATE INDEX IF NOT EXISTS satudata_member_user ON member (table_id, group_id) "
               "WHERE table_name = 'user' AND state = 'active'")
    # Every step, append-only: no foreign keys (the log outlives a purge) and
    # a trigger that refuses UPDATE and DELETE.
    op.execute(f"""
        CREATE TABLE satudata_access_event (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT clock_timestamp(),
            kind text NOT NULL CHECK (kind IN ({", ".join(f"'{k}'" for k in KINDS)})),
            request_id text,
            package_id text NOT NULL,
            resource_id text,
            actor_id text,
            actor_name text NOT NULL,
            note text NOT NULL DEFAULT ''
        )""")
    op.execute("CREATE INDEX satudata_access_event_package ON satudata_access_event (package_id, id)")
    op.execute("CREATE INDEX satudata_access_event_request ON satudata_access_event (request_id, id)")
    op.execute("CREATE INDEX satudata_access_event_actor "
               "ON satudata_access_event (actor_id, resource_id, at) WHERE kind = 'reveal'")
    op.execute("""
        CREATE OR REPLACE FUNCTION satudata_access_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'satudata_access_event is append-only';
        END $$""")
    op.execute("CREATE TRIGGER satudata_access_event_append_only "
               "BEFORE UPDATE OR DELETE ON satudata_access_event "
               "FOR EACH ROW EXECUTE FUNCTION satudata_access_event_append_only()")


def downgrade():
    op.execute("DROP INDEX IF EXISTS satudata_member_user")
    op.execute("DROP INDEX IF EXISTS satudata_member_parent")
    op.execute("DROP TABLE IF EXISTS satudata_access_event")
    op.execute("DROP FUNCTION IF EXISTS satudata_access_event_append_only()")
    op.execute("DROP TABLE IF EXISTS satudata_access_request")
