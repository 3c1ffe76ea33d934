#!/usr/bin/env bash
# The demo: builds the plugin into dist/ and starts Grafana (with the plugin and provisioning),
# Jaeger, Prometheus and the order-flow simulator with docker compose.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
exec docker compose up --build "$@"
