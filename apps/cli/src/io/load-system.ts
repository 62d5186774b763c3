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
    throw systemProblems(file, parsed.problems);
  }
  try {
    return compileSystem(parsed.system, options);
  } catch (error) {
    if (error instanceof SystemCompileError) throw systemProblems(file, error.problems);
    throw error;
  }
}

/** Every problem of the file on a line of its own; in Chinese after a line saying the system failed validation. */
function systemProblems(file: string, problems: readonly { where: string; reason: string }[]): CliError {
  const lines = problems.map((p) => `${file}: ${p.where}: ${p.reason}`).join('\n');
  return new CliError({ zh: `${file}：指标体系校验未通过（${problems.length} 处）：\n${lines}`, en: lines });
}
