// The result-application lists of a published run (结果运用名单, docs/result-application.md §2):
// the commendation list (通报表扬, the top share of the peer group in each of the last N
// consecutive periods) and the interview list (约谈, the bottom share this period). The earlier
// periods are the same system's published runs of the same scope; every placement comes from the
// stored unit results (evaluation_unit_results: published score, rank, peer group), never from
// facts, so the lists always agree with what was published.
//
// Missing earlier periods do not fail the call: the interview list needs only the current period,
// so the answer carries an empty commendation list and names the missing periods in
// `missingPeriods` (with a note saying why the commendation list is empty).
import { AppError, PeriodSchema, ResultListsConfigSchema, type LocalizedText, type ResultListsConfig } from '@govperf/contracts';
import { ApplicationInputError, interviewList, resultLists, type ListEntry, type ListPlacement, type PeriodResults } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';

/** A stored run as the application services read it. */
export interface ApplicationRunRow {
  id: string;
  system_code: string;
  system_version: string;
  period: string;
  scope_org_unit: string;
  status: string;
  published_at: Date | null;
}

/**
 * The run, if the caller may see it (its scope is inside the caller's area) and it is published;
 * otherwise not_found (not visible, as for every other run read) or conflict (not published).
 */
export async function publishedRunOf(db: Kysely<DB>, id: string, callerArea: string, purpose: LocalizedText): Promise<ApplicationRunRow> {
  const run = await db
    .selectFrom('evaluation_runs')
    .select(['id', 'system_code', 'system_version', 'period', 'scope_org_unit', 'status', 'published_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  const visible =
    run &&
    (callerArea === '*' ||
      (await db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', callerArea).where('descendant_code', '=', run.scope_org_unit).executeTakeFirst()) !== undefined);
  if (!run || !visible) throw new AppError('not_found', { message: { zh: `评估运行 ${id} 不存在`, en: `evaluation run ${id} not found` } });
  if (run.published_at === null) {
    throw new AppError('conflict', {
      message: { zh: `评估运行 ${id} 尚未发布：${purpose.zh}只依据已发布的结果`, en: `evaluation run ${id} is not published: ${purpose.en} use published results only` },
    });
  }
  return { ...run, published_at: new Date(run.published_at) };
}

/** An ApplicationInputError (or a zod issue) as validation_failed naming the field. */
export function applicationInputFailure(error: ApplicationInputError): AppError {
  return new AppError('validation_failed', {
    message: { zh: `输入有误：${error.message}`, en: `invalid input: ${error.message}` },
    details: [{ path: error.field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), message: error.reason }],
  });
}

/** The period before `period`: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025 (the inverse of nextPeriod). */
export function periodBefore(period: string): string {
  const p = PeriodSchema.parse(period);
  const year = Number(p.slice(0, 4));
  if (p.length === 4) return String(year - 1);
  if (p[5] === 'Q') {
    const q = Number(p[6]);
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const month = Number(p.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** One list entry: where the unit stands this period, and each period that put it on the list. */
export interface ResultListEntryView {
  unit: string;
  name: string | null;
  peerGroup: string;
  /** This period's published rank and score in the peer group. */
  rank: number;
  score: number;
  /** Oldest first; the interview list has only the current period. */
  placements: ListPlacement[];
}

export interface RunResultLists {
  run: { id: string; system: { code: string; version: string }; period: string; scope: string; publishedAt: string };
  config: ResultListsConfig;
  /** The published runs the lists were drawn from, oldest first, the current run last. */
  basis: { runId: string; period: string; publishedAt: string }[];
  /** Earlier periods with no published run of the same system and scope: when any, the commendation list is empty. */
  missingPeriods: string[];
  note: LocalizedText | null;
  commendation: ResultListEntryView[];
  interview: ResultListEntryView[];
}

const view = (e: ListEntry): ResultListEntryView => {
  const current = e.placements.at(-1)!;
  return { unit: e.unit, name: e.name, peerGroup: e.peerGroup, rank: current.rank, score: current.score, placements: e.placements };
};

function parseConfig(config: unknown): ResultListsConfig {
  const parsed = ResultListsConfigSchema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', {
    message: { zh: `名单设置有误：${parsed.error.issues.map((i) => i.message).join('; ')}`, en: `invalid list settings: ${parsed.error.issues.map((i) => i.message).join('; ')}` },
    details: parsed.error.issues.map((i) => ({ path: i.path.map((s) => (typeof s === 'number' ? s : String(s))), message: i.message })),
  });
}

/** The stored unit results of one run, with unit names from the org tree. */
async function periodResults(db: Kysely<DB>, run: { id: string; period: string }): Promise<PeriodResults> {
  const rows = await db
    .selectFrom('evaluation_unit_results as r')
    .leftJoin('org_units as u', 'u.code', 'r.unit')
    .select(['r.unit', 'u.name', 'r.peer_group', 'r.score_rounded', 'r.rank'])
    .where('r.run_id', '=', run.id)
    .orderBy('r.unit')
    .execute();
  return {
    period: run.period,
    units: rows.map((r) => ({ unit: r.unit, name: r.name, peerGroup: r.peer_group, score: r.score_rounded === null ? null : Number(r.score_rounded), rank: r.rank === null ? null : Number(r.rank) })),
  };
}

/**
 * The lists of one published run. The earlier periods are the `consecutivePeriods − 1` periods
 * before the run's, each taken from the same system's (any version) published run of the same
 * scope; when a period was published more than once (a correction), the latest publication counts.
 */
export async function runResultLists(db: Kysely<DB>, runId: string, config: unknown, callerArea: string): Promise<RunResultLists> {
  const c = parseConfig(config);
  const run = await publishedRunOf(db, runId, callerArea, { zh: '结果运用名单', en: 'result-application lists' });

  const wanted: string[] = [];
  for (let p = run.period, i = 1; i < c.consecutivePeriods; i++) wanted.unshift((p = periodBefore(p)));
  const earlier = wanted.length
    ? await db
        .selectFrom('evaluation_runs')
        .select(['id', 'period', 'published_at'])
        .where('system_code', '=', run.system_code)
        .where('scope_org_unit', '=', run.scope_org_unit)
        .where('period', 'in', wanted)
        .where('status', '=', 'succeeded')
        .where('published_at', 'is not', null)
        .execute()
    : [];
  const latest = new Map<string, { id: string; period: string; published_at: Date }>();
  for (const r of earlier) {
    const row = { id: r.id, period: r.period, published_at: new Date(r.published_at!) };
    const seen = latest.get(r.period);
    if (!seen || row.published_at > seen.published_at || (row.published_at.getTime() === seen.published_at.getTime() && row.id > seen.id)) latest.set(r.period, row);
  }
  const missingPeriods = wanted.filter((p) => !latest.has(p));
  const basisRuns = [...wanted.filter((p) => latest.has(p)).map((p) => latest.get(p)!), { id: run.id, period: run.period, published_at: run.published_at! }];

  try {
    let commendation: ListEntry[];
    let interview: ListEntry[];
    if (missingPeriods.length) {
      interview = interviewList(await periodResults(db, run), c);
      commendation = [];
    } else {
      const periods: PeriodResults[] = [];
      for (const r of basisRuns) periods.push(await periodResults(db, r));
      ({ commendation, interview } = resultLists(periods, c));
    }
    const missing = missingPeriods.join(', ');
    return {
      run: { id: run.id, system: { code: run.system_code, version: run.system_version }, period: run.period, scope: run.scope_org_unit, publishedAt: run.published_at!.toISOString() },
      config: c,
      basis: (missingPeriods.length ? basisRuns.slice(-1) : basisRuns).map((r) => ({ runId: r.id, period: r.period, publishedAt: r.published_at.toISOString() })),
      missingPeriods,
      note: missingPeriods.length
        ? {
            zh: `通报表扬名单需要连续 ${c.consecutivePeriods} 期的已发布结果，缺少 ${missing} 的已发布结果，故表扬名单为空；约谈名单仅依据本期。`,
            en: `the commendation list needs published results for ${c.consecutivePeriods} consecutive periods and ${missing} ${missingPeriods.length > 1 ? 'have' : 'has'} none, so it is empty; the interview list uses this period only.`,
          }
        : null,
      commendation: commendation.map(view),
      interview: interview.map(view),
    };
  } catch (error) {
    if (error instanceof ApplicationInputError) throw applicationInputFailure(error);
    throw error;
  }
}
