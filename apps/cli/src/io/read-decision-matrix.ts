// Reads a decision matrix CSV: the first column names the alternative, every other column is a criterion.
import { CsvNumber } from '@govperf/contracts';
import { CliError } from '../errors';
import { readCsv } from './read-csv';

export interface DecisionMatrix {
  idColumn: string;
  ids: string[];
  criteria: string[];
  rows: number[][];
}

export async function readDecisionMatrix(file: string): Promise<DecisionMatrix> {
  let header: string[] | undefined;
  const ids: string[] = [];
  const rows: number[][] = [];
  const seen = new Set<string>();
  for await (const { line, record } of readCsv(file, { required: [] })) {
    header ??= Object.keys(record);
    if (header.length < 2) throw new CliError(`${file}: line 1: need an id column and at least one criterion column`);
    const id = record[header[0]!]!.trim();
    if (!id) throw new CliError(`${file}: line ${line}, column ${header[0]}: the alternative id is empty`);
    if (seen.has(id)) throw new CliError(`${file}: line ${line}, column ${header[0]}: alternative "${id}" appears twice`);
    seen.add(id);
    ids.push(id);
    rows.push(
      header.slice(1).map((column) => {
        const parsed = CsvNumber.safeParse(record[column] ?? '');
        if (!parsed.success) throw new CliError(`${file}: line ${line}, column ${column}: ${parsed.error.issues[0]!.message} (got "${record[column]}")`);
        return parsed.data;
      }),
    );
  }
  if (!header || rows.length === 0) throw new CliError(`${file}: no rows: the file needs a header and at least one alternative`);
  return { idColumn: header[0]!, ids, criteria: header.slice(1), rows };
}

/** Maps --cost c1,c2 to a flag per criterion; unknown names are an error. */
export function costFlags(file: string, criteria: readonly string[], cost: string | undefined): boolean[] {
  const names = (cost ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!criteria.includes(n)) throw new CliError(`--cost: "${n}" is not a criterion of ${file} (criteria: ${criteria.join(', ')})`);
  return criteria.map((c) => names.includes(c));
}
