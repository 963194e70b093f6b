#!/usr/bin/env bash
# Serve the portal the way production does: gunicorn (config/gunicorn.conf.py)
# runs the web application, CKAN's background worker (`ckan jobs worker`,
# Redis/RQ) runs beside it for mail and long work. Ctrl-C stops both; if one
# of them dies the other is stopped too.
#   scripts/serve.sh [INI]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
export CKAN_INI=${1:-config/ckan.ini}
PORT=${PORT:-5000}
pids=()
stop() { trap - INT TERM EXIT; kill -TERM "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop INT TERM EXIT
say "Starting CKAN's background worker (ckan jobs worker)"
.venv/bin/ckan -c "$CKAN_INI" jobs worker 2>&1 | sed -u 's/^/[worker] /' &
pids+=($!)
say "Serving the portal on http://127.0.0.1:$PORT with gunicorn (Ctrl-C stops it)"
.venv/bin/gunicorn -c config/gunicorn.conf.py ckanext.satudata.web.wsgi:application &
pids+=($!)
wait -n "${pids[@]}"
