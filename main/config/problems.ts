import type { z } from 'zod';

/**
 * Turns schema issues into one line each, `<path in the file>: <what is wrong>`, in words a site
 * technician can act on without knowing zod.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${joinPath(at, key)}: unknown key`);
    }
    return [`${at || '(top level)'}: ${describeIssue(issue)}`];
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return joinPath(text, String(segment));
  }, '');
}

function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const hasInput = 'input' in issue && issue.input !== undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (!hasInput) return 'required';
      // A schema's own message explains better than the generic one, which zod starts this way.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_union':
      if ('options' in issue && issue.options && issue.discriminator) {
        const choices = `one of ${issue.options.map(String).join(', ')}`;
        const value = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        return value === undefined ? `required: ${choices}` : `expected ${choices}, got ${describeValue(value)}`;
      }
      return issue.message;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must be at least ${String(issue.minimum)}${UNITS[issue.origin] ?? ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${UNITS[issue.origin] ?? ''}`;
    default:
      return issue.message;
  }
}

const EXPECTED: Partial<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys',
  array: 'a list',
};

const UNITS: Partial<Record<string, string>> = {
  string: ' characters',
  array: ' items',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping of keys';
    default:
      return typeof value;
  }
}
