import { AhpFileSchema } from '@govperf/contracts';
import { ahp, combineExperts, isRiTableId, listRiTables, parseMatrix, WeightsInputError, formatRatio, type AhpMethod } from '@govperf/engine';
import { CliError } from '../errors';
import { formatNumber, render, type OutputFormat } from '../io/output';
import { readJsonFile } from '../io/read-json';
import { zodIssues } from '../io/zod-errors';

export interface AhpCommandOptions {
  ri: string;
  method: string;
  allowInconsistent: boolean;
  format: OutputFormat;
}

const METHODS: readonly AhpMethod[] = ['eigenvector', 'sum', 'geometric'];

export async function ahpCommand(file: string, options: AhpCommandOptions): Promise<string> {
  if (!isRiTableId(options.ri)) throw new CliError(`--ri: unknown table "${options.ri}" (known: ${listRiTables().map((t) => t.id).join(', ')})`);
  if (!METHODS.includes(options.method as AhpMethod)) throw new CliError(`--method: unknown method "${options.method}" (use ${METHODS.join(', ')})`);
  const parsed = AhpFileSchema.safeParse(await readJsonFile(file));
  if (!parsed.success) throw new CliError(`${file}: expected {"matrix": [[…]]} or {"experts": [[[…]]]}: ${zodIssues(parsed.error)}`);
  let result;
  try {
    const matrix = 'matrix' in parsed.data ? parseMatrix(parsed.data.matrix, 'matrix') : combineExperts(parsed.data.experts.map((m, k) => parseMatrix(m, `experts[${k}]`)));
    result = ahp(matrix, { method: options.method as AhpMethod, riTable: options.ri });
  } catch (error) {
    if (error instanceof WeightsInputError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  if (!result.consistent && !options.allowInconsistent) {
    const worst = result.inconsistencies.map((j) => `row ${j.row + 1} vs column ${j.col + 1}: given ${formatRatio(j.given)}, consistent value ≈ ${formatRatio(j.suggested)}`).join('; ');
    throw new CliError(`${file}: inconsistent judgements: CR = ${result.cr.toFixed(4)} ≥ 0.1 (RI table ${result.riTable}). Most inconsistent: ${worst}. Revise them, or pass --allow-inconsistent`);
  }
  const json = {
    weights: result.weights,
    lambdaMax: result.lambdaMax,
    ci: result.ci,
    cr: result.cr,
    consistent: result.consistent,
    method: result.method,
    riTable: result.riTable,
    ri: result.ri,
    inconsistencies: result.inconsistencies.map((j) => ({ row: j.row + 1, col: j.col + 1, given: j.given, implied: j.implied, suggested: j.suggested })),
  };
  return render(json, options.format, () => ({
    head: ['#', 'weight 权重'],
    rows: result.weights.map((w, i) => [i + 1, formatNumber(w, 6)]),
    notes: [`λmax = ${formatNumber(result.lambdaMax, 6)}  CI = ${formatNumber(result.ci, 6)}  CR = ${formatNumber(result.cr, 6)}  ${result.consistent ? '一致性检验通过 consistent' : '未通过一致性检验 INCONSISTENT'}`],
  }));
}
