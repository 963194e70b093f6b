#!/usr/bin/env bash
# Create the database role and the databases named on the command line,
# if they are missing (idempotent), and the DataStore's read-only role. The
# roles' passwords are generated once and kept in .local/db-password and
# .local/db-ro-password (git-ignored).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ROLE=${DB_ROLE:-ckan_satudata}
mkdir -p .local
[ -s .local/db-password ] || { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > .local/db-password; }
PASS=$(cat .local/db-password)
[ -s .local/db-ro-password ] || { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > .local/db-ro-password; }
RO_PASS=$(cat .local/db-ro-password)


if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  say "Creating database role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'"
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASS'" >/dev/null
fi
# the DataStore's read-only role (datastore_search reads the rows with it;
# scripts/ensure-datastore.sh grants what it may read)
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}_ro'")" != 1 ]; then
  say "Creating the DataStore's read-only database role ${ROLE}_ro"
  psql_admin -c "CREATE ROLE ${ROLE}_ro LOGIN PASSWORD '$RO_PASS' NOSUPERUSER NOCREATEDB NOCREATEROLE"
else
  psql_admin -c "ALTER ROLE ${ROLE}_ro LOGIN PASSWORD '$RO_PASS'" >/dev/null
fi
for db in "${@:-satudata}"; do
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    say "Creating database $db (owner $ROLE, UTF-8)"
    psql_admin -c "CREATE DATABASE $db OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
  else
    say "Database $db exists"
  fi
done
