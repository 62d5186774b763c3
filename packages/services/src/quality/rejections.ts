// The refused records counted by fact type × field × reason, in SQL: which checks reject the most,
// for a data operator to fix at the source. Each record counts once per error it carries; `records`
// counts each record once. Scoped like the list: by the org unit the payload names.
import type { DB } from '@govperf/storage';
import { sql, type Kysely, type RawBuilder } from 'kysely';

export interface RejectionGroup {
  factType: string;
  field: string;
  /** The reason with its numbers (codes, values) replaced by N, so that one check is one group. */
  reason: string;
  /** One reason of the group as it was written. */
  example: string;
  /** Records refused with this error. */
  count: number;
  lastReceivedAt: string;
}

export interface RejectionSummary {
  /** Refused records in the filter (each once, whatever its number of errors). */
  records: number;
  groups: RejectionGroup[];
}

export interface RejectionFilter {
  factType?: string | undefined;
  source?: string | undefined;
  /** Local (UTC+8) days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** The caller's subtree ('*' everything). Refused records without an org unit only the top sees. */
  area?: string | undefined;
  limit?: number | undefined;
}

/** SQL: a reason with its numbers replaced by N (the grouping key; the list's `reason` filter uses it too). */
export const reasonKind = (reason: RawBuilder<unknown>) => sql<string>`regexp_replace(coalesce(${reason}, ''), '[0-9]+', 'N', 'g')`;

const localDay = sql`to_char(r.received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

function conditions(filter: RejectionFilter) {
  const area = filter.area ?? '*';
  return sql`(${filter.factType ?? null}::text is null or r.fact_type = ${filter.factType ?? null})
    and (${filter.source ?? null}::text is null or r.source = ${filter.source ?? null})
    and (${filter.from ?? null}::text is null or ${localDay} >= ${filter.from ?? null})
    and (${filter.to ?? null}::text is null or ${localDay} <= ${filter.to ?? null})
    and (${area} = '*' or r.payload->>'org_unit' in (select descendant_code from org_unit_closure where ancestor_code = ${area}))`;
}

export async function summariseRejections(db: Kysely<DB>, filter: RejectionFilter = {}): Promise<RejectionSummary> {
  const limit = Math.min(filter.limit ?? 200, 1000);
  const groups = await sql<{ fact_type: string; field: string; reason: string; example: string; n: number | string; last: Date }>`
    select r.fact_type, coalesce(e->>'field', '') as field, ${reasonKind(sql`e->>'reason'`)} as reason, min(e->>'reason') as example, count(distinct r.id) as n, max(r.received_at) as last
    from rejected_records r cross join lateral jsonb_array_elements(case when jsonb_typeof(r.errors) = 'array' then r.errors else '[]'::jsonb end) as e
    where ${conditions(filter)}
    group by 1, 2, 3
    order by n desc, 1, 2, 3
    limit ${limit}`.execute(db);
  const total = await sql<{ n: number | string }>`select count(*) as n from rejected_records r where ${conditions(filter)}`.execute(db);
  return {
    records: Number(total.rows[0]?.n ?? 0),
    groups: groups.rows.map((g) => ({ factType: g.fact_type, field: g.field, reason: g.reason, example: g.example ?? '', count: Number(g.n), lastReceivedAt: new Date(g.last).toISOString() })),
  };
}
