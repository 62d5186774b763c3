import { evaluate, EvaluationInputError, type EvaluationInput, type EvaluationResult } from '@govperf/engine';
import { CliError } from '../errors';
import { loadSystem } from '../io/load-system';
import { formatNumber, render, type OutputFormat } from '../io/output';
import { readEvaluationInput, readUnits } from '../io/read-evaluation-input';
import type { CompiledSystem } from '@govperf/engine';

export interface EvaluateCommandOptions {
  system: string;
  facts: string;
  units?: string | undefined;
  period?: string | undefined;
  allowInconsistent?: boolean | undefined;
  topsis?: string | undefined;
  format: OutputFormat;
}

export async function loadEvaluation(options: EvaluateCommandOptions): Promise<{ system: CompiledSystem; input: EvaluationInput }> {
  const system = await loadSystem(options.system, { allowInconsistentAhp: options.allowInconsistent ?? false });
  const units = options.units ? await readUnits(options.units) : undefined;
  const input = await readEvaluationInput(options.facts, { period: options.period, units });
  return { system, input };
}

export function engineInputError(options: EvaluateCommandOptions, error: unknown): never {
  if (error instanceof EvaluationInputError) {
    // Facts carry their file and line as source; point at them where the engine names a fact.
    throw new CliError(`${options.facts}: ${error.message}`);
  }
  throw error;
}

export function rankingTable(result: EvaluationResult) {
  const multipleGroups = result.peerGroups.length > 1;
  const withTopsis = result.units.some((u) => u.topsis !== undefined);
  return {
    head: [...(multipleGroups ? ['peer group 组别'] : []), 'rank 排名', 'unit 单位', 'name 名称', 'score 得分', 'grade 等级', ...(withTopsis ? ['TOPSIS'] : []), 'veto 否决'],
    rows: result.units.map((u) => [
      ...(multipleGroups ? [u.peerGroup] : []),
      u.rank,
      u.unit,
      u.name,
      u.scoreRounded === null ? null : u.scoreRounded.toFixed(result.rankingPrecision),
      u.gradeName ? `${u.gradeName.zh} ${u.gradeName.en}` : null,
      ...(withTopsis ? [u.topsis ? `${u.topsis.rank} (${u.topsis.closeness.toFixed(4)})` : null] : []),
      u.vetoed ? u.vetoes.map((v) => v.reason.zh).join('；') : '',
    ]),
    notes: [
      `${result.system.code} v${result.system.version} · ${result.period} · ${result.system.hash.slice(0, 19)}…`,
      ...result.peerGroups.map((g) => `${g.code}: ${g.ranked}/${g.units} ranked, average 平均 ${formatNumber(g.average, 2)}`),
      ...result.warnings.map((w) => `warning: ${w}`),
    ],
  };
}

export async function evaluateCommand(options: EvaluateCommandOptions): Promise<string> {
  const { system, input } = await loadEvaluation(options);
  let result: EvaluationResult;
  try {
    if (options.topsis !== undefined && options.topsis !== 'vector' && options.topsis !== 'minmax') {
      throw new CliError(`--topsis: unknown normalisation "${options.topsis}" (use vector or minmax)`);
    }
    result = evaluate(system, input, { topsis: options.topsis });
  } catch (error) {
    engineInputError(options, error);
  }
  return render(result, options.format, () => rankingTable(result));
}
