import { readFile } from 'node:fs/promises';
import { CliError } from '../errors';
import { assertReadable } from './read-csv';

/** Reads a JSON file; syntax errors name the file, line and column. */
export async function readJsonFile(file: string): Promise<unknown> {
  await assertReadable(file);
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split('\n');
      throw new CliError(`${file}: line ${before.length}, column ${before[before.length - 1]!.length + 1}: invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
    }
    throw new CliError(`${file}: invalid JSON (${message})`);
  }
}
