// Streams a CSV file row by row with the line each row ended on, checking the header. Parsing is
// Papa Parse's: about twice as fast as csv-parse on a handling-records export, where parsing was a
// third of an import (docs/benchmarks.md). Papa Parse reports neither line numbers nor inconsistent
// rows on its own, so both are kept here: a row ends one line after the previous one, plus the
// line breaks inside its quoted values; empty lines are counted and skipped.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import Papa from 'papaparse';
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

/** Rows parsed ahead of the consumer before the parser (and the file) pause. */
const AHEAD = 2_000;

export async function assertReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw fileNotFound(file);
  }
}

function checkHeader(file: string, header: readonly string[], rule: HeaderRule): string[] {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
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
}

const lineBreaksIn = (fields: readonly string[]) => {
  let n = 0;
  for (const field of fields) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
};

function quoteError(file: string, line: number, error: Papa.ParseError): CliError {
  const reason =
    error.code === 'MissingQuotes'
      ? 'a quoted value is not closed (a double quote inside a quoted value is written twice: "")'
      : error.code === 'InvalidQuotes'
        ? 'a closing quote is followed by more text (a double quote inside a quoted value is written twice: "")'
        : error.message;
  return new CliError(`${file}: line ${line}: ${reason}`);
}

export async function* readCsv(file: string, rule: HeaderRule): AsyncGenerator<CsvRow> {
  await assertReadable(file);
  // Decoded by the stream, so a character split between two chunks stays whole.
  const input = createReadStream(file, { encoding: 'utf8' });
  let bytes = 0;
  input.on('data', (chunk) => (bytes += Buffer.byteLength(chunk)));

  const ready: CsvRow[] = [];
  let names: string[] | undefined;
  let line = 0;
  let failure: unknown;
  let finished = false;
  let parser: Papa.Parser | undefined;
  let paused = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (error: unknown) => {
    failure ??= error;
    parser?.abort();
    signal();
  };

  Papa.parse<string[]>(input, {
    delimiter: ',',
    header: false,
    skipEmptyLines: false,
    step(results, handle) {
      parser = handle;
      if (failure !== undefined) return;
      const fields = results.data;
      const start = line + 1;
      line = start + lineBreaksIn(fields);
      const quote = results.errors.find((e) => e.type === 'Quotes');
      if (quote) return fail(quoteError(file, start, quote));
      if (fields.length === 1 && fields[0] === '') return; // an empty line
      try {
        if (!names) {
          names = checkHeader(file, fields, rule);
          return;
        }
        if (fields.length !== names.length) {
          throw new CliError(`${file}: line ${line}: ${fields.length} fields but the header has ${names.length} columns (a value with a comma needs double quotes)`);
        }
        const record: Record<string, string> = {};
        for (let i = 0; i < names.length; i++) record[names[i]!] = fields[i]!;
        ready.push({ line, record, bytes });
      } catch (error) {
        return fail(error);
      }
      if (ready.length >= AHEAD && !paused) {
        // Pausing Papa Parse stops the parsing only; the file would go on flowing into its queue.
        paused = true;
        handle.pause();
        input.pause();
      }
      signal();
    },
    complete() {
      finished = true;
      signal();
    },
    error(error) {
      fail(new CliError(`${file}: ${error.message}`));
    },
  });

  try {
    for (;;) {
      if (failure !== undefined) throw failure;
      if (ready.length) {
        const batch = ready.splice(0);
        if (paused) {
          paused = false;
          input.resume();
          parser?.resume();
        }
        yield* batch;
        continue;
      }
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!finished) parser?.abort();
    input.destroy();
  }
}
