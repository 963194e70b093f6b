#!/usr/bin/env bash
# The portal's JavaScript libraries from npm, pinned and checked, into
# ckanext/satudata/assets/vendor/ (committed: the portal serves them itself,
# never from a CDN, and a fresh machine needs no node to run it). Run it to
# upgrade: change the version and integrity below (npm view PKG@VER dist.integrity).
#   scripts/vendor-js.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
vendor=ckanext/satudata/assets/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name version integrity (npm's sha512) files (from the package, to DIR/)
fetch() {
  local name=$1 version=$2 integrity=$3 dir=$4; shift 4
  say "Fetching $name@$version from npm into $vendor/$dir"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  local tarball="$work/${name//\//-}-$version.tgz"
  local got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "integrity of $name@$version is $got, expected $integrity" >&2; exit 1
  fi
  mkdir -p "$vendor/$dir"
  for file in "$@"; do
    tar -xzf "$tarball" -C "$work" "package/$file"
    cp "$work/package/$file" "$vendor/$dir/$(basename "$file")"
  done
}

fetch chart.js 4.5.1 \
  'sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw==' \
  chartjs dist/chart.umd.min.js LICENSE.md
