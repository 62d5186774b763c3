// govperf text analyze FILE|-: offline sentiment, tags and alerts for citizen feedback, one text a
// line in, one JSON object a line out, streamed so that a hotline export of any size fits.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createTextAnalyzer, TagTaxonomySchema } from '@govperf/text';
import { CliError } from '../errors';
import { assertReadable } from '../io/read-csv';
import { readJsonFile } from '../io/read-json';
import { zodIssues } from '../io/zod-errors';

/** Output is handed to `write` in chunks of about this many characters, not a call per line. */
const FLUSH_AT = 64 * 1024;

export async function textAnalyzeCommand(file: string, options: { taxonomy?: string }, write: (text: string) => void, stdin: Readable = process.stdin): Promise<void> {
  const analyzer = createTextAnalyzer({ taxonomy: options.taxonomy === undefined ? undefined : await loadTaxonomy(options.taxonomy) });
  if (file !== '-') await assertReadable(file);
  const input = file === '-' ? stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending = '';
  let first = true;
  try {
    for await (const raw of lines) {
      const text = (first ? raw.replace(/^\uFEFF/, '') : raw).trim();
      first = false;
      if (!text) continue;
      const { sentiment, score, tags, alerts } = analyzer.analyze(text);
      pending += `${JSON.stringify(alerts.length ? { text, sentiment, score, tags, alerts } : { text, sentiment, score, tags })}\n`;
      if (pending.length >= FLUSH_AT) {
        write(pending);
        pending = '';
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`${file === '-' ? 'stdin' : file}: cannot read (${message})`);
  } finally {
    if (pending) write(pending);
  }
}

async function loadTaxonomy(file: string) {
  const parsed = TagTaxonomySchema.safeParse(await readJsonFile(file));
  if (!parsed.success) throw new CliError(`${file}: not a valid taxonomy: ${zodIssues(parsed.error)}`);
  return parsed.data;
}
