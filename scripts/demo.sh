#!/usr/bin/env bash
# The demo: builds the plugin into dist/ and starts Grafana (with the plugin and provisioning),
# Jaeger, Prometheus and the order-flow simulator with docker compose.
# Without a Docker engine there is no Grafana to run; `npm run backends` starts the newest Jaeger
# build of scripts/setup.sh (or `--jaeger <name>`) and Prometheus natively on 127.0.0.1 instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! docker info >/dev/null 2>&1; then
  echo "[demo] no Docker engine answers: the demo needs one (Grafana runs in a container)." >&2
  echo "[demo] Without Docker: bash scripts/setup.sh, then npm run backends (Jaeger and Prometheus on 127.0.0.1)." >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
exec docker compose up --build "$@"
