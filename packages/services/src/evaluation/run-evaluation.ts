// One evaluation run: metrics computed in SQL for the units of a scope, evaluated by the
// engine, stored immutably with its inputs. The same facts and system give the same result.
import { randomUUID } from 'node:crypto';
import { AppError, periodRange } from '@govperf/contracts';
import { evaluate, type EvaluationResult, type UnitInput } from '@govperf/engine';
import { insertEvaluationRun, type DB, type OrgLevel } from '@govperf/storage';
import type { Kysely } from 'kysely';
import type { TableColumns } from '../metrics/compile';
import { computeMetrics } from '../metrics/compute';
import { computeMetricsStepwise } from './metric-steps';
import type { MetricDefinition } from '../metrics/definition';
import { loadIndicatorSystem } from './systems';

export interface MetricCatalogue {
  definitions: ReadonlyMap<string, MetricDefinition>;
  columns: TableColumns;
}

export interface RunEvaluationRequest {
  systemCode: string;
  systemVersion?: string | undefined;
  period: string;
  /** The org unit whose subtree is evaluated (it and its descendants at `levels`). */
  scope: string;
  /** Which levels are evaluated; each level is a peer group. Default: every level below the scope's and the scope itself. */
  levels?: readonly OrgLevel[] | undefined;
  correctsRunId?: string | undefined;
}

export interface RunEvaluationOutcome {
  runId: string;
  result: EvaluationResult;
  /** True when a run with the requested id was already stored (an earlier attempt of a resumed background run): nothing was written. */
  alreadyStored?: boolean;
}

/** A stage reached by a run: metrics i/n (one step per metric query), then scoring (with ranking), then storing. */
export interface RunProgressReport {
  stage: 'metrics' | 'scoring' | 'storing';
  done: number;
  total: number;
}

export interface RunEvaluationOptions {
  /** Called as the run moves on; a rejection aborts the run. */
  onProgress?: ((report: RunProgressReport) => void | Promise<void>) | undefined;
  /** The id the run is stored under (a background run announces it before it finishes). A run
   *  already stored under it is returned as it is (alreadyStored): a resumed run is stored once. */
  runId?: string | undefined;
}

async function storedRun(db: Kysely<DB>, runId: string): Promise<RunEvaluationOutcome | undefined> {
  const row = await db.selectFrom('evaluation_runs').select(['id', 'result']).where('id', '=', runId).executeTakeFirst();
  return row && { runId, result: row.result as EvaluationResult, alreadyStored: true };
}

export async function runEvaluation(db: Kysely<DB>, catalogue: MetricCatalogue, request: RunEvaluationRequest, now: () => Date = () => new Date(), options: RunEvaluationOptions = {}): Promise<RunEvaluationOutcome> {
  periodRange(request.period);
  if (options.runId) {
    const stored = await storedRun(db, options.runId);
    if (stored) return stored;
  }
  const startedAt = now();
  const { compiled } = await loadIndicatorSystem(db, request.systemCode, request.systemVersion);
  const missing = compiled.metrics.filter((m) => !catalogue.definitions.has(m));
  if (missing.length) {
    throw new AppError('validation_failed', {
      message: { zh: `指标体系引用了平台尚未定义的度量：${missing.join('、')}`, en: `the indicator system uses metrics the platform does not define: ${missing.join(', ')}` },
      details: missing.map((m) => ({ path: ['metrics', m], message: 'no metric definition' })),
    });
  }

  let units = db
    .selectFrom('org_unit_closure as c')
    .innerJoin('org_units as u', 'u.code', 'c.descendant_code')
    .select(['u.code', 'u.name', 'u.level', 'u.parent_code'])
    .where('c.ancestor_code', '=', request.scope);
  if (request.levels?.length) units = units.where('u.level', 'in', [...request.levels]);
  const unitRows = await units.orderBy('u.code').execute();
  if (unitRows.length === 0) {
    throw new AppError('not_found', { message: { zh: `行政区划 ${request.scope} 下没有可评估的单位`, en: `no units to evaluate under org unit ${request.scope}` } });
  }
  const unitInputs: UnitInput[] = unitRows.map((u) => ({ id: u.code, name: u.name, parent: u.parent_code ?? undefined, level: u.level, peerGroup: u.level }));
  const unitSet = new Set(unitInputs.map((u) => u.id));

  const definitions = compiled.metrics.map((m) => catalogue.definitions.get(m)!);
  const onProgress = options.onProgress;
  const facts = onProgress
    ? await computeMetricsStepwise(db, definitions, catalogue.columns, request.period, { units: unitSet }, (done, total) => onProgress({ stage: 'metrics', done, total }))
    : await computeMetrics(db, definitions, catalogue.columns, request.period, { units: unitSet });
  await onProgress?.({ stage: 'scoring', done: definitions.length, total: definitions.length });
  const result = evaluate(compiled, { period: request.period, units: unitInputs, facts });

  await onProgress?.({ stage: 'storing', done: definitions.length, total: definitions.length });
  const runId = options.runId ?? `run_${randomUUID()}`;
  const record = {
    id: runId,
    systemCode: compiled.code,
    systemVersion: compiled.version,
    systemHash: compiled.hash,
    period: request.period,
    scopeOrgUnit: request.scope,
    inputHash: result.inputHash,
    result,
    warnings: result.warnings,
    startedAt,
    correctsRunId: request.correctsRunId,
    inputs: facts.map((f) => ({ unit: f.unit, metric: f.metric, value: f.value })),
    units: result.units.map((u) => ({ unit: u.unit, peerGroup: u.peerGroup, score: u.score, scoreRounded: u.scoreRounded, grade: u.grade, rank: u.rank, vetoed: u.vetoed, vetoes: u.vetoes })),
    indicators: result.units.flatMap((u) =>
      u.indicators.map((i) => ({ unit: u.unit, indicator: i.code, value: i.value, score: i.score, weight: i.weight, contribution: i.contribution, light: i.light, noData: i.noData ?? null })),
    ),
  };
  try {
    await insertEvaluationRun(db, record);
  } catch (error) {
    // Another attempt of the same background run stored it meanwhile: that one counts.
    const stored = options.runId ? await storedRun(db, options.runId).catch(() => undefined) : undefined;
    if (stored) return stored;
    throw error;
  }
  return { runId, result };
}
