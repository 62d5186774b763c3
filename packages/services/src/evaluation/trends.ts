// A unit's composite score over its last periods (趋势), from stored run results only: per period
// the published run if there is one, else the latest succeeded run, with the unit's rank and the
// average of its peer group in that run. A run of an ancestor's scope (decision 0008) shows the
// rank and the peer average only when at least `minPeerGroup` other ranked units outside the
// caller's area stand behind them (MIN_PEER_GROUP in runs.ts); otherwise both are null and
// `withheld` is set.
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';

export interface TrendPoint {
  period: string;
  runId: string;
  published: boolean;
  score: number | null;
  rank: number | null;
  grade: string | null;
  peerAverage: number | null;
  /** Rank and peer average withheld: too few other units in the peer group of an ancestor's run. */
  withheld?: true;
}

export async function unitTrend(
  db: Kysely<DB>,
  query: { system: string; unit: string; periods: number },
  viewer: { area: string; minPeerGroup: number } = { area: '*', minPeerGroup: 0 },
): Promise<TrendPoint[]> {
  const rows = await sql<{ period: string; run_id: string; published: boolean; score: number | null; rank: number | null; grade: string | null; peer_group: string; peer_average: number | null }>`
    select * from (
      select distinct on (e.period)
        e.period, e.id as run_id, e.published_at is not null as published,
        r.score_rounded as score, r.rank, r.grade, r.peer_group,
        (select avg(p.score_rounded) from evaluation_unit_results p
          where p.run_id = r.run_id and p.peer_group = r.peer_group and p.rank is not null) as peer_average
      from evaluation_unit_results r
      join evaluation_runs e on e.id = r.run_id
      where e.system_code = ${query.system} and r.unit = ${query.unit} and e.status = 'succeeded'
      order by e.period, (e.published_at is null), e.finished_at desc
    ) latest
    order by period desc
    limit ${query.periods}`.execute(db);
  const points: TrendPoint[] = [];
  for (const r of rows.rows) {
    const point: TrendPoint = { period: r.period, runId: r.run_id, published: r.published, score: r.score, rank: r.rank, grade: r.grade, peerAverage: r.peer_average === null ? null : Math.round(Number(r.peer_average) * 100) / 100 };
    if (viewer.area !== '*') {
      // Ranked units of the group outside the caller's area: none in a run of their own subtree.
      const { others } = await db
        .selectFrom('evaluation_unit_results')
        .select((eb) => eb.fn.countAll<number | string>().as('others'))
        .where('run_id', '=', r.run_id)
        .where('peer_group', '=', r.peer_group)
        .where('rank', 'is not', null)
        .where('unit', 'not in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', viewer.area))
        .executeTakeFirstOrThrow();
      const count = Number(others);
      if (count > 0 && count < viewer.minPeerGroup) Object.assign(point, { rank: null, peerAverage: null, withheld: true });
    }
    points.push(point);
  }
  return points.reverse();
}
