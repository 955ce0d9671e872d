#!/usr/bin/env bash
# What the dashboards and their browser checks need, installed if absent: Node.js + npm and Chromium
# from Debian's packages, then the locked npm packages of the Evidence project (bi/evidence) and of
# the page checker (tests/bi/page_check). `make test` calls this; nothing is downloaded except from
# the Debian and npm registries (Chromium comes from Debian, never from Playwright's download).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing ${missing[*]} and this is not root: install those Debian packages, then run make test again." >&2
        exit 1
    fi
    echo "Installing ${missing[*]} from Debian packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The locked npm packages, installed when node_modules is missing or older than the lock file (the
# rule `continuum run` applies before building the dashboards: bi/dashboards.py).
.venv/bin/python -m bi.dashboards bi/evidence tests/bi/page_check
