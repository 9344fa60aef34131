#!/usr/bin/env bash
# Installs, builds, and runs the demo (collector on embedded SQLite + the demo CRM app).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx -y pnpm@10 -r --filter "./packages/**" run build
exec node scripts/demo.mjs
