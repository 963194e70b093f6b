#!/usr/bin/env bash
# Give the DataStore's database the permissions CKAN asks for: the portal's
# role writes, the read-only role (datastore_search) only reads.
#   scripts/ensure-datastore.sh INI WRITE_URL READ_URL "what it is"
# `ckan datastore set-permissions` prints the SQL; PostgreSQL's superuser
# runs it in that database (idempotent).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ini=$1 write=$2 read=$3 what=$4
db=${write##*/}
say "Setting the DataStore's permissions on $db ($what: write and read-only roles)"
sql=$(CKAN_DATASTORE_WRITE_URL=$write CKAN_DATASTORE_READ_URL=$read \
      .venv/bin/ckan -c "$ini" datastore set-permissions 2>/dev/null | grep -v '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] ' || true)
[ -n "$sql" ] || die "ckan datastore set-permissions printed nothing (is the datastore plugin enabled in $ini?)"
PGOPTIONS="-c client_min_messages=warning" PSQL_DB=$db psql_admin <<<"$sql" >/dev/null
