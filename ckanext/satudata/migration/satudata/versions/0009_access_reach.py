"""The grant check as a function: the same statement, planned once per
database session instead of on every call.

``files.reach`` runs on every read of a Terbatas dataset and on every
download of its files. Planning its statement (the OPD tree walk, the roles,
the live grants) took about 0.6 ms of its 0.9; PL/pgSQL keeps the plan of
the query it returns for the rest of the connection's life.

Revision ID: 0009_access_reach
Revises: 0008_access
Create Date: 2026-12-03
"""
from alembic import op

revision = "0009_access_reach"
down_revision = "0008_access"
branch_labels = None
depends_on = None


# Who a user is towards one dataset: sysadmin; a member of the owning OPD,
# or holder of a cascading role (``ckan.auth.roles_that_cascade_to_sub_groups``)
# in an OPD above it; an editor or admin of the walidata's organization; and
# the live grants that hold for them, as ``request id:resource ids`` (``*``:
# every resource). No row: no such active user.
REACH = r"""
CREATE OR REPLACE FUNCTION satudata_access_reach(
        p_name text, p_package_id text, p_owner text, p_steward text,
        p_cascade text[], p_now timestamptz)
    RETURNS TABLE (id text, sysadmin boolean, in_opd boolean, walidata boolean, grants text[])
    LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH RECURSIVE above(gid) AS (
        SELECT p_owner
        UNION
        SELECT m.table_id FROM member m JOIN above a ON m.group_id = a.gid
         WHERE m.table_name = 'group' AND m.capacity = 'parent' AND m.state = 'active')
    SELECT u.id, u.sysadmin,
           EXISTS (SELECT 1 FROM member m WHERE m.table_name = 'user' AND m.table_id = u.id
                      AND m.state = 'active' AND (m.group_id = p_owner OR (
                          m.group_id IN (SELECT gid FROM above) AND m.capacity = ANY(p_cascade)))),
           EXISTS (SELECT 1 FROM member m JOIN "group" g ON g.id = m.group_id
                    WHERE m.table_name = 'user' AND m.table_id = u.id AND m.state = 'active'
                      AND g.name = p_steward AND g.state = 'active'
                      AND m.capacity IN ('editor', 'admin')),
           ARRAY(SELECT r.id || ':' || coalesce(array_to_string(r.resource_ids, ','), '*')
                   FROM satudata_access_request r
                  WHERE r.package_id = p_package_id AND r.state = 'approved' AND r.ends > p_now
                    AND (r.user_id = u.id OR r.organization_id IN (
                        SELECT m.group_id FROM member m WHERE m.table_name = 'user'
                           AND m.table_id = u.id AND m.state = 'active')))
      FROM "user" u WHERE u.name = p_name AND u.state = 'active';
END $$
"""


def upgrade():
    op.execute(REACH)


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS satudata_access_reach(text, text, text, text, text[], timestamptz)")
