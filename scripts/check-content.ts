/**
 * The content build step: every content file must pass its schema. Exits non-zero naming each
 * file and field that does not, so a broken guide, notice or hotline never reaches a kiosk.
 */
import { loadBoard } from '../main/content/load-board.ts';
import { formatProblems, loadGuides } from '../main/content/load.ts';
import { contentDir } from '../main/paths.ts';
import { loadIdentityRules } from '../main/services/identity/rules.ts';

const guides = loadGuides(contentDir());
const board = loadBoard(contentDir());
const identity = loadIdentityRules(contentDir(), new Set(guides.partial.guides.map((g) => g.id)));
const problems = [...guides.problems, ...board.problems, ...identity.problems];
if (!guides.bundle || !board.bundle || !identity.rules) {
  process.stderr.write(`Content check failed:\n${formatProblems(problems).map((l) => `  ${l}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `content ok: ${guides.bundle.guides.length} guides in ${guides.bundle.categories.length} categories, ` +
    `${board.bundle.notices.length} notices, ${board.bundle.hotlines.length} hotline groups, ` +
    `${identity.rules.eligibility.length} age-based offers\n`,
);
