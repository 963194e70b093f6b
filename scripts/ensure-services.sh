#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on loopback: use them where they
# run, start them where installed but stopped, install them with apt where
# absent (as root or with passwordless sudo); otherwise say what to do.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c5 <&3 | grep -q PONG) 2>/dev/null; }

if pg_up; then
  say "PostgreSQL is running on $PGHOST:$PGPORT"
else
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-contrib ||
      die "PostgreSQL is not installed and cannot be installed here. Install PostgreSQL >= 13 (apt-get install postgresql) or set PGHOST/PGPORT to a running server, then run this again."
  fi
  ver=$(ls /etc/postgresql | sort -V | tail -n1)
  say "Starting PostgreSQL $ver (cluster main)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null ||
    as_postgres pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null ||
    die "PostgreSQL $ver is installed but could not be started. Start it (pg_ctlcluster $ver main start) and run this again."
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || die "PostgreSQL did not come up on $PGHOST:$PGPORT."
  say "PostgreSQL is running on $PGHOST:$PGPORT"
fi

if redis_up; then
  say "Redis is running on $REDIS_HOST:$REDIS_PORT"
else
  if ! command -v redis-server >/dev/null; then
    apt_install redis-server ||
      die "Redis is not installed and cannot be installed here. Install it (apt-get install redis-server) or set REDIS_HOST/REDIS_PORT, then run this again."
  fi
  say "Starting Redis on $REDIS_HOST:$REDIS_PORT"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save '' --appendonly no >/dev/null ||
    die "Redis is installed but could not be started."
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || die "Redis did not come up on $REDIS_HOST:$REDIS_PORT."
  say "Redis is running on $REDIS_HOST:$REDIS_PORT"
fi
