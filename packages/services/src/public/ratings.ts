// 好差评 aggregates for the public (docs/metrics.md §2 ratings): per direct child of a region,
// each over its subtree, and for the region itself, from the accepted ratings rated in the period
// (flagged and rejected ratings are not counted, as in every metric). Computed in SQL.
import { periodRange } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { requireRegion, type PublicRegion } from './results';
import { parseOrRefuse, RatingsQuerySchema } from './schemas';

export interface RatingAggregate {
  unit: string;
  name: string;
  total: number;
  /** Count per level, '1' (非常不满意) … '5' (非常满意). */
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** 好评率: levels 4–5 over all, 0–1; null without ratings. */
  goodRate: number | null;
  /** 差评: levels 1–2. */
  bad: number;
  /** 差评 with rectified_at set (rectified and fed back to the rater). */
  badRectified: number;
  /** 差评整改率: badRectified / bad, 0–1; null without 差评. */
  badRectifiedRate: number | null;
}

export interface PublicRatings {
  region: PublicRegion;
  period: string;
  totals: RatingAggregate;
  units: RatingAggregate[];
}

type Row = { code: string; name: string; total: string; l1: string; l2: string; l3: string; l4: string; l5: string; bad: string; bad_rectified: string; good_rate: number | string | null; bad_rectified_rate: number | string | null };

const toAggregate = (r: Row): RatingAggregate => ({
  unit: r.code,
  name: r.name,
  total: Number(r.total),
  levels: { '1': Number(r.l1), '2': Number(r.l2), '3': Number(r.l3), '4': Number(r.l4), '5': Number(r.l5) },
  goodRate: r.good_rate === null ? null : Number(r.good_rate),
  bad: Number(r.bad),
  badRectified: Number(r.bad_rectified),
  badRectifiedRate: r.bad_rectified_rate === null ? null : Number(r.bad_rectified_rate),
});

export async function publicRatings(db: Kysely<DB>, query: unknown): Promise<PublicRatings> {
  const { region: code, period } = parseOrRefuse(RatingsQuerySchema, query);
  const region = await requireRegion(db, code);
  const { start, end } = periodRange(period);
  const { rows } = await sql<Row>`
    select c.code, c.name,
      count(r.id) as total,
      count(r.id) filter (where r.level = 1) as l1,
      count(r.id) filter (where r.level = 2) as l2,
      count(r.id) filter (where r.level = 3) as l3,
      count(r.id) filter (where r.level = 4) as l4,
      count(r.id) filter (where r.level = 5) as l5,
      count(r.id) filter (where r.level <= 2) as bad,
      count(r.id) filter (where r.level <= 2 and r.rectified_at is not null) as bad_rectified,
      (count(r.id) filter (where r.level >= 4))::double precision / nullif(count(r.id), 0) as good_rate,
      (count(r.id) filter (where r.level <= 2 and r.rectified_at is not null))::double precision / nullif(count(r.id) filter (where r.level <= 2), 0) as bad_rectified_rate
    from org_units c
    left join org_unit_closure cl on cl.ancestor_code = c.code
    left join ratings r on r.org_unit = cl.descendant_code and r.quality_status = 'accepted' and r.rated_at >= ${start} and r.rated_at < ${end}
    where c.code = ${region.code} or c.parent_code = ${region.code}
    group by c.code, c.name
    order by c.code`.execute(db);
  const own = rows.find((r) => r.code === region.code)!;
  return { region, period, totals: toAggregate(own), units: rows.filter((r) => r.code !== region.code).map(toAggregate) };
}
