#!/usr/bin/env bash
# The whole test suite: build, type-check, unit tests of every package (the collector's
# on SQLite and on PostgreSQL), then the end-to-end tests in real Chromium. Ends with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --browser
pnpm() { npx -y pnpm@10 "$@"; }

pnpm -r --filter "./packages/**" run build
pnpm -r --filter "./packages/**" run typecheck

results="$(mktemp -d)"
pg_url=""
# The reports' folder and the PostgreSQL cluster go, whatever the outcome.
cleanup() {
  rm -rf "$results"
  if [ -n "$pg_url" ]; then bash scripts/postgres.sh stop "$pg_url"; fi
}
trap cleanup EXIT
status=0
run() { # name, dir, extra vitest args...
  local name="$1" dir="$2"; shift 2
  echo "== $name"
  (cd "$dir" && npx vitest run --reporter=default --reporter=json --outputFile="$results/$name.json" "$@") || status=1
}
run sdk packages/sdk
run collector packages/collector
# The collector's whole suite again, on a throwaway PostgreSQL cluster.
pg_url="$(bash scripts/postgres.sh start)"
FIRSTWIN_TEST_PG="$pg_url" run collector-postgres packages/collector
if [ -f test/vitest.config.ts ]; then run e2e . --config test/vitest.config.ts; fi

node scripts/summarize-tests.mjs "$results"/*.json
exit $status
