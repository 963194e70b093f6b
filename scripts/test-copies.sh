#!/usr/bin/env bash
# Copies of the migrated test databases for pytest-xdist's workers gw1 … gwN-1
# (worker gw0 uses the databases themselves; tests/workers.py names them):
#   scripts/test-copies.sh WORKERS TEST_INI DB_URL DS_WRITE_URL DS_READ_URL HARVEST_DB_URL
# Each copy is made afresh with CREATE DATABASE … TEMPLATE (a second or so,
# always the current schema); the DataStore copies get their permissions
# again, since database-level grants are not copied with the template.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
workers=$1 ini=$2 db_url=$3 ds_write=$4 ds_read=$5 harvest_url=$6
dbs="${db_url##*/} ${ds_write##*/} ${harvest_url##*/}"
ROLE=${DB_ROLE:-ckan_satudata}
[ "$workers" -gt 1 ] 2>/dev/null || exit 0
for ((n = 1; n < workers; n++)); do
  say "Copying the test databases for test worker gw$n (${dbs// /, } → *_gw$n)"
  for db in $dbs; do
    PGOPTIONS="-c client_min_messages=warning" psql_admin -c "DROP DATABASE IF EXISTS ${db}_gw$n WITH (FORCE)"
    psql_admin -c "CREATE DATABASE ${db}_gw$n OWNER $ROLE TEMPLATE $db"
  done
  CKAN_SQLALCHEMY_URL=${db_url}_gw$n scripts/ensure-datastore.sh "$ini" "${ds_write}_gw$n" "${ds_read}_gw$n" "test worker gw$n's DataStore"
done
