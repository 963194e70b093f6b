#!/usr/bin/env bash
# Create the database role and the databases named on the command line,
# if they are missing (idempotent). The role's password is generated once
# and kept in .local/db-password (git-ignored).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ROLE=${DB_ROLE:-ckan_satudata}
mkdir -p .local
[ -s .local/db-password ] || { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > .local/db-password; }
PASS=$(cat .local/db-password)

psql_admin() {
  if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  elif as_postgres psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    as_postgres psql -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  else
    die "Cannot reach PostgreSQL as its superuser to create the role '$ROLE'. Create it yourself: CREATE ROLE $ROLE LOGIN PASSWORD '<see .local/db-password>'; and the databases ($*) owned by it."
  fi
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  say "Creating database role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'"
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASS'" >/dev/null
fi
for db in "${@:-satudata}"; do
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    say "Creating database $db (owner $ROLE, UTF-8)"
    psql_admin -c "CREATE DATABASE $db OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
  else
    say "Database $db exists"
  fi
done
