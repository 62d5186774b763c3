// Reading, explaining and publishing stored evaluation runs. Explanations are recomputed from
// the run's own stored inputs and system version, so they always match what was published.
import { AppError, type LocalizedText } from '@govperf/contracts';
import { explain, type EvaluationResult, type Explanation, type PeerGroupResult, type UnitResult } from '@govperf/engine';
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

/**
 * The smallest number of OTHER units (outside the caller's subtree) that must stand behind a
 * figure of a peer group before an `own-subtree` caller sees it (decision 0008): with fewer, the
 * group's average, the per-indicator means and peer statistics, and the ranks (their own included)
 * would let them work out another unit's value. The server's GOVPERF_MIN_PEER_GROUP overrides it.
 */
export const MIN_PEER_GROUP = 5;

/** Why figures of a peer group are not shown to this caller. */
export interface WithheldFigures {
  reason: LocalizedText;
  /** The minimum number of other units (GOVPERF_MIN_PEER_GROUP). */
  minGroup: number;
}

/** A peer group as the caller sees it: `suppressed` when its figures are withheld from them. */
export type PeerGroupView = Omit<PeerGroupResult, 'indicators'> & {
  indicators: Record<string, PeerGroupResult['indicators'][string] & { suppressed?: true }>;
  suppressed?: WithheldFigures;
};
export type RunResultView = Omit<EvaluationResult, 'peerGroups'> & { peerGroups: PeerGroupView[] };

export const withheldReason = (minGroup: number): WithheldFigures => ({
  reason: { zh: `同组其他单位少于 ${minGroup} 个，不显示组内汇总与排名`, en: `fewer than ${minGroup} other units in the group: group figures and ranks withheld` },
  minGroup,
});

/** 0 < count < minGroup: some other units, but too few to hide behind one another. */
const tooFew = (count: number, minGroup: number) => count > 0 && count < minGroup;

/**
 * What an own-subtree caller may see of each peer group, worked out on the full stored result.
 * A group is withheld when fewer than `minGroup` other units have a composite score (they make
 * the average and the ranks); an indicator's mean and statistics are withheld when fewer than
 * `minGroup` other units have a value or score for it. No other unit at all: nothing to protect.
 */
export function peerGroupWithholding(result: EvaluationResult, own: ReadonlySet<string>, minGroup: number): Map<string, { group: boolean; indicators: Set<string> }> {
  const withholding = new Map<string, { group: boolean; indicators: Set<string> }>();
  for (const group of result.peerGroups) {
    const others = result.units.filter((u) => u.peerGroup === group.code && !own.has(u.unit));
    const indicators = new Set<string>();
    for (const code of Object.keys(group.indicators)) {
      const contributing = others.filter((u) => u.indicators.some((i) => i.code === code && (i.value !== null || i.score !== null))).length;
      if (tooFew(contributing, minGroup)) indicators.add(code);
    }
    withholding.set(group.code, { group: tooFew(others.filter((u) => u.score !== null).length, minGroup), indicators });
  }
  return withholding;
}

/** The own-subtree view: the caller's own rows, and of the peer groups what `minGroup` allows. */
function ownSubtreeView(result: EvaluationResult, own: ReadonlySet<string>, minGroup: number): RunResultView {
  const withholding = peerGroupWithholding(result, own, minGroup);
  const units: UnitResult[] = result.units
    .filter((u) => own.has(u.unit))
    .map((u) => (withholding.get(u.peerGroup)?.group ? { ...u, rank: null, ...(u.topsis === undefined ? {} : { topsis: null }) } : u));
  const peerGroups = result.peerGroups.map((g): PeerGroupView => {
    const withheld = withholding.get(g.code)!;
    if (!withheld.group && withheld.indicators.size === 0) return g;
    const indicators = Object.fromEntries(
      Object.entries(g.indicators).map(([code, figures]) => [code, withheld.group || withheld.indicators.has(code) ? { value: null, score: null, stats: null, suppressed: true as const } : figures]),
    );
    return withheld.group ? { ...g, average: null, indicators, suppressed: withheldReason(minGroup) } : { ...g, indicators };
  });
  return { ...result, units, peerGroups };
}

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

/** `minPeerGroup`: see MIN_PEER_GROUP (only own-subtree callers are affected). */
export async function getEvaluationRun(
  db: Kysely<DB>,
  id: string,
  callerArea: string,
  minPeerGroup: number = MIN_PEER_GROUP,
): Promise<RunSummary & { result: RunResultView; system: RunSummary['system'] & { name: LocalizedText; indicators: IndicatorDefinitionView[] } }> {
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
  let result: RunResultView = run.result as EvaluationResult;
  if (run.access === 'own-subtree') {
    // Their own units' rows (with their ranks); of everyone else only the peer groups' aggregates,
    // and those only where enough other units stand behind them.
    if (run.result) result = ownSubtreeView(run.result as EvaluationResult, new Set(await subtreeOf(db, callerArea)), minPeerGroup);
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
 * `unmask` for callers allowed to see personal data in full (default: masked). An own-subtree
 * caller gets the peer statistics and the rank only where the run view shows them (`withheld`
 * says why they are null; see MIN_PEER_GROUP).
 */
export async function explainRun(
  db: Kysely<DB>,
  id: string,
  unit: string,
  indicator: string,
  callerArea: string,
  catalogue?: MetricCatalogue,
  privacy: PrivacyOptions = {},
  minPeerGroup: number = MIN_PEER_GROUP,
): Promise<Explanation & { run: RunSummary; samples: SampleFacts; withheld?: WithheldFigures }> {
  // Inside an ancestor's run, their own units only.
  const run = await loadRun(db, id, callerArea, true);
  await assertVisible(db, unit, callerArea);
  const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
  const result = run.result as EvaluationResult;
  const inputs = await runInputs(db, id);
  const units = result.units.map((u) => ({ id: u.unit, name: u.name ?? undefined, peerGroup: u.peerGroup }));
  try {
    let explanation: Explanation & { withheld?: WithheldFigures } = explain(compiled, { period: run.period, units, facts: inputs.map((i) => ({ unit: i.unit, metric: i.metric, value: i.value, source: { run: id } })) }, unit, indicator);
    if (run.access === 'own-subtree') {
      const withheld = peerGroupWithholding(result, new Set(await subtreeOf(db, callerArea)), minPeerGroup).get(explanation.unit.peerGroup);
      const statsWithheld = withheld !== undefined && (withheld.group || withheld.indicators.has(indicator));
      if (withheld?.group || statsWithheld) {
        explanation = {
          ...explanation,
          scoring: explanation.scoring && statsWithheld ? { ...explanation.scoring, peer: null } : explanation.scoring,
          composite: withheld?.group ? { ...explanation.composite, rank: null } : explanation.composite,
          withheld: withheldReason(minPeerGroup),
        };
      }
    }
    const samples = catalogue ? await sampleFacts(db, catalogue, explanation.facts.map((f) => f.metric), run.period, unit, privacy) : {};
    return { ...explanation, run: summary(run, run.access), samples };
  } catch (error) {
    if (error instanceof Error && error.name === 'EvaluationInputError') throw new AppError('not_found', { message: error.message });
    throw error;
  }
}
