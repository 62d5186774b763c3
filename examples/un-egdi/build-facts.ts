// Converts a UN E-Government Survey country file into govperf's evaluation input:
//   npx tsx examples/un-egdi/build-facts.ts <UN-data.csv> <out-dir> [--year YYYY]
// Reads any of three layouts (see README.md):
//   - the UN E-Government Knowledgebase Data Center export (2022 header:
//     "Survey Year, Country Name, E-Government Rank, E-Government Index, …");
//   - the same export with renamed columns (2024 copy: "Survey Year, Country, Rank, E_Index, …");
//   - the UNU-EGOV layout egdi-<year>.csv ("country-code, country-name, e-gov-rank, …").
// Writes into <out-dir>:
//   facts.csv     unit,period,metric,value   (metrics egdi.osi, egdi.hci, egdi.tii)
//   units.csv     unit,name,peer_group       (peer_group = world)
//   published.csv unit,egdi,rank             (the published EGDI and rank, for comparisons)
// The unit id is the ISO3 code where the file has one, else the trimmed country name.
// Rows missing a sub-index, the EGDI or the rank, and rows whose published EGDI is 0 (no index
// given), are skipped with a message on stderr naming the line.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

/** A malformed input file or a bad invocation; the message names the file and, where known, the line. */
export class EgdiInputError extends Error {
  override name = 'EgdiInputError';
}

export type Layout = 'un-data-center' | 'un-data-center-renamed' | 'unu-egov';

type Field = 'year' | 'code' | 'name' | 'rank' | 'egdi' | 'osi' | 'hci' | 'tii';

/** Header names (trimmed, lower case) of each field in the three layouts. */
const ALIASES: Record<Field, readonly string[]> = {
  year: ['survey year'],
  code: ['country-code'],
  name: ['country name', 'country', 'country-name'],
  rank: ['e-government rank', 'rank', 'e-gov-rank'],
  egdi: ['e-government index', 'e_index', 'e-gov-index'],
  osi: ['online service index', 'online_service', 'osi'],
  hci: ['human capital index', 'human_capital', 'hci'],
  tii: ['telecommunication infrastructure index', 'tele_infra', 'tii'],
};

const REQUIRED: readonly Field[] = ['name', 'rank', 'egdi', 'osi', 'hci', 'tii'];

/** The sub-indices and the metric each becomes. */
const SUB_INDICES = [
  ['osi', 'egdi.osi', 'OSI'],
  ['hci', 'egdi.hci', 'HCI'],
  ['tii', 'egdi.tii', 'TII'],
] as const;

export interface SkippedRow {
  line: number;
  name: string;
  reason: string;
}

export interface BuildFactsOptions {
  /** The survey year, for files without a "Survey Year" column whose name is not egdi-<year>.csv. */
  year?: string | undefined;
  /** Where skipped rows are reported; default stderr. */
  warn?: ((message: string) => void) | undefined;
}

export interface BuildFactsResult {
  layout: Layout;
  year: string;
  /** Countries written. */
  countries: number;
  skipped: SkippedRow[];
  files: { facts: string; units: string; published: string };
}

interface Columns {
  layout: Layout;
  /** Field → column index in the header. */
  index: Partial<Record<Field, number>>;
}

function detectColumns(file: string, header: readonly string[]): Columns {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(ALIASES) as Field[]) {
    const i = names.findIndex((n) => ALIASES[field].includes(n));
    if (i >= 0) index[field] = i;
  }
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length > 0) {
    throw new EgdiInputError(
      `${file}: line 1: not a known EGDI layout: no column for ${missing.join(', ')} ` +
        `(expected the UN Data Center export "Survey Year,Country Name,E-Government Rank,E-Government Index,…", ` +
        `its renamed form "Survey Year,Country,Rank,E_Index,…", or "country-code,country-name,e-gov-rank,e-gov-index,…")`,
    );
  }
  const layout: Layout = index.code !== undefined ? 'unu-egov' : names.includes('e_index') ? 'un-data-center-renamed' : 'un-data-center';
  return { layout, index };
}

