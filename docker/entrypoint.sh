#!/usr/bin/env bash
# Entry point of the portal's image (docker/Dockerfile). On every start it
# writes this container's own $CKAN_INI (never baked into the image) and then
# runs one role:
#   web       gunicorn, config/gunicorn.conf.py (the image's default)
#   worker    CKAN's background worker: ckan jobs worker
#   migrate   ckan db upgrade (CKAN's and every plugin's migrations), ckan
#             satudata vocab load and, with the Solr backend, the indexing of
#             datasets Solr does not hold yet; then it exits
#   other     run as given, e.g. `ckan sysadmin add admin`
# Configuration comes from the environment (docker/.env.example):
#   - CKAN's own variables (CKAN_SITE_URL, CKAN_REDIS_URL, CKAN_SOLR_URL,
#     CKAN_SMTP_*, CKAN_SQLALCHEMY_URL …), read by CKAN itself;
#   - CKAN__X__Y=v sets ckan.x.y, CKANEXT__X__Y=v ckanext.x.y and
#     CKAN___X__Y=v x.y (the convention of ckanext-envvars);
#   - NAME_FILE=/run/secrets/… sets NAME from that file (compose secrets);
#     CKAN_SECRET_KEY becomes SECRET_KEY, shared by every CKAN container;
#   - without CKAN_SQLALCHEMY_URL, the URL is made of SATUDATA_DB_HOST,
#     SATUDATA_DB_NAME, SATUDATA_DB_USER and SATUDATA_DB_PASSWORD.
# The file (mode 600, inside the container only) holds SECRET_KEY and the
# database URL, so `docker compose exec ckan ckan …` works as it is.
set -euo pipefail
say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

APP_DIR=${APP_DIR:-/srv/app}
ini=${CKAN_INI:?CKAN_INI names the config file to write}

# NAME_FILE -> NAME, unless NAME is set
for name in $(compgen -e); do
  case $name in
    *_FILE)
      target=${name%_FILE}
      if [ -z "${!target:-}" ] && [ -f "${!name}" ]; then
        export "$target=$(cat "${!name}")"
      fi ;;
  esac
done

if [ -z "${CKAN_SQLALCHEMY_URL:-}" ] && [ -n "${SATUDATA_DB_PASSWORD:-}" ]; then
  export CKAN_SQLALCHEMY_URL="postgresql://${SATUDATA_DB_USER:-ckan_satudata}:${SATUDATA_DB_PASSWORD}@${SATUDATA_DB_HOST:-db}:${SATUDATA_DB_PORT:-5432}/${SATUDATA_DB_NAME:-satudata}"
fi

# the DataStore: the portal's role writes, the read-only role reads
ds_host=${SATUDATA_DB_HOST:-db}:${SATUDATA_DB_PORT:-5432}/${SATUDATA_DB_NAME:-satudata}_datastore
if [ -z "${CKAN_DATASTORE_WRITE_URL:-}" ] && [ -n "${SATUDATA_DB_PASSWORD:-}" ]; then
  export CKAN_DATASTORE_WRITE_URL="postgresql://${SATUDATA_DB_USER:-ckan_satudata}:${SATUDATA_DB_PASSWORD}@${ds_host}"
fi
if [ -z "${CKAN_DATASTORE_READ_URL:-}" ] && [ -n "${SATUDATA_DB_RO_PASSWORD:-}" ]; then
  export CKAN_DATASTORE_READ_URL="postgresql://${SATUDATA_DB_USER:-ckan_satudata}_ro:${SATUDATA_DB_RO_PASSWORD}@${ds_host}"
fi

# `ckan datastore set-permissions` prints the SQL; PostgreSQL's superuser
# runs it in the DataStore's database (the migrate service only)
datastore_permissions() {
  [ -n "${POSTGRES_PASSWORD:-}" ] || { say "No POSTGRES_PASSWORD: the DataStore's permissions are left as they are"; return 0; }
  say "Setting the DataStore's permissions (write and read-only roles)"
  ckan -c "$ini" datastore set-permissions 2>/dev/null | grep -v '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] ' |
    SUPER_URL="postgresql://postgres:${POSTGRES_PASSWORD}@${ds_host}" python -c '
import os, sys, sqlalchemy as sa
with sa.create_engine(os.environ["SUPER_URL"]).begin() as conn:
    conn.exec_driver_sql(sys.stdin.read())'
}

