import { readFile } from 'node:fs/promises';
import { parseIndicatorSystemText } from '@govperf/contracts';
import { compileSystem, SystemCompileError, type CompiledSystem } from '@govperf/engine';
import { CliError } from '../errors';
import { assertReadable } from './read-csv';

/** Reads, validates and compiles an indicator-system file; every problem names its place. */
export async function loadSystem(file: string, options: { allowInconsistentAhp?: boolean } = {}): Promise<CompiledSystem> {
  await assertReadable(file);
  const parsed = parseIndicatorSystemText(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    throw new CliError(parsed.problems.map((p) => `${file}: ${p.where}: ${p.reason}`).join('\n'));
  }
  try {
    return compileSystem(parsed.system, options);
  } catch (error) {
    if (error instanceof SystemCompileError) throw new CliError(error.problems.map((p) => `${file}: ${p.where}: ${p.reason}`).join('\n'));
    throw error;
  }
}
