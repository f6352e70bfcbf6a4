// Adds up the type-check, Vitest's and Playwright's JSON reports into the suite's closing line.
// A runner that crashed before writing its report counts as one failure, never as zero tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
let passed = 0;
let failed = 0;
let skipped = 0;

const typecheck = existsSync(join(dir, 'typecheck')) ? readFileSync(join(dir, 'typecheck'), 'utf8').trim() : 'missing';
if (typecheck === 'pass') passed += 1;
else failed += 1;

const read = (file) => {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch {
    console.log(`${file}: no report (the runner did not finish)`);
    failed += 1;
    return undefined;
  }
};

const vitest = read('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A test file that failed to load has no tests in the counts but must still fail the run.
  const brokenFiles = vitest.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  failed += brokenFiles;
}

const playwright = read('playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
  failed += (playwright.errors ?? []).length;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
