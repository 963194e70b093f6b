#!/usr/bin/env bash
# Create the secrets docker/compose.yaml mounts under /run/secrets, each once
# (an existing one is kept): docker/secrets/ (git-ignored), random and
# alphanumeric, so they are safe inside a database URL.
#   postgres_password  PostgreSQL's superuser (the db service only)
#   db_password        the portal's database role (ckan_satudata)
#   db_ro_password     the DataStore's read-only role (ckan_satudata_ro)
#   ckan_secret_key    CKAN's SECRET_KEY: sessions, CSRF and API tokens of
#                      every CKAN container (changing it logs everyone out
#                      and invalidates the API tokens)
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets
chmod 700 secrets
for name in postgres_password db_password db_ro_password ckan_secret_key; do
  if [ -s "secrets/$name" ]; then
    echo "==> docker/secrets/$name exists (kept)"
    continue
  fi
  # readable inside the containers (uid 900, 999); the directory keeps
  # other users of this machine out
  head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "secrets/$name"
  chmod 644 "secrets/$name"
  echo "==> Wrote docker/secrets/$name"
done
