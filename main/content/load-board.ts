import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readContentFile, type ContentProblem } from './load.ts';
import { z } from 'zod';
import { hotlineGroupSchema, hotlinesFileSchema, noticeSchema, type HotlineGroup, type Notice } from './schema.ts';

/** The notice board: 通知公告 (one file each under notices/) and 便民电话 (hotlines.yaml). */
export const boardBundleSchema = z.object({ version: z.string(), notices: z.array(noticeSchema), hotlines: z.array(hotlineGroupSchema) });
export type BoardBundle = z.infer<typeof boardBundleSchema>;

export interface BoardLoadResult {
  /** Present only when every file passed, as with guides. */
  bundle?: BoardBundle;
  partial: BoardBundle;
  problems: ContentProblem[];
}

export const NOTICES_DIR = 'notices';
export const HOTLINES_FILE = 'hotlines.yaml';

export function loadBoard(contentDir: string): BoardLoadResult {
  const problems: ContentProblem[] = [];
  const hash = createHash('sha256');

  const hotlines = readContentFile(contentDir, HOTLINES_FILE, hotlinesFileSchema, problems, hash)?.groups ?? [];
  const groupIds = hotlines.map((g) => g.id);
  const repeated = groupIds.find((id, i) => groupIds.indexOf(id) !== i);
  if (repeated) problems.push({ file: HOTLINES_FILE, problems: [`groups: id "${repeated}" appears twice`] });

  let files: string[] = [];
  try {
    files = readdirSync(join(contentDir, NOTICES_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    problems.push({ file: `${NOTICES_DIR}/`, problems: ['(folder): missing or unreadable'] });
  }
  const notices: Notice[] = [];
  for (const file of files) {
    const rel = `${NOTICES_DIR}/${file}`;
    const notice = readContentFile(contentDir, rel, noticeSchema, problems, hash);
    if (!notice) continue;
    if (`${notice.id}.yaml` !== basename(file)) {
      problems.push({ file: rel, problems: [`id: "${notice.id}" must match the file name`] });
      continue;
    }
    notices.push(notice);
  }
  // Newest first: the board is read from the top, and the top should be what is new.
  notices.sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));

  const partial: BoardBundle = { version: hash.digest('hex').slice(0, 12), notices, hotlines };
  return problems.length === 0 ? { bundle: partial, partial, problems } : { partial, problems };
}

/** Notices still current on `today` (YYYY-MM-DD, the kiosk's local date). */
export function currentNotices(notices: readonly Notice[], today: string): Notice[] {
  return notices.filter((n) => n.published <= today && (n.expires === undefined || n.expires >= today));
}
