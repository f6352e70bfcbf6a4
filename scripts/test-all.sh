#!/usr/bin/env bash
# The whole suite: type-check, unit + integration (Vitest), browser end-to-end (Playwright in
# Debian's Chromium). Ends with one line "N passed, N failed, N skipped" over all of it.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.test-results
rm -rf "$out" && mkdir -p "$out"

echo "== type-check"
if npx --no-install tsc -p tsconfig.json --noEmit; then echo pass > "$out/typecheck"; else echo fail > "$out/typecheck"; fi

echo "== unit and integration tests"
npx --no-install vitest run --config test/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$out/vitest.json"

echo "== browser end-to-end tests"
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/playwright.json" npx --no-install playwright test --config test/e2e/playwright.config.ts --reporter=list,json

node scripts/summarize-tests.mjs "$out"
