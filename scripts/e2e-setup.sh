#!/usr/bin/env bash
# What the end-to-end test (test/e2e, `npm run test:e2e`) needs besides the project's own
# dependencies: Debian's chromium and ripgrep, the headers code-server's native modules build
# against, and code-server itself, installed once into a cache folder kept between runs.
# Idempotent: each step is skipped when its result is already there.
#
#   FUTEXLAB_E2E_CACHE  the cache folder (default ~/.cache/futexlab-e2e); code-server goes to
#                       $FUTEXLAB_E2E_CACHE/code-server-$CODE_SERVER_VERSION
#
# code-server 4.100.3 is the last line that runs on Node 20 (later ones need Node 22 or 24).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${FUTEXLAB_E2E_CACHE:-$HOME/.cache/futexlab-e2e}"
PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

log() { printf 'e2e-setup: %s\n' "$*"; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else log "not root and no sudo: apt installs may fail"; fi
fi

# 1. Debian packages.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "Debian packages present"
fi

# code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server whenever it
# runs, even for --version: keep them in the cache folder.
code_server() {
  XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" "$PREFIX/node_modules/.bin/code-server" "$@"
}

installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}

# 2. code-server, unless the cache already holds this version and it starts.
if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && code_server --version >/dev/null 2>&1; then
  log "code-server $CODE_SERVER_VERSION cached in $PREFIX"
else
  # @vscode/ripgrep's postinstall downloads a ripgrep build, which cannot be fetched here; it
  # takes an archive from its cache folder instead: give it Debian's rg.
  RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  RG_ARCHIVE="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_ARCHIVE" ]; then
    log "caching Debian's rg as $RG_ARCHIVE"
    mkdir -p "$RG_CACHE"
    tmp="$(mktemp -d)"
    cp "$(command -v rg)" "$tmp/rg"
    tar -C "$tmp" -czf "$RG_ARCHIVE" rg
    rm -rf "$tmp"
  fi
  log "installing code-server $CODE_SERVER_VERSION into $PREFIX (a few minutes)"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  printf '{ "name": "futexlab-e2e-tools", "private": true }\n' >"$PREFIX/package.json"
  (
    cd "$PREFIX"
    npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" >"$PREFIX/install.log" 2>&1
  ) || { tail -n 60 "$PREFIX/install.log"; log "code-server install failed (log: $PREFIX/install.log)"; exit 1; }
  if [ "$(installed_version)" != "$CODE_SERVER_VERSION" ] || ! code_server --version >/dev/null 2>&1; then
    tail -n 60 "$PREFIX/install.log"
    log "code-server does not start after install (log: $PREFIX/install.log)"
    exit 1
  fi
  log "code-server $(code_server --version | head -n 1) installed"
fi
