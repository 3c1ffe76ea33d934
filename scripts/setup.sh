#!/usr/bin/env bash
# Installs what the test suite and the native backends need on a fresh machine, reusing whatever is
# already there: Debian packages (Prometheus, Chromium), Jaeger v2 builds (cached), npm packages.
#
#   bash scripts/setup.sh               install and build what is missing
#   bash scripts/setup.sh --check-dirs  only create the cache layout and check that it is writable:
#                                       no packages, no builds (CI runs it on an empty cache)
#
# Environment:
#   ORDERTRACKER_CACHE            cache folder (default ~/.cache/ordertracker)
#   ORDERTRACKER_JAEGER_SOURCES   folder with Jaeger source archives (default ../shared/jaeger,
#                                 relative to the repository root); optional
#
# Jaeger builds, newest first (tests/backends/backends.ts reads the same layout):
#   $ORDERTRACKER_CACHE/jaeger/<name>/jaeger     the binary
#   $ORDERTRACKER_CACHE/jaeger/<name>/build-id   what it was built from; a different id rebuilds
#   main     upstream main, from jaeger-main-<date>-<commit>-src.tar.gz   (only when the sources
#   v2.20.0  Jaeger v2.20.0, from jaeger-v2.20.0-src.tar.gz                 folder holds them)
#   v2.12.0  Go module github.com/jaegertracing/jaeger@v1.75.0 (always)
#   v1.75.0  Jaeger v1's all-in-one from the same module (always): the last v1 line, which many
#            installations still run; it takes flags, not a configuration file
# Builds happen in $ORDERTRACKER_CACHE/jaeger/.build-* folders, removed afterwards. Go fills its own
# caches (GOMODCACHE, GOCACHE) on the first build: 10 to 30 minutes per version when they are cold.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=install
case "${1:-}" in
  '') ;;
  --check-dirs) MODE=check-dirs ;;
  *) echo "usage: $0 [--check-dirs]" >&2; exit 2 ;;
esac

CACHE="${ORDERTRACKER_CACHE:-$HOME/.cache/ordertracker}"
JAEGER_CACHE="$CACHE/jaeger"
JAEGER_SOURCES="${ORDERTRACKER_JAEGER_SOURCES:-../shared/jaeger}"

# Jaeger v2.12.0 from the Go module proxy: Jaeger tags its v2 releases with v1 module versions on the
# same commit, so module v1.75.0 is Jaeger v2.12.0 (the approved module version; do not move it).
# It serves the /api/traces search, and /api/v3/traces with snake_case parameters only
# (query.service_name, query.start_time_min, …); its /api/v3 search ignores query.attributes.
JAEGER_MODULE="github.com/jaegertracing/jaeger"
JAEGER_MODULE_VERSION="v1.75.0"
# v2.12.0 carries one fix Jaeger made later: its in-memory store read the search tag error=true as
# "not an error" (errAttribute.Bool() on a string value) because the HTTP API passes tags as
# strings. Order Tracker searches failed requests with that tag, as the Jaeger UI does.
# v2.20.0 and main (2026-08-20) need no patch: their internal/storage/v2/memory/tenant.go reads the
# tag through errorQueryValue(), which parses a string value with strconv.ParseBool, so "true"
# finds spans with status ERROR there as it is.
JAEGER_MODULE_BUILD_ID="$JAEGER_MODULE@$JAEGER_MODULE_VERSION+memory-error-tag"
# The v1 all-in-one of the same module: its own (v1) in-memory store reads error=true right as is.
JAEGER_V1_BUILD_ID="$JAEGER_MODULE@$JAEGER_MODULE_VERSION cmd/all-in-one"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] %s\n' "$*" >&2; exit 1; }