write_config() {
  local mask
  mask=$(umask)
  umask 077                                   # the file holds SECRET_KEY
  mkdir -p "$(dirname "$ini")"
  env -u CKAN_INI ckan generate config "$ini" >/dev/null
  local merged
  merged=$(mktemp)
  # the placeholders of make run's config; what differs here comes from the
  # environment (CKAN also reads CKAN_SITE_URL, CKAN_REDIS_URL … itself)
  sed -e "s|@DB_PASSWORD@||" -e "s|@PGHOST@|${SATUDATA_DB_HOST:-db}|" -e "s|@PGPORT@|${SATUDATA_DB_PORT:-5432}|" \
      -e "s|@PORT@|5000|" -e "s|@ROOT@|$APP_DIR|" -e "s|@REDIS_HOST@|redis|" -e "s|@REDIS_PORT@|6379|" \
      "$APP_DIR/config/ckan.ini.template" > "$merged"
  env -u CKAN_INI ckan config-tool "$ini" -f "$merged" >/dev/null
  rm -f "$merged"
  local options=() key
  [ -z "${CKAN_SECRET_KEY:-}" ] || options+=("SECRET_KEY=$CKAN_SECRET_KEY")
  [ -z "${CKAN_SQLALCHEMY_URL:-}" ] || options+=("sqlalchemy.url=$CKAN_SQLALCHEMY_URL")
  [ -z "${CKAN_DATASTORE_WRITE_URL:-}" ] || options+=("ckan.datastore.write_url=$CKAN_DATASTORE_WRITE_URL")
  [ -z "${CKAN_DATASTORE_READ_URL:-}" ] || options+=("ckan.datastore.read_url=$CKAN_DATASTORE_READ_URL")
  for name in $(compgen -e); do
    case $name in
      CKAN___*) key=${name#CKAN___} ;;
      CKAN__*|CKANEXT__*) key=$name ;;
      *) continue ;;
    esac
    key=${key,,}
    options+=("${key//__/.}=${!name}")
  done
  if [ ${#options[@]} -gt 0 ]; then
    env -u CKAN_INI ckan config-tool "$ini" "${options[@]}" >/dev/null
  fi
  umask "$mask"
}

wait_for_database() {
  local i
  for i in $(seq 30); do
    python -c 'import os, sqlalchemy as sa; sa.create_engine(os.environ["CKAN_SQLALCHEMY_URL"]).connect().close()' \
      2>/dev/null && return 0
    [ "$i" = 1 ] && say "Waiting for PostgreSQL"
    sleep 2
  done
  die "PostgreSQL does not answer at the URL in CKAN_SQLALCHEMY_URL"
}

say "Writing $ini from config/ckan.ini.template and the environment"
write_config
unset CKAN_SECRET_KEY SATUDATA_DB_PASSWORD SATUDATA_DB_RO_PASSWORD CKAN_DATASTORE_WRITE_URL CKAN_DATASTORE_READ_URL   # in the file now; not handed to the processes
cd "$APP_DIR"
role=${1:-web}
case $role in
  web)
    say "Serving the portal with gunicorn on ${SATUDATA_BIND:-127.0.0.1:5000}"
    exec gunicorn -c config/gunicorn.conf.py ckanext.satudata.web.wsgi:application ;;
  worker)
    say "Starting CKAN's background worker"
    exec ckan -c "$ini" jobs worker ;;
  migrate)
    wait_for_database
    say "Migrating the database (CKAN and its plugins)"
    ckan -c "$ini" db upgrade
    say "Loading the code lists (unchanged lists are skipped)"
    ckan -c "$ini" satudata vocab load
    datastore_permissions
    if [ "${CKANEXT__SATUDATA__SEARCH__BACKEND:-postgres}" = solr ]; then
      say "Indexing the datasets Solr does not hold yet"
      ckan -c "$ini" search-index rebuild --only-missing --quiet
    fi
    say "Database ready" ;;
  *)
    exec "$@" ;;
esac
