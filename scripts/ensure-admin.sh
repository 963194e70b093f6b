#!/usr/bin/env bash
# Create the sysadmin "admin" once, with a generated password kept in
# .local/admin-password (git-ignored) and printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
CKAN=".venv/bin/ckan -c config/ckan.ini"
if $CKAN user show admin 2>/dev/null | grep -q "name=admin"; then
  say "Sysadmin admin exists (password in .local/admin-password)"
  exit 0
fi
mkdir -p .local
[ -s .local/admin-password ] || { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16 > .local/admin-password; }
say "Creating sysadmin admin"
$CKAN user add admin email=admin@satudata.serangkab.go.id password="$(cat .local/admin-password)" fullname="Administrator Portal" >/dev/null
$CKAN sysadmin add admin >/dev/null
say "Sysadmin: admin / $(cat .local/admin-password)   (kept in .local/admin-password)"