# Temporary build folders, removed however the script ends.
TEMP_DIRS=()
cleanup() {
  local dir
  for dir in "${TEMP_DIRS[@]+"${TEMP_DIRS[@]}"}"; do
    # Go module files are read-only; make them removable first.
    [ -e "$dir" ] && chmod -R u+w "$dir" 2>/dev/null
    rm -rf "$dir"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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

# The Jaeger versions this machine can build, newest first, one "name|kind|source|build-id" a line:
# kind "archive" (source: the archive file), "module" (source: module@version, Jaeger v2) or
# "module-v1" (the same module's Jaeger v1 all-in-one).
jaeger_versions() {
  local main_archive='' v220_archive=''
  if [ -d "$JAEGER_SOURCES" ]; then
    # The newest main archive by name (its name carries the date).
    main_archive=$(find "$JAEGER_SOURCES" -maxdepth 1 -name 'jaeger-main-*-src.tar.gz' | LC_ALL=C sort | tail -n 1)
    [ -f "$JAEGER_SOURCES/jaeger-v2.20.0-src.tar.gz" ] && v220_archive="$JAEGER_SOURCES/jaeger-v2.20.0-src.tar.gz"
  fi
  [ -n "$main_archive" ] && echo "main|archive|$main_archive|$(archive_build_id "$main_archive")"
  [ -n "$v220_archive" ] && echo "v2.20.0|archive|$v220_archive|$(archive_build_id "$v220_archive")"
  echo "v2.12.0|module|$JAEGER_MODULE@$JAEGER_MODULE_VERSION|$JAEGER_MODULE_BUILD_ID"
  echo "v1.75.0|module-v1|$JAEGER_MODULE@$JAEGER_MODULE_VERSION|$JAEGER_V1_BUILD_ID"
}

archive_build_id() {
  echo "$(basename "$1") sha256:$(sha256sum "$1" | cut -d ' ' -f 1)"
}

# Says which versions are left out because their sources are not here.
report_skipped_jaegers() {
  local versions=$1
  if [ ! -d "$JAEGER_SOURCES" ]; then
    say "no Jaeger sources folder at $JAEGER_SOURCES (ORDERTRACKER_JAEGER_SOURCES): skipping Jaeger main and v2.20.0; the tests run against v2.12.0 and v1.75.0 only"
    return
  fi
  grep -q '^main|' <<<"$versions" || say "no jaeger-main-*-src.tar.gz in $JAEGER_SOURCES: skipping Jaeger main"
  grep -q '^v2.20.0|' <<<"$versions" || say "no jaeger-v2.20.0-src.tar.gz in $JAEGER_SOURCES: skipping Jaeger v2.20.0"
}

is_cached() {
  local dir=$1 build_id=$2
  [ -x "$dir/jaeger" ] && [ "$(cat "$dir/build-id" 2>/dev/null)" = "$build_id" ]
}

new_build_dir() {
  local name=$1 dir
  mkdir -p "$JAEGER_CACHE"
  dir=$(mktemp -d "$JAEGER_CACHE/.build-$name.XXXXXX")
  TEMP_DIRS+=("$dir")
  echo "$dir"
}

build_jaeger() {
  local name=$1 kind=$2 source=$3 build_id=$4
  local dir="$JAEGER_CACHE/$name"
  mkdir -p "$dir"
  if is_cached "$dir" "$build_id"; then
    say "Jaeger $name present (cached: $build_id)"
    return
  fi
  command -v go >/dev/null 2>&1 || die "Go is needed to build Jaeger (https://go.dev/dl/)"
  say "building Jaeger $name from $source (first time only: about 2 minutes with warm Go caches, up to 30 cold)"
  local started=$SECONDS build source_dir package=./cmd/jaeger
  build=$(new_build_dir "$name")
  source_dir="$build/src"
  mkdir -p "$source_dir"
  case "$kind" in
    archive)
      # git archives of the upstream repository: the tree at the top level.
      tar xzf "$source" -C "$source_dir"
      ;;
    module | module-v1)
      local module_dir
      module_dir=$(go mod download -json "$source" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
      [ -d "$module_dir" ] || die "could not download $source"
      # Built as the main module so its own replace directives apply (go install refuses them).
      cp -r "$module_dir/." "$source_dir"
      chmod -R u+w "$source_dir"
      if [ "$kind" = module-v1 ]; then
        package=./cmd/all-in-one
      else
        local tenant="$source_dir/internal/storage/v2/memory/tenant.go"
        grep -q 'errAttribute.Bool()' "$tenant" || die "Jaeger's memory store changed: the error-tag fix no longer applies"
        sed -i 's/errAttribute\.Bool()/(errAttribute.Bool() || errAttribute.Str() == "true")/g' "$tenant"
      fi
      ;;
  esac
  (cd "$source_dir" && go build -o "$build/jaeger" "$package")
  rm -f "$dir/build-id"
  mv "$build/jaeger" "$dir/jaeger"
  echo "$build_id" >"$dir/build-id"
  rm -rf "$build"
  say "built Jaeger $name in $((SECONDS - started)) s"
}

build_jaegers() {
  local versions name kind source build_id
  versions=$(jaeger_versions)
  report_skipped_jaegers "$versions"
  mkdir -p "$JAEGER_CACHE"
  # The layout before the per-version folders.
  rm -rf "$CACHE/jaeger-bin" "$CACHE"/jaeger-src-*
  while IFS='|' read -r name kind source build_id; do
    build_jaeger "$name" "$kind" "$source" "$build_id"
  done <<<"$versions"
}

# --check-dirs: creates every folder the install writes to, checks each is a writable folder and
# that a build folder can be made and removed; says per version whether it is cached or would be
# built. Needs no Go, apt or npm.
check_dirs() {
  local versions name kind source build_id dirs=("$CACHE" "$JAEGER_CACHE") dir state
  versions=$(jaeger_versions)
  report_skipped_jaegers "$versions"
  while IFS='|' read -r name kind source build_id; do
    dirs+=("$JAEGER_CACHE/$name")
  done <<<"$versions"
  for dir in "${dirs[@]}"; do
    mkdir -p "$dir"
    [ -d "$dir" ] && [ -w "$dir" ] || die "cache folder $dir is not a writable folder"
  done
  dir=$(new_build_dir check)
  touch "$dir/probe"
  rm -rf "$dir"
  [ ! -e "$dir" ] || die "could not remove the build folder $dir"
  while IFS='|' read -r name kind source build_id; do
    if is_cached "$JAEGER_CACHE/$name" "$build_id"; then state=cached; else state="would build from $source"; fi
    say "Jaeger $name: $JAEGER_CACHE/$name ($state)"
  done <<<"$versions"
  say "cache layout under $CACHE is in place and writable"
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

if [ "$MODE" = check-dirs ]; then
  check_dirs
  exit 0
fi
mkdir -p "$CACHE"
install_debian_packages
build_jaegers
npm_install .
npm_install simulator
say "ready"
