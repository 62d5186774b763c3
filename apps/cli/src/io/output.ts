// Prints results as JSON (default), a table, or CSV.
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { CliError } from '../errors';

export type OutputFormat = 'json' | 'table' | 'csv';

export function parseFormat(value: string): OutputFormat {
  if (value === 'json' || value === 'table' || value === 'csv') return value;
  throw new CliError(`--format: unknown format "${value}" (use json, table or csv)`);
}

/** A tabular view of a result: used by --format table and --format csv. */
export interface Tabular {
  head: string[];
  rows: (string | number | null)[][];
  /** Lines printed under the table (not in CSV). */
  notes?: string[];
}

export function formatNumber(x: number | null, digits = 4): string {
  return x === null ? '—' : String(Number(x.toFixed(digits)));
}

export function render(json: unknown, format: OutputFormat, tabular: () => Tabular): string {
  if (format === 'json') return `${JSON.stringify(json, null, 2)}\n`;
  const t = tabular();
  if (format === 'csv') return stringify([t.head, ...t.rows.map((r) => r.map((c) => (c === null ? '' : c)))]);
  const table = new Table({ head: t.head, style: { head: [], border: [], compact: true } });
  for (const row of t.rows) table.push(row.map((c) => (c === null ? '—' : String(c))));
  return `${table.toString()}\n${(t.notes ?? []).map((n) => `${n}\n`).join('')}`;
}
