"""Code lists (kode wilayah, urusan, frekuensi …) and their terms.

Revision ID: 0002_vocabularies
Revises: 0001_search_index
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002_vocabularies"
down_revision = "0001_search_index"
branch_labels = None
depends_on = None


def upgrade():
    # One row per list: what was loaded, from where, under which licence.
    op.execute("""
        CREATE TABLE satudata_vocabulary (
            name text PRIMARY KEY,
            title jsonb NOT NULL,
            source text NOT NULL,
            licence text NOT NULL,
            checksum text NOT NULL,
            term_count integer NOT NULL,
            loaded_at timestamp NOT NULL DEFAULT now()
        )""")
    # `search` is the lower-cased, accent-free "code label" that the
    # autocomplete matches with pg_trgm; written by the loader.
    op.execute("""
        CREATE TABLE satudata_vocab_term (
            vocabulary text NOT NULL REFERENCES satudata_vocabulary (name) ON DELETE CASCADE,
            code text NOT NULL,
            parent text,
            level smallint NOT NULL DEFAULT 0,
            position integer NOT NULL,
            label_id text NOT NULL,
            label_en text NOT NULL,
            extra jsonb NOT NULL DEFAULT '{}',
            search text NOT NULL,
            PRIMARY KEY (vocabulary, code)
        )""")
    op.execute("CREATE INDEX satudata_vocab_term_parent ON satudata_vocab_term (vocabulary, parent)")
    # prefix matches of one or two letters, which trigrams cannot serve
    op.execute("CREATE INDEX satudata_vocab_term_prefix ON satudata_vocab_term "
               "(vocabulary, search text_pattern_ops)")
    op.execute("CREATE INDEX satudata_vocab_term_search ON satudata_vocab_term "
               "USING gin (search gin_trgm_ops)")


def downgrade():
    op.execute("DROP TABLE IF EXISTS satudata_vocab_term")
    op.execute("DROP TABLE IF EXISTS satudata_vocabulary")
