export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]): number => percentile(values, 50);

export interface Row {
  name: string;
  samples: number;
  median: string;
  p95: string;
  p99?: string;
  target: string;
  verdict: 'pass' | 'FAIL' | '-';
}

export function printTable(rows: Row[]): void {
  const headers: (keyof Row)[] = ['name', 'samples', 'median', 'p95', 'p99', 'target', 'verdict'];
  const width = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h] ?? '-').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(headers.map((h) => String(r[h] ?? '-'))));
}
