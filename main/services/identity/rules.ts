import { createHash } from 'node:crypto';
import { readContentFile, type ContentProblem } from '../../content/load.ts';
import { identityRulesSchema, type IdentityRules } from '../../content/schema.ts';

export const IDENTITY_RULES_FILE = 'identity.yaml';

export interface IdentityRulesLoad {
  /** Absent when the file is missing or fails its schema: residents are then greeted plainly. */
  rules?: IdentityRules;
  problems: ContentProblem[];
}

/**
 * Reads content/identity.yaml. `guideIds`, when given, are the guides that exist: an eligibility
 * entry naming another is a problem, since the resident would be offered nothing behind it.
 */
export function loadIdentityRules(contentDir: string, guideIds?: ReadonlySet<string>): IdentityRulesLoad {
  const problems: ContentProblem[] = [];
  const rules = readContentFile(contentDir, IDENTITY_RULES_FILE, identityRulesSchema, problems, createHash('sha256'));
  if (!rules) return { problems };
  const unknown = guideIds ? rules.eligibility.map((e, i) => [e.guide, i] as const).filter(([id]) => !guideIds.has(id)) : [];
  if (unknown.length > 0) {
    problems.push({
      file: IDENTITY_RULES_FILE,
      problems: unknown.map(([id, i]) => `eligibility[${i}].guide: "${id}" is not a guide in guides/`),
    });
    return { problems };
  }
  return { rules, problems };
}
