#!/usr/bin/env bash
# The whole test suite: build, type-check, unit tests of every package (the collector's
# on SQLite and on PostgreSQL) after the formatter and linter, the end-to-end tests in real Chromium, then the SDK's size budgets. Ends with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --browser
pnpm() { npx -y pnpm@10 "$@"; }

pnpm -r --filter "./packages/**" run build
pnpm -r --filter "./packages/**" run typecheck
# The end-to-end tests too: they import the packages' built types.
npx tsc -p test

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
# One formatter and linter for the whole repository (biome.json); `npm run format` fixes what it can.
echo "== lint"
npx biome check . || status=1
run sdk packages/sdk
run dashboard packages/dashboard
run collector packages/collector
# The collector's whole suite again, on a throwaway PostgreSQL cluster.
pg_url="$(bash scripts/postgres.sh start)"
FIRSTWIN_TEST_PG="$pg_url" run collector-postgres packages/collector
if [ -f test/vitest.config.ts ]; then run e2e . --config test/vitest.config.ts; fi
# The SDK's size budgets (gzip): the script tag at load, the guide code, tracking alone.
echo "== size"
node bench/size.mjs --check || status=1

node scripts/summarize-tests.mjs "$results"/*.json
exit $status
