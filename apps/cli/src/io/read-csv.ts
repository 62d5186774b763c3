// Streams a CSV file row by row with the line each row started on, checking the header.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parse, CsvError } from 'csv-parse';
import { CliError, fileNotFound } from '../errors';

export interface CsvRow {
  line: number;
  record: Record<string, string>;
  /** Bytes of the file read so far (for progress). */
  bytes: number;
}

export interface HeaderRule {
  required: readonly string[];
  /** Further columns allowed; absent means any further column is allowed. */
  optional?: readonly string[];
}

export async function assertReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw fileNotFound(file);
  }
}

export async function* readCsv(file: string, rule: HeaderRule): AsyncGenerator<CsvRow> {
  await assertReadable(file);
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      info: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        const missing = rule.required.filter((c) => !names.includes(c));
        if (missing.length) throw new CliError(`${file}: line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header must name ${rule.required.join(', ')})`);
        if (rule.optional) {
          const known = new Set([...rule.required, ...rule.optional]);
          const unknown = names.filter((n) => !known.has(n));
          if (unknown.length) throw new CliError(`${file}: line 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${[...known].join(', ')})`);
        }
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) throw new CliError(`${file}: line 1: column ${dup} appears twice`);
        return names;
      },
    }),
  );
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      yield { line: row.info.lines, record: row.record, bytes: row.info.bytes };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof CsvError) {
      const detail = error as CsvError & { lines?: number; record?: unknown[]; columns?: unknown[] };
      const where = detail.lines ? `line ${detail.lines}: ` : '';
      if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' && detail.record && detail.columns) {
        throw new CliError(`${file}: ${where}${detail.record.length} fields but the header has ${detail.columns.length} columns (a value with a comma needs double quotes)`);
      }
      throw new CliError(`${file}: ${where}${error.message.replace(/ (on|at) line \d+.*$/, '')}`);
    }
    throw error;
  }
}
