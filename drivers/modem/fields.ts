/**
 * Shared field handling for AT information responses: `+NAME: a,"b,c",d`.
 */

export interface Field {
  text: string;
  quoted: boolean;
}

export type ParseError = { kind: 'wrong-prefix' | 'malformed'; line: string; detail: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** The parameter text after `<prefix>:` (space after the colon optional), or null if the line is not that response. */
export function afterPrefix(line: string, prefix: string): string | null {
  if (!line.startsWith(`${prefix}:`)) return null;
  return line.slice(prefix.length + 1).trimStart();
}

/** The `+NAME` of a `+NAME: …` line, or null. */
export function responsePrefix(line: string): string | null {
  const match = /^([+^$#*][A-Za-z0-9_]+):/.exec(line);
  return match?.[1] ?? null;
}

/** Comma-separated fields; commas inside double quotes do not split. Null if a quote is left open. */
export function splitFields(params: string): Field[] | null {
  const fields: Field[] = [];
  let current = '';
  let quoted = false;
  let inQuotes = false;
  for (const ch of params) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      quoted = true;
    } else if (ch === ',' && !inQuotes) {
      fields.push({ text: quoted ? current : current.trim(), quoted });
      current = '';
      quoted = false;
    } else {
      current += ch;
    }
  }
  if (inQuotes) return null;
  fields.push({ text: quoted ? current : current.trim(), quoted });
  return fields;
}

/** An unquoted non-negative decimal integer field, else null. */
export function intField(field: Field | undefined): number | null {
  if (field === undefined || field.quoted || !/^[0-9]{1,10}$/.test(field.text)) return null;
  return Number(field.text);
}

/** Fields after a prefix, or a typed error saying why not. */
export function fieldsOf(line: string, prefix: string): Parsed<Field[]> {
  const params = afterPrefix(line, prefix);
  if (params === null) return fail('wrong-prefix', line, `not a ${prefix} response`);
  const fields = splitFields(params);
  if (fields === null) return fail('malformed', line, 'unbalanced quotes');
  return { ok: true, value: fields };
}

export function fail<T>(kind: ParseError['kind'], line: string, detail: string): Parsed<T> {
  return { ok: false, error: { kind, line, detail } };
}
