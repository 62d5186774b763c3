// Published results for the portal, per region: the administrative divisions to pick from, the
// published runs that cover a region, a run's units within the region's subtree, and one unit's
// indicator results with their lights. Only published runs; indicator values are the published
// aggregates of the run (rates, counts per unit), never facts, samples or explanations.
import { AppError, type LocalizedText } from '@govperf/contracts';
import type { EvaluationResult } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { getPublishedRun, listPublishedRuns, type PublishedRunSummary, type PublishedUnitResult } from '../evaluation/public';
import { getEvaluationRun } from '../evaluation/runs';
import { RegionCodeSchema, parseOrRefuse } from './schemas';

export interface PublicRegion {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

/** Province, city and county divisions (public facts): the portal's region picker. */
export async function listRegions(db: Kysely<DB>): Promise<PublicRegion[]> {
  const rows = await db.selectFrom('org_units').select(['code', 'name', 'level', 'parent_code']).where('level', 'in', ['province', 'city', 'county']).orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parent: r.parent_code }));
}

/** The region, or 404: an unknown code is an answer, not an empty list. */
export async function requireRegion(db: Kysely<DB>, region: unknown): Promise<PublicRegion> {
  const code = parseOrRefuse(RegionCodeSchema, region);
  const row = await db.selectFrom('org_units').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: { zh: `没有行政区划 ${code}`, en: `no region ${code}` } });
  return { code: row.code, name: row.name, level: row.level, parent: row.parent_code };
}

const subtree = async (db: Kysely<DB>, region: string) =>
  new Set((await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', region).execute()).map((r) => r.descendant_code));

/** Published runs; with a region, only those whose scope contains it (the runs that rank it). */
export async function listPublishedRunsFor(
  db: Kysely<DB>,
  filter: { system?: string | undefined; period?: string | undefined; region?: string | undefined },
): Promise<PublishedRunSummary[]> {
  const runs = await listPublishedRuns(db, { system: filter.system, period: filter.period });
  if (!filter.region) return runs;
  const region = await requireRegion(db, filter.region);
  const ancestors = new Set((await db.selectFrom('org_unit_closure').select('ancestor_code').where('descendant_code', '=', region.code).execute()).map((r) => r.ancestor_code));
  return runs.filter((r) => ancestors.has(r.scope));
}

/** A published run's aggregates; with a region, only the units in its subtree (itself included). */
export async function getPublishedRunFor(db: Kysely<DB>, id: string, region?: string): Promise<PublishedRunSummary & { units: PublishedUnitResult[] }> {
  const run = await getPublishedRun(db, id);
  if (!region) return run;
  const within = await subtree(db, (await requireRegion(db, region)).code);
  return { ...run, units: run.units.filter((u) => within.has(u.unit)) };
}

export interface PublicIndicatorResult {
  code: string;
  name: LocalizedText;
  parent: string | null;
  depth: number;
  leaf: boolean;
  unit: string | null;
  direction: 'benefit' | 'cost';
  target: number | null;
  value: number | null;
  score: number | null;
  light: 'green' | 'yellow' | 'red' | null;
}

export interface PublicUnitIndicators extends PublishedUnitResult {
  run: PublishedRunSummary;
  system: { code: string; version: string; name: LocalizedText };
  vetoed: boolean;
  indicators: PublicIndicatorResult[];
}

/** One unit of a published run: its composite and every indicator's value, score and light. */
export async function getPublishedUnit(db: Kysely<DB>, id: string, unit: string): Promise<PublicUnitIndicators> {
  const published = await getPublishedRun(db, id);
  const summary = published.units.find((u) => u.unit === unit);
  if (!summary) throw new AppError('not_found', { message: { zh: `该评估结果中没有单位 ${unit}`, en: `unit ${unit} is not in this published run` } });
  const run = await getEvaluationRun(db, id, '*');
  const result = run.result as EvaluationResult;
  const unitResult = result.units.find((u) => u.unit === unit)!;
  const byCode = new Map(unitResult.indicators.map((i) => [i.code, i]));
  const { units: _units, ...runSummary } = published;
  return {
    ...summary,
    run: runSummary,
    system: { code: run.system.code, version: run.system.version, name: run.system.name },
    vetoed: unitResult.vetoed,
    indicators: run.system.indicators.map((d) => {
      const r = byCode.get(d.code);
      return { ...d, value: r?.value ?? null, score: r?.score ?? null, light: r?.light ?? null };
    }),
  };
}
