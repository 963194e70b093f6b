"""Update schedule, reminders and the Daftar Data.

Revision ID: 0007_schedule
Revises: 0006_modified_covering
Create Date: 2026-12-03
"""
from alembic import op

revision = "0007_schedule"
down_revision = "0006_modified_covering"
branch_labels = None
depends_on = None


def upgrade():
    # One row per dataset, written with its search document (schedule/sync.py):
    # the thresholds as dates, so "what is late" is a range scan. The status
    # itself is never stored: it depends on the day it is read.
    # `published` as the review has it (the lists are of published data only),
    # so that the lists and counts need not read `package`; a purged dataset's
    # row goes with it, a deleted one's is dropped by after_dataset_delete.
    op.execute("""
        CREATE TABLE satudata_schedule (
            package_id text PRIMARY KEY REFERENCES package (id) ON DELETE CASCADE,
            owner_org text,
            published boolean NOT NULL DEFAULT false,
            frekuensi text,
            data_updated timestamp NOT NULL,
            confirmed timestamp,
            planned date,
            last_update timestamp NOT NULL,
            due timestamp,
            overdue timestamp,
            delinquent timestamp
        )""")
    for name, columns in (("org_due", "owner_org, due"), ("due", "due"),
                          ("overdue", "overdue"), ("delinquent", "delinquent")):
        op.execute(f"CREATE INDEX satudata_schedule_{name} ON satudata_schedule ({columns}) "
                   "WHERE published")
    # "Masih mutakhir": the OPD's confirmations, on record.
    op.execute("""
        CREATE TABLE satudata_schedule_confirmation (
            id bigserial PRIMARY KEY,
            package_id text NOT NULL,
            actor_id text,
            actor_name text NOT NULL,
            created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
            note text NOT NULL DEFAULT '',
            planned date
        )""")
    op.execute("CREATE INDEX satudata_schedule_confirmation_package "
               "ON satudata_schedule_confirmation (package_id, id)")
    # A reminder goes once per dataset, stage and cycle (the due date it was for).
    op.execute("""
        CREATE TABLE satudata_schedule_reminder (
            package_id text NOT NULL,
            stage text NOT NULL,
            cycle timestamp NOT NULL,
            sent timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
            recipients integer NOT NULL DEFAULT 0,
            PRIMARY KEY (package_id, stage, cycle)
        )""")
    # The yearly data plan set by the Forum Satu Data.
    op.execute("""
        CREATE TABLE satudata_daftar_data (
            id bigserial PRIMARY KEY,
            tahun integer NOT NULL,
            kode text NOT NULL,
            judul text NOT NULL,
            owner_org text NOT NULL,
            frekuensi text NOT NULL,
            prioritas boolean NOT NULL DEFAULT false,
            standar_data text NOT NULL DEFAULT '',
            catatan text NOT NULL DEFAULT '',
            created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
            updated timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
            UNIQUE (tahun, kode)
        )""")
    op.execute("CREATE INDEX satudata_daftar_data_org ON satudata_daftar_data (tahun, owner_org)")
    # A dataset fulfils an entry through its kode_daftar_data.
    op.execute("CREATE INDEX satudata_package_kode_daftar_data ON package "
               "((extras->>'kode_daftar_data')) WHERE state = 'active'")


def downgrade():
    op.execute("DROP INDEX IF EXISTS satudata_package_kode_daftar_data")
    op.execute("DROP TABLE IF EXISTS satudata_daftar_data")
    op.execute("DROP TABLE IF EXISTS satudata_schedule_reminder")
    op.execute("DROP TABLE IF EXISTS satudata_schedule_confirmation")
    op.execute("DROP TABLE IF EXISTS satudata_schedule")
