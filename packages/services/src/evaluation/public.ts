// What the public may see: published runs only, and only their aggregates (each unit's score,
// grade and rank, and each top-level indicator's score; the portal adds each indicator's value
// and light, services/public/results.ts) — never facts, samples or explanations.
import { AppError, type LocalizedText } from '@govperf/contracts';
import type { EvaluationResult } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';

export interface PublishedRunSummary {
  id: string;
  system: { code: string; version: string };
  period: string;
  scope: string;
  publishedAt: string;
}

export interface PublishedUnitResult {
  unit: string;
  name: string | null;
  peerGroup: string;
  score: number | null;
  grade: string | null;
  gradeName: LocalizedText | null;
  rank: number | null;
  /** Scores of the top-level indicators (一级指标), for the public radar. */
  dimensions: { indicator: string; score: number | null }[];
}

const toSummary = (r: { id: string; system_code: string; system_version: string; period: string; scope_org_unit: string; published_at: Date | null }): PublishedRunSummary => ({
  id: r.id,
  system: { code: r.system_code, version: r.system_version },
  period: r.period,
  scope: r.scope_org_unit,
  publishedAt: new Date(r.published_at!).toISOString(),
});

const publishedRuns = (db: Kysely<DB>) =>
  db.selectFrom('evaluation_runs').select(['id', 'system_code', 'system_version', 'period', 'scope_org_unit', 'published_at']).where('published_at', 'is not', null);

export async function listPublishedRuns(db: Kysely<DB>, filter: { system?: string | undefined; period?: string | undefined; limit?: number }): Promise<PublishedRunSummary[]> {
  let query = publishedRuns(db);
  if (filter.system) query = query.where('system_code', '=', filter.system);
  if (filter.period) query = query.where('period', '=', filter.period);
  const rows = await query.orderBy('published_at', 'desc').limit(filter.limit ?? 100).execute();
  return rows.map(toSummary);
}

export async function getPublishedRun(db: Kysely<DB>, id: string): Promise<PublishedRunSummary & { units: PublishedUnitResult[] }> {
  const row = await publishedRuns(db).select('result').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: { zh: '没有已发布的该评估结果', en: 'no published run with this id' } });
  const result = row.result as EvaluationResult;
  return {
    ...toSummary(row),
    units: result.units.map((u) => ({
      unit: u.unit,
      name: u.name,
      peerGroup: u.peerGroup,
      score: u.scoreRounded,
      grade: u.grade,
      gradeName: u.gradeName,
      rank: u.rank,
      dimensions: u.indicators.filter((i) => i.parent === null).map((i) => ({ indicator: i.code, score: i.score })),
    })),
  };
}
