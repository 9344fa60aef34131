#!/usr/bin/env bash
# Installs what the project needs on a machine that has only Node 20+ and npm:
# the workspace's packages (through pnpm, fetched by npx) and, for the browser
# tests, Debian's Chromium. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm() { npx -y pnpm@10 "$@"; }

if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --reporter=append-only
fi

need_browser="${1:-}"
if [ "$need_browser" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium for the end-to-end tests"
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
