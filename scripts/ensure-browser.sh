#!/usr/bin/env bash
# The browser tests (tests/browser/) drive Debian's Chromium headless through
# its chromedriver. Install both with apt-get when /usr/bin/chromium or
# /usr/bin/chromedriver is missing (as root or with passwordless sudo);
# do nothing when both are there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "Chromium and chromedriver are installed (for the browser tests)"
  exit 0
fi
apt_install chromium chromium-driver ||
  die "Chromium is not installed and cannot be installed here. Install it (apt-get install chromium chromium-driver) and run this again."
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ||
  die "apt-get ran but /usr/bin/chromium or /usr/bin/chromedriver is still missing."
say "Installed Chromium and chromedriver for the browser tests"
