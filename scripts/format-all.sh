#!/usr/bin/env bash
# Reformats the whole tree once: prettier --write on every TypeScript/JavaScript file, then
# eslint --fix for what eslint can repair itself. Meant for the lead engineer, run once on main
# when no other branch is in flight (a reformat conflicts with every open change), and committed
# alone so reviews never mix reformatting with behaviour. Prints how many files changed.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp)
git diff --name-only > "$before"
npx prettier --write --log-level warn '**/*.{ts,js}'
npx eslint --fix . || echo "format-all: eslint still reports problems it cannot fix (npm run lint lists them)"
changed=$(git diff --name-only | grep -vxF -f "$before" | wc -l || true)
rm -f "$before"
echo "format-all: ${changed} files changed (git diff --stat shows them)"
