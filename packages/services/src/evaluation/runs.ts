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
  /** 'own-subtree': a run of an ancestor's scope, of which the caller sees only their own units' rows. */
  access: RunAccess;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * What a caller may see of a run (docs/decisions/0008-own-result-in-ancestor-run.md): all of it
 * when their area contains the run's scope; their own subtree's rows and the aggregates when the
 * run's scope contains their area (a county inside a province run); nothing otherwise.
 */
export type RunAccess = 'full' | 'own-subtree';

const notFound = () => new AppError('not_found', { message: { zh: '评估运行不存在', en: 'evaluation run not found' } });

async function accessTo(db: Kysely<DB>, scope: string, callerArea: string): Promise<RunAccess | null> {
  if (callerArea === '*') return 'full';
  const rows = await db
    .selectFrom('org_unit_closure')
    .select(['ancestor_code'])
    .where((eb) => eb.or([eb.and([eb('ancestor_code', '=', callerArea), eb('descendant_code', '=', scope)]), eb.and([eb('ancestor_code', '=', scope), eb('descendant_code', '=', callerArea)])]))
    .execute();
  if (rows.some((r) => r.ancestor_code === callerArea)) return 'full';
  return rows.length ? 'own-subtree' : null;
}

const subtreeOf = async (db: Kysely<DB>, area: string) =>
  (await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area).execute()).map((r) => r.descendant_code);

/** Units are visible to callers whose area contains them. */
async function assertVisible(db: Kysely<DB>, unit: string, callerArea: string): Promise<void> {
  if (callerArea === '*') return;
  const row = await db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', callerArea).where('descendant_code', '=', unit).executeTakeFirst();
  if (!row) throw notFound();
}

/** `partial`: whether the caller may read a run of an ancestor (their own rows only); publishing may not. */
async function loadRun(db: Kysely<DB>, id: string, callerArea: string, partial = false) {
  const run = await findEvaluationRun(db, id);
  if (!run) throw new AppError('not_found', { message: { zh: `评估运行 ${id} 不存在`, en: `evaluation run ${id} not found` } });
  const access = await accessTo(db, run.scope_org_unit, callerArea);
  if (access === null || (access === 'own-subtree' && !partial)) throw notFound();
  return { ...run, access };
}

function summary(run: NonNullable<Awaited<ReturnType<typeof findEvaluationRun>>>, access: RunAccess = 'full'): RunSummary {
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
    access,
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
  const run = await loadRun(db, id, callerArea, true);
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
  const base = summary(run, run.access);
  let result = run.result as EvaluationResult;
  if (run.access === 'own-subtree') {
    // Their own units' rows (with their ranks); of everyone else only the peer groups' aggregates.
    const own = new Set(await subtreeOf(db, callerArea));
    result = { ...result, units: result.units.filter((u) => own.has(u.unit)) };
  }
  return { ...base, system: { ...base.system, name: compiled.name, indicators }, result };
}

/** The caller's subtree's runs, and (access 'own-subtree') the runs of the units above them. */
export async function listRuns(db: Kysely<DB>, filter: { systemCode?: string | undefined; period?: string | undefined }, callerArea: string): Promise<RunSummary[]> {
  if (callerArea === '*') return (await listEvaluationRuns(db, filter)).map((r) => summary({ ...r, result: null, warnings: [], error: null }));
  const below = await subtreeOf(db, callerArea);
  const above = (await db.selectFrom('org_unit_closure').select('ancestor_code').where('descendant_code', '=', callerArea).where('depth', '>', 0).execute()).map((r) => r.ancestor_code);
  const rows = await listEvaluationRuns(db, { ...filter, scopes: [...below, ...above] });
  const ancestors = new Set(above);
  return rows.map((r) => summary({ ...r, result: null, warnings: [], error: null }, ancestors.has(r.scope_org_unit) ? 'own-subtree' : 'full'));
}

export async function publishRun(db: Kysely<DB>, id: string, callerArea: string, now: Date = new Date()): Promise<RunSummary> {
  const run = await loadRun(db, id, callerArea);
  if (run.published_at) throw new AppError('conflict', { message: { zh: '该评估结果已发布', en: 'this run is already published' } });
  // A run of a draft system version is a trial: its weights and targets have not been adopted.
  const version = await db.selectFrom('indicator_systems').select('status').where('code', '=', run.system_code).where('version', '=', run.system_version).executeTakeFirst();
  if (version && version.status !== 'published') {
    throw new AppError('conflict', { message: { zh: `该评估使用的指标体系 ${run.system_code} ${run.system_version} 尚未发布，试算结果不能发布`, en: `this run used the unpublished version ${run.system_version} of ${run.system_code}; a trial run cannot be published` } });
  }
  if (!(await publishEvaluationRun(db, id, now))) throw new AppError('conflict', { message: { zh: '该评估运行无法发布', en: 'this run cannot be published' } });
  return summary((await findEvaluationRun(db, id))!, run.access);
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
  // Inside an ancestor's run, their own units only.
  const run = await loadRun(db, id, callerArea, true);
  await assertVisible(db, unit, callerArea);
  const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
  const result = run.result as EvaluationResult;
  const inputs = await runInputs(db, id);
  const units = result.units.map((u) => ({ id: u.unit, name: u.name ?? undefined, peerGroup: u.peerGroup }));
  try {
    const explanation = explain(compiled, { period: run.period, units, facts: inputs.map((i) => ({ unit: i.unit, metric: i.metric, value: i.value, source: { run: id } })) }, unit, indicator);
    const samples = catalogue ? await sampleFacts(db, catalogue, explanation.facts.map((f) => f.metric), run.period, unit, privacy) : {};
    return { ...explanation, run: summary(run, run.access), samples };
  } catch (error) {
    if (error instanceof Error && error.name === 'EvaluationInputError') throw new AppError('not_found', { message: error.message });
    throw error;
  }
}
