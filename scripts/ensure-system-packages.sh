#!/bin/sh
# Make sure the tests' system tools exist: Debian's chromium (browser tests through Playwright)
# and GNU gettext (the translation check). Installs them as root on Debian; elsewhere it stops
# with an instruction, because browser tests are never silently skipped.
set -e
missing=""
[ -x "${MINSHENG_CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing from Debian:$missing"
    # Another install may hold the package lock for a while: wait for it rather than fail.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing >/dev/null
  else
    echo "The tests need these system packages:$missing"
    echo "On Debian or Ubuntu: sudo apt-get install$missing"
    echo "Elsewhere: install Chromium at /usr/bin/chromium (or set MINSHENG_CHROMIUM) and GNU gettext."
    exit 1
  fi
fi
touch "$(dirname "$0")/.system-packages"
