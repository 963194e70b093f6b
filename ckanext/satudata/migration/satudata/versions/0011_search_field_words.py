"""Each weight-D text field's own words, and lighter payloads.

A query on one of the text fields that share the weight D (``res_name``,
``res_description``, ``author``, ``maintainer``, ``extras_*``…) found its
candidates through the weighted ``tsv`` and then checked every candidate's
own field by running ``to_tsvector`` over its stored values: a word in most
resources (``res_name:*a*``, ``res_description:data``) took seconds at 100k.
``tsv_fields`` holds those fields' lexemes qualified by the field
(``res_name:kesehatan``), with a GIN index, so the field's own test is an
index test too (``search/compile.py``).

The payload's ``keywords`` and ``texts`` are compressed with lz4 where the
server has it (PostgreSQL 14+ built with lz4, as Debian's and the official
images are): a sort on a stored field reads ``keywords`` of every hit, and
lz4 decompresses several times faster than the default pglz.

Existing documents get both here, from their stored payloads: no reindex.

Revision ID: 0011_search_field_words
Revises: 0010_search_days
Create Date: 2026-12-04
"""
from alembic import op

revision = "0011_search_field_words"
down_revision = "0010_search_days"
branch_labels = None
depends_on = None

# The text fields of weight D (search/fields.py at this revision): the text
# fields but title, notes and text, and every extras_/res_extras_ field.
FIELD_TSV = r"""
CREATE OR REPLACE FUNCTION satudata_field_tsv(texts jsonb) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT f.key || ':' || l)), ''::tsvector)
  FROM jsonb_each(coalesce(texts, '{}'::jsonb)) f,
       jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.value) = 'array'
                                      THEN f.value ELSE '[]'::jsonb END) v,
       unnest(tsvector_to_array(to_tsvector('satudata_simple', v)
                                || to_tsvector('satudata_id', v))) l
$$"""

D_FIELDS = ["res_name", "res_description", "author", "maintainer", "author_email",
            "maintainer_email", "urls", "depends_on", "dependency_of", "derives_from",
            "has_derivation", "links_to", "linked_from", "child_of", "parent_of"]


def upgrade():
    op.execute(FIELD_TSV)
    op.execute("ALTER TABLE satudata_search_doc "
               "ADD COLUMN IF NOT EXISTS tsv_fields tsvector NOT NULL DEFAULT ''")
    # lz4 where the server was built with it; pglz (the default) otherwise
    op.execute("""
        DO $$ BEGIN
          ALTER TABLE satudata_search_payload ALTER COLUMN keywords SET COMPRESSION lz4,
                                              ALTER COLUMN texts SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
          RAISE NOTICE 'lz4 is not available: payloads stay compressed with pglz';
        END $$""")
    # rewritten values take the column's compression
    op.execute("UPDATE satudata_search_payload "
               "SET keywords = keywords::text::jsonb, texts = texts::text::jsonb")
    fields = "ARRAY[" + ", ".join(f"'{f}'" for f in D_FIELDS) + "]"
    op.execute(f"""
        UPDATE satudata_search_doc d SET tsv_fields = satudata_field_tsv((
            SELECT jsonb_object_agg(key, value) FROM jsonb_each(p.texts)
             WHERE key = ANY({fields}) OR key LIKE 'extras\\_%' OR key LIKE 'res\\_extras\\_%'))
          FROM satudata_search_payload p WHERE p.index_id = d.index_id""")
    op.execute("CREATE INDEX IF NOT EXISTS satudata_search_doc_tsv_fields "
               "ON satudata_search_doc USING gin (tsv_fields)")
    op.execute("ANALYZE satudata_search_doc")
    op.execute("ANALYZE satudata_search_payload")


def downgrade():
    op.execute("DROP INDEX IF EXISTS satudata_search_doc_tsv_fields")
    op.execute("ALTER TABLE satudata_search_doc DROP COLUMN IF EXISTS tsv_fields")
    op.execute("DROP FUNCTION IF EXISTS satudata_field_tsv(jsonb)")
