#!/usr/bin/env bash
# Make PostgreSQL's server programs (initdb, pg_ctl) available for the tests, from Debian's
# packages when they are missing. Nothing is started here: the test suite creates a private
# cluster in a temporary directory, on 127.0.0.1 and a free port, and removes it at the end.
set -euo pipefail
found() {
    command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
if found; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; install Debian's postgresql package (needs root and apt)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# the tests make their own cluster: Debian's default one would only hold port 5432
mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/veille.conf
apt-get update -qq
# the server package only: no cluster is created or started (we make our own)
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
found
