#!/usr/bin/env bash
# Run once by the postgres image, when its data volume is still empty
# (/docker-entrypoint-initdb.d): the portal's role and database, the
# DataStore's database (<name>_datastore, owned by the portal's role) with
# its read-only role (<user>_ro; the migrate service grants what it reads
# with `ckan datastore set-permissions`), and the extensions its search index needs (pg_trgm, unaccent). The migration
# (0001_search_index) creates them too; both are trusted extensions, so the
# database's owner may, but creating them here needs no such trust.
set -euo pipefail
password=$(cat "$SATUDATA_DB_PASSWORD_FILE")
ro_password=$(cat "$SATUDATA_DB_RO_PASSWORD_FILE")
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v role="$SATUDATA_DB_USER" -v password="$password" -v db="$SATUDATA_DB_NAME" \
     -v ro_role="${SATUDATA_DB_USER}_ro" -v ro_password="$ro_password" \
     -v datastore="${SATUDATA_DB_NAME}_datastore" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
CREATE ROLE :"ro_role" LOGIN PASSWORD :'ro_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE :"datastore" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$SATUDATA_DB_NAME" <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
SQL
