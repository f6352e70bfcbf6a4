import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { withHant } from './hant.ts';
import {
  categoriesFileSchema,
  describeIssues,
  guideCategorySchema,
  guideSchema,
  type Guide,
  type GuideCategory,
} from './schema.ts';

export const guideBundleSchema = z.object({
  /** Short hash of every file's bytes: changes whenever the content does. */
  version: z.string(),
  categories: z.array(guideCategorySchema),
  guides: z.array(guideSchema),
});
export type GuideBundle = z.infer<typeof guideBundleSchema>;

export interface ContentProblem {
  /** Path relative to the content folder, e.g. `guides/juzhuzheng.yaml`. */
  file: string;
  /** Each as `field.path: message`. */
  problems: string[];
}

export interface GuideLoadResult {
  /** Present only when every file passed: content is all-or-nothing so a bad edit never half-applies. */
  bundle?: GuideBundle;
  /** The files that did pass, for a kiosk that has never had good content to fall back on. */
  partial: GuideBundle;
  problems: ContentProblem[];
}

const CATEGORIES_FILE = 'categories.yaml';

export function loadGuides(contentDir: string): GuideLoadResult {
  const dir = join(contentDir, 'guides');
  const problems: ContentProblem[] = [];
  const hash = createHash('sha256');

  const read = <S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined =>
    readContentFile(contentDir, `guides/${file}`, schema, problems, hash);

  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    problems.push({ file: 'guides/', problems: ['(folder): missing or unreadable'] });
    files = [];
  }

  const categoriesFile = files.includes(CATEGORIES_FILE) ? read(CATEGORIES_FILE, categoriesFileSchema) : undefined;
  if (!files.includes(CATEGORIES_FILE)) problems.push({ file: `guides/${CATEGORIES_FILE}`, problems: ['(file): missing'] });
  const categories = categoriesFile?.categories ?? [];
  const categoryIds = new Set(categories.map((c) => c.id));
  const duplicateCategory = categories.find((c, i) => categories.findIndex((o) => o.id === c.id) !== i);
  if (duplicateCategory) {
    problems.push({ file: `guides/${CATEGORIES_FILE}`, problems: [`categories: id "${duplicateCategory.id}" appears twice`] });
  }

  const guides: Guide[] = [];
  for (const file of files) {
    if (file === CATEGORIES_FILE) continue;
    const guide = read(file, guideSchema);
    if (!guide) continue;
    const own: string[] = [];
    if (`${guide.id}.yaml` !== basename(file)) own.push(`id: "${guide.id}" must match the file name`);
    if (categoriesFile && !categoryIds.has(guide.category)) own.push(`category: "${guide.category}" is not in ${CATEGORIES_FILE}`);
    if (own.length > 0) {
      problems.push({ file: `guides/${file}`, problems: own });
      continue;
    }
    guides.push(guide);
  }

  const partial: GuideBundle = { version: hash.digest('hex').slice(0, 12), categories, guides };
  return problems.length === 0 ? { bundle: partial, partial, problems } : { partial, problems };
}

/**
 * Reads one YAML file under the content folder and validates it, adding generated Traditional
 * Chinese to every text. A problem is recorded against the file (and undefined returned); the
 * file's bytes go into `hash` either way, so any edit changes the content version.
 */
export function readContentFile<S extends z.ZodType>(
  contentDir: string,
  rel: string,
  schema: S,
  problems: ContentProblem[],
  hash: Hash,
): z.output<S> | undefined {
  let raw: string;
  try {
    raw = readFileSync(join(contentDir, rel), 'utf8');
  } catch (err) {
    problems.push({ file: rel, problems: [`(file): cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`] });
    return undefined;
  }
  hash.update(rel).update('\0').update(raw).update('\0');
  const doc = YAML.parseDocument(raw, { prettyErrors: true });
  if (doc.errors.length > 0) {
    problems.push({
      file: rel,
      problems: doc.errors.map((e) => `(yaml) line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
    });
    return undefined;
  }
  // Some faults (an alias with no anchor, an alias bomb) pass the parser and only throw here.
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    problems.push({ file: rel, problems: [`(yaml): ${(err as Error).message.split('\n')[0]}`] });
    return undefined;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    problems.push({ file: rel, problems: describeIssues(parsed.error) });
    return undefined;
  }
  return withHant(parsed.data);
}

/** One line per problem, naming the file and field: what the build and the log print. */
export function formatProblems(problems: ContentProblem[]): string[] {
  return problems.flatMap((p) => p.problems.map((line) => `content/${p.file}: ${line}`));
}
