/**
 * The content build step: every content file must pass its schema. Exits non-zero naming each
 * file and field that does not, so a broken guide never reaches a kiosk.
 */
import { formatProblems, loadGuides } from '../main/content/load.ts';
import { contentDir } from '../main/paths.ts';

const result = loadGuides(contentDir());
if (!result.bundle) {
  process.stderr.write(`Content check failed:\n${formatProblems(result.problems).map((l) => `  ${l}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `content ok: ${result.bundle.guides.length} guides in ${result.bundle.categories.length} categories (version ${result.bundle.version})\n`,
);
