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
# each background job in a process group of its own, so that stopping it
# reaches its children too (RQ's scheduler, gunicorn's workers)
set -m
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT
say "Serving the portal on http://127.0.0.1:$PORT with gunicorn (Ctrl-C stops it)"
.venv/bin/gunicorn -c config/gunicorn.conf.py ckanext.satudata.web.wsgi:application &
pids+=($!)
# the worker after the portal answers: xloader's jobs download the files from it
for _ in $(seq 60); do
  .venv/bin/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/api/3/action/status_show', timeout=2)" \
    2>/dev/null && break
  sleep 0.5
done
say "Starting CKAN's background worker (ckan jobs worker: mail, DataStore loads)"
.venv/bin/ckan -c "$CKAN_INI" jobs worker > >(sed -u 's/^/[worker] /') 2>&1 &
pids+=($!)
status=0
wait -n "${pids[@]}" || status=$?
say "A process of the portal stopped (exit $status): stopping the others"
exit "$status"
