#!/usr/bin/env bash
# Create .venv with a Python CKAN 2.12 supports (3.10-3.12) and install the
# pinned packages and this extension. Skips the install when nothing changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

find_python() {
  for p in python3.11 python3.12 python3.10 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import sys; sys.exit(not (3,10) <= sys.version_info[:2] <= (3,12))'; then
      echo "$p"; return 0; fi
  done
  return 1
}

stamp=.venv/.installed
inputs="requirements.txt dev-requirements.txt setup.py"
if [ -f "$stamp" ] && [ -z "$(find $inputs -newer "$stamp")" ]; then
  say "Python environment .venv is up to date"; exit 0
fi
if [ ! -x .venv/bin/python ]; then
  PY=$(find_python) || { apt_install python3 python3-venv python3-dev && PY=$(find_python); } ||
    die "No Python 3.10-3.12 found. Install one (apt-get install python3 python3-venv) and run this again."
  say "Creating .venv with $($PY --version)"
  "$PY" -m venv .venv 2>/dev/null || { apt_install python3-venv && "$PY" -m venv .venv; } ||
    die "Could not create a virtual environment (install python3-venv)."
fi
if ! command -v pg_config >/dev/null && ! .venv/bin/python -c 'import psycopg2' 2>/dev/null; then
  apt_install libpq-dev build-essential || true
fi
say "Installing CKAN 2.12, ckanext-scheming, ckanext-dcat, test tools and ckanext-satudata into .venv"
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt -r dev-requirements.txt 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/pip install -q --disable-pip-version-check -e . 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c 'import ckan, ckanext.scheming, ckanext.dcat, ckanext.satudata' || die "The install did not complete; see pip's output above."
touch "$stamp"
