#!/usr/bin/env bash
# Bring one database to the latest schema and load the code lists into it:
#   scripts/migrate-db.sh INI DATABASE_URL "what it is"
# `ckan db upgrade` runs CKAN's migrations and then those of every enabled
# plugin that has them (activity, satudata; harvest where it is enabled);
# `ckan satudata vocab load` skips lists that are already loaded unchanged.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
ini=$1 url=$2 what=$3
say "Migrating $what (CKAN and its plugins) and loading the code lists"
export CKAN_SQLALCHEMY_URL=$url
# the filters never fail the run: only ckan's own exit status counts (pipefail)
quiet() { { grep -v " INFO \| DEBUG " || true; } | sed "s/^/   $what: /"; }
.venv/bin/ckan -c "$ini" db upgrade 2>&1 | quiet
.venv/bin/ckan -c "$ini" satudata vocab load 2>&1 | quiet
# search documents of Terbatas datasets indexed before their files were withheld
.venv/bin/ckan -c "$ini" satudata access reindex 2>&1 | quiet
