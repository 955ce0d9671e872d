#!/usr/bin/env bash
# Install PostgreSQL (server binaries) from Debian's packages if it is absent. `make test` calls this;
# the tests start their own throwaway server on a loopback port and stop it afterwards.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed and this is not root: install the 'postgresql' package, then run make test again." >&2
    exit 1
fi
echo "Installing PostgreSQL from Debian packages..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# Debian's package starts a cluster on 5432; the tests do not use it.
if command -v pg_ctlcluster >/dev/null 2>&1; then
    for cluster in /etc/postgresql/*/main; do
        [ -d "$cluster" ] && pg_ctlcluster "$(basename "$(dirname "$cluster")")" main stop 2>/dev/null || true
    done
fi
