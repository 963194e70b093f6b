# Shared helpers for the scripts: say what we do, run as root or via sudo.
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}
as_postgres() {
  if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -u postgres "$@"
  else return 1; fi
}
apt_install() {
  command -v apt-get >/dev/null || return 1
  say "Installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
# psql as PostgreSQL's superuser (over TCP as postgres, else as the postgres
# system user) in database $PSQL_DB (default postgres); extra arguments go to psql
psql_admin() {
  if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "${PSQL_DB:-postgres}" -v ON_ERROR_STOP=1 -Atq "$@"
  elif as_postgres psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    as_postgres psql -d "${PSQL_DB:-postgres}" -v ON_ERROR_STOP=1 -Atq "$@"
  else
    die "Cannot reach PostgreSQL as its superuser. Run, as PostgreSQL's superuser, what scripts/ensure-db.sh and scripts/ensure-datastore.sh would (roles, databases, DataStore permissions)."
  fi
}