/** Drops binary floating-point noise in the source (0.6955600000000001 → 0.69556). */
function clean(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function parseIndex(file: string, line: number, column: string, text: string): number {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    throw new EgdiInputError(`${file}: line ${line}, column ${column}: not a number: "${text}"`);
  }
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new EgdiInputError(`${file}: line ${line}, column ${column}: an index lies between 0 and 1, got ${text}`);
  return value;
}

function parseRank(file: string, line: number, column: string, text: string): number {
  const value = Number(text);
  // The UNU 2010 and 2012 files write ranks as floats ("136.0").
  if (!/^\d+(\.0*)?$/.test(text) || !Number.isInteger(value) || value < 1) {
    throw new EgdiInputError(`${file}: line ${line}, column ${column}: a rank is a whole number from 1, got "${text}"`);
  }
  return value;
}

function yearFromFileName(file: string): string | undefined {
  return /^egdi-(\d{4})\.csv$/i.exec(basename(file))?.[1];
}

/** Writes one output file under a temporary name; `commit` renames it into place. */
class OutputFile {
  private readonly stream: WriteStream;
  private readonly partial: string;
  private failure: Error | undefined;

  constructor(readonly path: string, header: readonly string[]) {
    this.partial = `${path}.partial`;
    this.stream = createWriteStream(this.partial, { encoding: 'utf8' });
    this.stream.on('error', (error) => (this.failure = error));
    this.row(header);
  }

  row(cells: readonly (string | number)[]): void {
    this.stream.write(stringify([cells.map(String)], { record_delimiter: 'unix' }));
  }

  private async close(): Promise<void> {
    await new Promise<void>((done) => this.stream.end(done));
    if (this.failure) throw new EgdiInputError(`${this.partial}: cannot write: ${this.failure.message}`);
  }

  async commit(): Promise<void> {
    await this.close();
    await rename(this.partial, this.path);
  }

  async discard(): Promise<void> {
    await new Promise<void>((done) => this.stream.end(done));
    await rm(this.partial, { force: true });
  }
}

