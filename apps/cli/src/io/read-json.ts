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
      const line = before.length;
      const column = before[before.length - 1]!.length + 1;
      const reason = message.replace(/ in JSON at position \d+.*$/, '');
      throw new CliError({ zh: `${file}：第 ${line} 行，第 ${column} 列：JSON 格式错误（${reason}）`, en: `${file}: line ${line}, column ${column}: invalid JSON (${reason})` });
    }
    throw new CliError({ zh: `${file}：JSON 格式错误（${message}）`, en: `${file}: invalid JSON (${message})` });
  }
}
