import { entropyWeights, WeightsInputError } from '@govperf/engine';
import { CliError } from '../errors';
import { formatNumber, render, type OutputFormat } from '../io/output';
import { costFlags, readDecisionMatrix } from '../io/read-decision-matrix';

export interface EntropyCommandOptions {
  cost?: string | undefined;
  normalization: string;
  format: OutputFormat;
}

export async function entropyCommand(file: string, options: EntropyCommandOptions): Promise<string> {
  if (options.normalization !== 'minmax' && options.normalization !== 'sum') {
    throw new CliError(`--normalization: unknown "${options.normalization}" (use minmax, the usual 极差标准化, or sum, plain proportions)`);
  }
  const m = await readDecisionMatrix(file);
  const cost = costFlags(file, m.criteria, options.cost);
  let result;
  try {
    result = entropyWeights(m.rows, { normalization: options.normalization, cost });
  } catch (error) {
    if (error instanceof WeightsInputError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const json = {
    weights: Object.fromEntries(m.criteria.map((c, j) => [c, result.weights[j]!])),
    entropy: Object.fromEntries(m.criteria.map((c, j) => [c, result.entropy[j]!])),
    normalization: options.normalization,
    alternatives: m.ids.length,
    ...(result.degenerate ? { note: 'no criterion discriminates between the alternatives: equal weights' } : {}),
  };
  return render(json, options.format, () => ({
    head: ['criterion 指标', 'weight 权重', 'entropy 熵值'],
    rows: m.criteria.map((c, j) => [c, formatNumber(result.weights[j]!, 6), formatNumber(result.entropy[j]!, 6)]),
  }));
}
