import { CsvNumber } from '@govperf/contracts';
import { topsis, WeightsInputError } from '@govperf/engine';
import { CliError } from '../errors';
import { formatNumber, render, type OutputFormat } from '../io/output';
import { costFlags, readDecisionMatrix } from '../io/read-decision-matrix';

export interface TopsisCommandOptions {
  weights: string;
  cost?: string | undefined;
  normalization: string;
  format: OutputFormat;
}

export async function topsisCommand(file: string, options: TopsisCommandOptions): Promise<string> {
  const normalization = options.normalization;
  if (normalization !== 'vector' && normalization !== 'minmax' && normalization !== 'none') {
    throw new CliError(`--normalization: unknown "${normalization}" (use vector, minmax or none)`);
  }
  const m = await readDecisionMatrix(file);
  const parts = options.weights.split(',');
  if (parts.length !== m.criteria.length) {
    throw new CliError(`--weights: ${parts.length} weight${parts.length === 1 ? '' : 's'} given, but ${file} has ${m.criteria.length} criteria (${m.criteria.join(', ')})`);
  }
  const weights = parts.map((p, j) => {
    const parsed = CsvNumber.safeParse(p);
    if (!parsed.success) throw new CliError(`--weights: weight ${j + 1} ("${p}") for ${m.criteria[j]}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  });
  const cost = costFlags(file, m.criteria, options.cost);
  let result;
  try {
    result = topsis(m.rows, weights, { cost, normalization });
  } catch (error) {
    if (error instanceof WeightsInputError) throw new CliError(`${error.field.startsWith('weights') ? '--weights' : file}: ${error.message}`);
    throw error;
  }
  const order = m.ids.map((_, i) => i).sort((a, b) => result.ranks[a]! - result.ranks[b]! || a - b);
  const results = order.map((i) => ({ id: m.ids[i]!, closeness: result.closeness[i]!, rank: result.ranks[i]!, distanceToIdeal: result.distanceToIdeal[i]!, distanceToAntiIdeal: result.distanceToAntiIdeal[i]! }));
  return render({ results, normalization }, options.format, () => ({
    head: ['rank 排名', m.idColumn, 'closeness 贴近度', 'D+', 'D−'],
    rows: results.map((r) => [r.rank, r.id, formatNumber(r.closeness, 6), formatNumber(r.distanceToIdeal, 6), formatNumber(r.distanceToAntiIdeal, 6)]),
  }));
}
