// Reads an NDJSON body line by line without holding it whole: each line is one record. A line
// that is not JSON becomes a marker the ingestion rejects with its line number; nothing else in
// the batch is lost.
import { AppError } from '@govperf/contracts';
import { UnreadableRecord } from '@govperf/services';

/** One record line may not be larger than this. */
export const MAX_LINE_BYTES = 1024 * 1024;

export async function* ndjsonRecords(body: ReadableStream<Uint8Array> | null): AsyncGenerator<unknown> {
  if (!body) return;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let buffer = '';
  let line = 0;
  const parse = (text: string): unknown => {
    line++;
    try {
      return JSON.parse(text);
    } catch (error) {
      return new UnreadableRecord(text.slice(0, 1000), `line ${line} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    if (buffer.length > MAX_LINE_BYTES && !buffer.includes('\n')) {
      throw new AppError('payload_too_large', { message: { zh: `第 ${line + 1} 行超过 1 MB 的单行上限`, en: `line ${line + 1} exceeds the 1 MB limit for one record` }, details: { limitMb: 1 } });
    }
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (text) yield parse(text);
      else line++;
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield parse(buffer.trim());
}
