"""Tables ckanext-satudata owns (created by alembic, migration/satudata)."""
