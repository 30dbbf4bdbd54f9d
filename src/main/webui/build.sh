#!/usr/bin/env bash
# Builds the console with the machine's Node.js and npm (run by Maven in generate-resources; see
# docs/architecture.md). Installs exactly the lockfile's packages when node_modules is missing or older than it.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
    echo "The console is built with Node.js 20 and npm: install them (Debian: apt-get install nodejs npm)," >&2
    echo "or build without it: mvn ... -Dwebui.skip (the service then answers 404 at /console/)." >&2
    exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
