// Reads FACTS.csv (unit,period,metric,value) and UNITS.csv (unit,name,parent,level,peer_group)
// into the engine's evaluation input, naming file and line for every bad row.
import { FACT_COLUMNS, FactRowSchema, UNIT_COLUMNS, UnitRowSchema } from '@govperf/contracts';
import type { EvaluationInput, MetricFact, UnitInput } from '@govperf/engine';
import { CliError } from '../errors';
import { fileProgress } from './progress';
import { readCsv } from './read-csv';

function rowError(file: string, line: number, issues: { path: PropertyKey[]; message: string }[]): CliError {
  const first = issues[0]!;
  const column = first.path.length ? String(first.path[0]) : null;
  return new CliError({
    zh: `${file}：第 ${line} 行${column === null ? '' : `，${column} 列`}：数据校验未通过：${first.message}`,
    en: `${file}: line ${line}${column === null ? '' : `, column ${column}`}: ${first.message}`,
  });
}

export async function readUnits(file: string): Promise<UnitInput[]> {
  const units: UnitInput[] = [];
  const lines = new Map<string, number>();
  for await (const { line, record } of readCsv(file, { required: ['unit'], optional: UNIT_COLUMNS.filter((c) => c !== 'unit') })) {
    const parsed = UnitRowSchema.safeParse(record);
    if (!parsed.success) throw rowError(file, line, parsed.error.issues);
    const row = parsed.data;
    const first = lines.get(row.unit);
    if (first !== undefined) throw new CliError(`${file}: line ${line}, column unit: unit "${row.unit}" already appears on line ${first}`);
    lines.set(row.unit, line);
    units.push({ id: row.unit, name: row.name || undefined, parent: row.parent || undefined, level: row.level || undefined, peerGroup: row.peer_group || undefined });
  }
  for (const u of units) {
    if (u.parent && !lines.has(u.parent)) throw new CliError(`${file}: line ${lines.get(u.id)}, column parent: unknown parent unit "${u.parent}"`);
  }
  if (units.length === 0) throw new CliError(`${file}: no units`);
  return units;
}

export interface ReadFactsOptions {
  period?: string | undefined;
  /** Units from UNITS.csv; facts of other units are an error. */
  units?: readonly UnitInput[] | undefined;
}

export async function readEvaluationInput(factsFile: string, options: ReadFactsOptions): Promise<EvaluationInput> {
  const byPeriod = new Map<string, MetricFact[]>();
  const firstLine = new Map<string, number>();
  const knownUnits = options.units ? new Set(options.units.map((u) => u.id)) : undefined;
  const progress = await fileProgress(factsFile, '读取数据 reading facts');
  try {
    for await (const { line, record, bytes } of readCsv(factsFile, { required: FACT_COLUMNS, optional: [] })) {
      progress.update(bytes);
      const parsed = FactRowSchema.safeParse(record);
      if (!parsed.success) throw rowError(factsFile, line, parsed.error.issues);
      const row = parsed.data;
      if (options.period !== undefined && row.period !== options.period) continue;
      if (knownUnits && !knownUnits.has(row.unit)) throw new CliError(`${factsFile}: line ${line}, column unit: unit "${row.unit}" is not in the units file`);
      const key = `${row.period}\u0000${row.unit}\u0000${row.metric}`;
      const first = firstLine.get(key);
      if (first !== undefined) throw new CliError(`${factsFile}: line ${line}: metric ${row.metric} of unit ${row.unit} in period ${row.period} already given on line ${first}`);
      firstLine.set(key, line);
      let list = byPeriod.get(row.period);
      if (!list) byPeriod.set(row.period, (list = []));
      list.push({ unit: row.unit, metric: row.metric, value: row.value, source: { file: factsFile, line } });
    }
  } finally {
    progress.stop();
  }
  if (options.period !== undefined && !byPeriod.has(options.period)) {
    throw new CliError(`${factsFile}: no facts for period ${options.period}`);
  }
  const periods = [...byPeriod.keys()].sort();
  if (periods.length === 0) throw new CliError(`${factsFile}: no facts`);
  if (periods.length > 1) throw new CliError(`${factsFile}: facts for ${periods.length} periods (${periods.slice(0, 6).join(', ')}${periods.length > 6 ? ', …' : ''}); choose one with --period`);
  const period = periods[0]!;
  return { period, units: options.units, facts: byPeriod.get(period)! };
}
