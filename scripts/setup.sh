#!/usr/bin/env bash
# Installs what the test suite and the native demo need on a fresh machine, reusing whatever is
# already there: Debian packages (Prometheus, Chromium), a Jaeger v2 build (cached), npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${ORDERTRACKER_CACHE:-$HOME/.cache/ordertracker}"
# Jaeger v2 built from its Go module. v1.76.0 is the module version of the Jaeger v2.13.0 release
# (Jaeger tags v1 and v2 releases on the same commit); it still serves the /api/traces search the
# plugin uses, and its all-in-one includes the spanmetrics connector.
JAEGER_MODULE="github.com/jaegertracing/jaeger"
JAEGER_MODULE_VERSION="v1.76.0"
# The build carries one fix Jaeger made later (merged March 2026, so v2.20.0 has it): its in-memory
# store read the search tag error=true as "not an error" because the HTTP API passes tags as
# strings. Order Tracker searches failed requests with that tag, as the Jaeger UI does.
JAEGER_BUILD_ID="$JAEGER_MODULE_VERSION+memory-error-tag"

say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local missing=()
  command -v prometheus >/dev/null 2>&1 || [ -x /usr/bin/prometheus ] || missing+=(prometheus)
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present"
    return
  fi
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_jaeger() {
  local bin_dir="$CACHE/jaeger-bin"
  if [ -x "$bin_dir/jaeger" ] && [ "$(cat "$bin_dir/VERSION" 2>/dev/null)" = "$JAEGER_BUILD_ID" ]; then
    say "Jaeger $JAEGER_BUILD_ID present (cached)"
    return
  fi
  command -v go >/dev/null 2>&1 || { echo "Go is needed to build Jaeger (https://go.dev/dl/)" >&2; exit 1; }
  say "building Jaeger from $JAEGER_MODULE@$JAEGER_MODULE_VERSION (first time only, a few minutes)"
  local module_dir source_dir
  module_dir=$(go mod download -json "$JAEGER_MODULE@$JAEGER_MODULE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$module_dir" ] || { echo "could not download $JAEGER_MODULE@$JAEGER_MODULE_VERSION" >&2; exit 1; }
  # Built as the main module so its own replace directives apply (go install refuses them).
  source_dir="$CACHE/jaeger-src-$JAEGER_MODULE_VERSION"
  rm -rf "$source_dir"
  cp -r "$module_dir" "$source_dir"
  chmod -R u+w "$source_dir"
  local tenant="$source_dir/internal/storage/v2/memory/tenant.go"
  grep -q 'errAttribute.Bool()' "$tenant" || { echo "Jaeger's memory store changed: the error-tag fix no longer applies" >&2; exit 1; }
  sed -i 's/errAttribute\.Bool()/(errAttribute.Bool() || errAttribute.Str() == "true")/g' "$tenant"
  mkdir -p "$bin_dir"
  (cd "$source_dir" && go build -o "$bin_dir/jaeger.tmp" ./cmd/jaeger)
  mv "$bin_dir/jaeger.tmp" "$bin_dir/jaeger"
  echo "$JAEGER_BUILD_ID" > "$bin_dir/VERSION"
  rm -rf "$source_dir"
}

npm_install() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  # npm writes node_modules/.package-lock.json on every install; if it is newer than the lockfile,
  # the tree matches.
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    say "npm packages in $dir present"
    return
  fi
  say "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

install_debian_packages
build_jaeger
npm_install .
npm_install simulator
say "ready"
