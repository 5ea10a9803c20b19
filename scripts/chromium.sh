#!/usr/bin/env bash
# Make Debian's chromium available for the browser tests (tests/test_web_browser.py), from
# Debian's packages when it is missing. Playwright drives this executable; it never downloads a
# browser of its own.
set -euo pipefail
found() {
    command -v chromium >/dev/null 2>&1
}
if found; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium is not installed; install Debian's chromium package (needs root and apt)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
found
