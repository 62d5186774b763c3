// Reading, explaining and publishing stored evaluation runs. Explanations are recomputed from
// the run's own stored inputs and system version, so they always match what was published.
import { AppError, type LocalizedText } from '@govperf/contracts';
import { explain, type EvaluationResult, type Explanation } from '@govperf/engine';
import { periodRange, type PersonalDataFields, type PersonalFieldKind } from '@govperf/contracts';
import { findEvaluationRun, listEvaluationRuns, publishEvaluationRun, runInputs, type DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { compileSampleQuery } from '../metrics/compile';
import type { MetricDefinition } from '../metrics/definition';
import { maskPersonalRecord, personalDataOfTable, type PrivacyOptions } from '../privacy/masking';
import type { MetricCatalogue } from './run-evaluation';
import { loadIndicatorSystem } from './systems';

/** Sample rows per metric: the facts behind a metric value, for people to check. */
export type SampleFacts = Record<string, Record<string, unknown>[]>;

/**
 * The personal data of a metric's rows: its table's, or for a union source, each virtual column
 * that some part takes from a personal, free-text or pseudonymous column (coalesce counts too).
 */
function personalDataOfSource(def: MetricDefinition): PersonalDataFields {
  if (!def.union) return personalDataOfTable(def.table);
  const personal: Record<string, PersonalFieldKind> = {};
  const freeText = new Set<string>();
  const pseudonymous = new Set<string>();
  for (const part of def.union) {
    const fields = personalDataOfTable(part.table);
    for (const [alias, expr] of Object.entries(part.columns)) {
      const columns = typeof expr === 'string' ? [expr] : 'coalesce' in expr ? expr.coalesce : [];
      for (const column of columns) {
        const kind = fields.personal[column];
        if (kind) personal[alias] ??= kind;
        if (fields.freeText.includes(column)) freeText.add(alias);
        if (fields.pseudonymous.includes(column)) pseudonymous.add(alias);
      }
    }
  }
  return { personal, freeText: [...freeText], pseudonymous: [...pseudonymous] };
}

/** Personal data in samples is decrypted and masked (PERSONAL_DATA), or shown in full with `unmask`. */
async function sampleFacts(db: Kysely<DB>, catalogue: MetricCatalogue, metrics: readonly string[], period: string, unit: string, privacy: PrivacyOptions): Promise<SampleFacts> {
  const { start, end } = periodRange(period);
  const samples: SampleFacts = {};
  for (const metric of metrics) {
    const def = catalogue.definitions.get(metric);
    if (!def) continue;
    const { rows } = await compileSampleQuery(def, catalogue.columns, start, end, unit).execute(db);
    const fields = personalDataOfSource(def);
    samples[metric] = rows.map((row) => maskPersonalRecord(fields, row, privacy));
  }
  return samples;
}

export interface RunSummary {
  id: string;
  system: { code: string; version: string; hash: string };
  period: string;
  scope: string;
  inputHash: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  publishedAt: string | null;
  correctsRunId: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Runs are visible to callers whose area contains the run's scope. */
async function assertVisible(db: Kysely<DB>, scope: string, callerArea: string): Promise<void> {
  if (callerArea === '*') return;
  const row = await db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', callerArea).where('descendant_code', '=', scope).executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: { zh: '评估运行不存在', en: 'evaluation run not found' } });
}

async function loadRun(db: Kysely<DB>, id: string, callerArea: string) {
  const run = await findEvaluationRun(db, id);
  if (!run) throw new AppError('not_found', { message: { zh: `评估运行 ${id} 不存在`, en: `evaluation run ${id} not found` } });
  await assertVisible(db, run.scope_org_unit, callerArea);
  return run;
}

function summary(run: NonNullable<Awaited<ReturnType<typeof findEvaluationRun>>>): RunSummary {
  return {
    id: run.id,
    system: { code: run.system_code, version: run.system_version, hash: run.system_hash },
    period: run.period,
    scope: run.scope_org_unit,
    inputHash: run.input_hash,
    status: run.status,
    startedAt: iso(run.started_at)!,
    finishedAt: iso(run.finished_at),
    publishedAt: iso(run.published_at),
    correctsRunId: run.corrects_run_id,
  };
}

/** What a reader needs to label a result: each indicator's name, unit, direction and target (from the run's system version). */
export interface IndicatorDefinitionView {
  code: string;
  name: LocalizedText;
  parent: string | null;
  depth: number;
  leaf: boolean;
  unit: string | null;
  direction: 'benefit' | 'cost';
  target: number | null;
  /** The responsible office named in the system (责任单位), if any. */
  owner: string | null;
}

export async function getEvaluationRun(db: Kysely<DB>, id: string, callerArea: string): Promise<RunSummary & { result: EvaluationResult; system: RunSummary['system'] & { name: LocalizedText; indicators: IndicatorDefinitionView[] } }> {
  const run = await loadRun(db, id, callerArea);
  const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
  const nodes = compiled.nodes.filter((n) => n.depth > 0);
  const indicators = nodes.map((n) => ({
    code: n.code,
    name: n.name,
    parent: n.parent > 0 ? compiled.nodes[n.parent]!.code : null,
    depth: n.depth,
    leaf: n.leaf,
    unit: n.unit ?? null,
    direction: n.direction,
    target: n.target ?? null,
    owner: n.owner ?? null,
  }));
  const base = summary(run);
  return { ...base, system: { ...base.system, name: compiled.name, indicators }, result: run.result as EvaluationResult };
}

export async function listRuns(db: Kysely<DB>, filter: { systemCode?: string | undefined; period?: string | undefined }, callerArea: string): Promise<RunSummary[]> {
  const scopes =
    callerArea === '*' ? undefined : (await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', callerArea).execute()).map((r) => r.descendant_code);
  const rows = await listEvaluationRuns(db, { ...filter, ...(scopes ? { scopes } : {}) });
  return rows.map((r) => summary({ ...r, result: null, warnings: [], error: null }));
}

export async function publishRun(db: Kysely<DB>, id: string, callerArea: string, now: Date = new Date()): Promise<RunSummary> {
  const run = await loadRun(db, id, callerArea);
  if (run.published_at) throw new AppError('conflict', { message: { zh: '该评估结果已发布', en: 'this run is already published' } });
  if (!(await publishEvaluationRun(db, id, now))) throw new AppError('conflict', { message: { zh: '该评估运行无法发布', en: 'this run cannot be published' } });
  return summary((await findEvaluationRun(db, id))!);
}

/**
 * `privacy`: the field cipher that opens the encrypted personal fields of the samples, and
 * `unmask` for callers allowed to see personal data in full (default: masked).
 */
export async function explainRun(
  db: Kysely<DB>,
  id: string,
  unit: string,
  indicator: string,
  callerArea: string,
  catalogue?: MetricCatalogue,
  privacy: PrivacyOptions = {},
): Promise<Explanation & { run: RunSummary; samples: SampleFacts }> {
  const run = await loadRun(db, id, callerArea);
  await assertVisible(db, unit, callerArea);
  const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
  const result = run.result as EvaluationResult;
  const inputs = await runInputs(db, id);
  const units = result.units.map((u) => ({ id: u.unit, name: u.name ?? undefined, peerGroup: u.peerGroup }));
  try {
    const explanation = explain(compiled, { period: run.period, units, facts: inputs.map((i) => ({ unit: i.unit, metric: i.metric, value: i.value, source: { run: id } })) }, unit, indicator);
    const samples = catalogue ? await sampleFacts(db, catalogue, explanation.facts.map((f) => f.metric), run.period, unit, privacy) : {};
    return { ...explanation, run: summary(run), samples };
  } catch (error) {
    if (error instanceof Error && error.name === 'EvaluationInputError') throw new AppError('not_found', { message: error.message });
    throw error;
  }
}