/** Streams `input` and writes facts.csv, units.csv and published.csv into `outDir`. */
export async function buildFacts(input: string, outDir: string, options: BuildFactsOptions = {}): Promise<BuildFactsResult> {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  await mkdir(outDir, { recursive: true });
  const files = { facts: join(outDir, 'facts.csv'), units: join(outDir, 'units.csv'), published: join(outDir, 'published.csv') };

  let columns: Columns | undefined;
  const source = createReadStream(input);
  const parser = source.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      info: true,
      // Each row keeps its cells as an array; the header is read by detectColumns.
      columns: false,
    }),
  );
  source.on('error', (error) => parser.destroy(error));

  const outputs = {
    facts: new OutputFile(files.facts, ['unit', 'period', 'metric', 'value']),
    units: new OutputFile(files.units, ['unit', 'name', 'peer_group']),
    published: new OutputFile(files.published, ['unit', 'egdi', 'rank']),
  };
  const all = Object.values(outputs);

  const seen = new Map<string, number>();
  const skipped: SkippedRow[] = [];
  let year = options.year;
  let yearLine = 0;
  let countries = 0;
  let header: string[] = [];
  /** The line the last record ended on, to place a quote left open at the end of the file. */
  let lastLine = 0;

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      lastLine = line;
      if (!columns) {
        header = record.map((h) => h.trim());
        columns = detectColumns(input, record);
        if (columns.index.year === undefined && year === undefined) {
          year = yearFromFileName(input);
          if (year === undefined) {
            throw new EgdiInputError(`${input}: the file has no "Survey Year" column and its name is not egdi-<year>.csv: give the year with --year`);
          }
        }
        continue;
      }
      const cell = (field: Field): string => {
        const i = columns!.index[field];
        return i === undefined ? '' : (record[i] ?? '').trim();
      };
      const columnName = (field: Field) => header[columns!.index[field]!]!;

      const rowYear = cell('year');
      if (columns.index.year !== undefined) {
        if (!/^\d{4}$/.test(rowYear)) throw new EgdiInputError(`${input}: line ${line}, column ${columnName('year')}: not a survey year: "${rowYear}"`);
        if (year === undefined) {
          year = rowYear;
          yearLine = line;
        } else if (rowYear !== year) {
          const where = yearLine ? `line ${yearLine}` : '--year';
          throw new EgdiInputError(`${input}: line ${line}, column ${columnName('year')}: survey year ${rowYear} differs from ${year} (${where}); one file holds one survey`);
        }
      }

      const name = cell('name');
      const code = cell('code');
      const label = name || code || '(no name)';
      const blank = [...REQUIRED.filter((f) => f !== 'name'), ...(columns.index.code !== undefined ? (['code'] as const) : [])].filter((f) => cell(f) === '');
      if (blank.length > 0 || name === '') {
        const what = name === '' ? ['country name', ...blank] : blank;
        const reason = `incomplete row: no ${what.map((f) => (f === 'country name' ? f : columnName(f as Field))).join(', ')}`;
        skipped.push({ line, name: label, reason });
        warn(`${input}: line ${line}: skipped ${label}${code && name ? ` (${code})` : ''}: ${reason}`);
        continue;
      }
      if (code !== '' && !/^[A-Z]{3}$/.test(code)) {
        throw new EgdiInputError(`${input}: line ${line}, column ${columnName('code')}: not an ISO 3166-1 alpha-3 code: "${code}"`);
      }

      const unit = code || name;
      const first = seen.get(unit);
      if (first !== undefined) throw new EgdiInputError(`${input}: line ${line}: country "${unit}" already appears on line ${first}`);
      seen.set(unit, line);

      const egdi = parseIndex(input, line, columnName('egdi'), cell('egdi'));
      const rank = parseRank(input, line, columnName('rank'), cell('rank'));
      if (egdi === 0) {
        // 2012 lists 3 countries with EGDI = OSI = 0 and the shared last rank 191: no index, not a score.
        const reason = `published ${columnName('egdi')} is 0: the survey gives this country no index`;
        skipped.push({ line, name: label, reason });
        warn(`${input}: line ${line}: skipped ${label}${code && name ? ` (${code})` : ''}: ${reason}`);
        continue;
      }
      for (const [field, metric] of SUB_INDICES) {
        const value = parseIndex(input, line, columnName(field), cell(field));
        outputs.facts.row([unit, year!, metric, clean(value)]);
      }
      outputs.units.row([unit, name, 'world']);
      outputs.published.row([unit, clean(egdi), rank]);
      countries++;
    }
    if (!columns) throw new EgdiInputError(`${input}: the file is empty`);
    if (countries === 0) throw new EgdiInputError(`${input}: no complete country rows`);
    for (const output of all) await output.commit();
  } catch (error) {
    for (const output of all) await output.discard();
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new EgdiInputError(`${input}: line ${lastLine + 1}: a quoted field starting on this line or later is never closed (the file ends inside quotes)`);
    }
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new EgdiInputError(`${input}: ${line ? `line ${line}: ` : ''}${error.message.replace(/ on line \d+$/, '')}`);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).path === input) {
      throw new EgdiInputError(`${input}: no such file`);
    }
    throw error;
  }
  return { layout: columns.layout, year: year!, countries, skipped, files };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let year: string | undefined;
  const at = args.indexOf('--year');
  if (at >= 0) {
    year = args[at + 1];
    if (!year || !/^\d{4}$/.test(year)) {
      process.stderr.write('build-facts: --year needs a four-digit year\n');
      return 2;
    }
    args.splice(at, 2);
  }
  if (args.length !== 2) {
    process.stderr.write('usage: npx tsx examples/un-egdi/build-facts.ts <UN-data.csv> <out-dir> [--year YYYY]\n');
    return 2;
  }
  try {
    const result = await buildFacts(args[0]!, args[1]!, { year });
    process.stderr.write(
      `build-facts: ${result.countries} countries, survey ${result.year} (${result.layout} layout)` +
        `${result.skipped.length ? `, ${result.skipped.length} rows skipped` : ''}\n` +
        `  ${result.files.facts}\n  ${result.files.units}\n  ${result.files.published}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof EgdiInputError) {
      process.stderr.write(`build-facts: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await main(process.argv.slice(2));
}
