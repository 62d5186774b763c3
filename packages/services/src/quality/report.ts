// The data-quality report per source and day, the rejected records, and the daily checks that
// need more than one record to see: bursts of identical top ratings (刷分) and sources that
// stopped syncing. All aggregation in SQL.
import { FACT_TABLE_COLUMNS, type DB, type FactTableName } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';

export interface SourceDayQuality {
  factTable: string;
  source: string;
  /** Local (UTC+8) date the records arrived. */
  day: string;
  received: number;
  accepted: number;
  qualityRejected: number;
  flagged: number;
  lateSync: number;
  /** Records refused outright (schema, references) that day from that source. */
  rejectedRecords: number;
}

export interface SourceFreshness {
  factTable: string;
  source: string;
  lastIngestedAt: string;
  /** No record for more than two hours. */
  stale: boolean;
}

export interface QualityReport {
  days: SourceDayQuality[];
  freshness: SourceFreshness[];
}

const FACT_TABLES_WITH_QUALITY = (Object.keys(FACT_TABLE_COLUMNS) as FactTableName[]).filter((t) => (FACT_TABLE_COLUMNS[t] as readonly string[]).includes('quality_status'));
const STALE_AFTER_MS = 2 * 3600 * 1000;
const localDay = sql`to_char(ingested_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

export async function qualityReport(db: Kysely<DB>, options: { from?: string; to?: string; source?: string; now?: Date } = {}): Promise<QualityReport> {
  const now = options.now ?? new Date();
  const days: SourceDayQuality[] = [];
  const freshness: SourceFreshness[] = [];
  for (const table of FACT_TABLES_WITH_QUALITY) {
    const rows = await sql<{ source: string; day: string; received: number; accepted: number; rejected: number; flagged: number; late: number; last: Date }>`
      select source, ${localDay} as day, count(*) as received,
        count(*) filter (where quality_status = 'accepted') as accepted,
        count(*) filter (where quality_status = 'rejected') as rejected,
        count(*) filter (where quality_status = 'flagged') as flagged,
        count(*) filter (where quality_flags @> '["late_sync"]'::jsonb) as late,
        max(ingested_at) as last
      from ${sql.table(table)}
      where (${options.source ?? null}::text is null or source = ${options.source ?? null})
        and (${options.from ?? null}::text is null or ${localDay} >= ${options.from ?? null})
        and (${options.to ?? null}::text is null or ${localDay} <= ${options.to ?? null})
      group by 1, 2
      order by 1, 2`.execute(db);
    const last = new Map<string, Date>();
    for (const r of rows.rows) {
      days.push({ factTable: table, source: r.source, day: r.day, received: r.received, accepted: r.accepted, qualityRejected: r.rejected, flagged: r.flagged, lateSync: r.late, rejectedRecords: 0 });
      const seen = last.get(r.source);
      if (!seen || r.last > seen) last.set(r.source, r.last);
    }
    for (const [source, at] of last) freshness.push({ factTable: table, source, lastIngestedAt: new Date(at).toISOString(), stale: now.getTime() - new Date(at).getTime() > STALE_AFTER_MS });
  }
  const refused = await sql<{ source: string; day: string; fact_type: string; n: number }>`
    select source, to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, fact_type, count(*) as n
    from rejected_records
    where (${options.source ?? null}::text is null or source = ${options.source ?? null})
    group by 1, 2, 3`.execute(db);
  for (const r of refused.rows) {
    if ((options.from && r.day < options.from) || (options.to && r.day > options.to)) continue;
    const hit = days.find((d) => d.source === r.source && d.day === r.day);
    if (hit) hit.rejectedRecords += r.n;
    else days.push({ factTable: `(${r.fact_type})`, source: r.source, day: r.day, received: 0, accepted: 0, qualityRejected: 0, flagged: 0, lateSync: 0, rejectedRecords: r.n });
  }
  days.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : a.factTable < b.factTable ? -1 : 1));
  return { days, freshness };
}

export interface RejectedRecordView {
  id: number;
  batchId: string;
  factType: string;
  source: string;
  sourceId: string | null;
  index: number;
  payload: unknown;
  errors: unknown;
  receivedAt: string;
}

export async function listRejectedRecords(db: Kysely<DB>, filter: { factType?: string | undefined; batchId?: string | undefined; source?: string | undefined; limit?: number | undefined }): Promise<RejectedRecordView[]> {
  let q = db.selectFrom('rejected_records').selectAll();
  if (filter.factType) q = q.where('fact_type', '=', filter.factType);
  if (filter.batchId) q = q.where('batch_id', '=', filter.batchId);
  if (filter.source) q = q.where('source', '=', filter.source);
  const rows = await q.orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 10_000)).execute();
  return rows.map((r) => ({ id: r.id, batchId: r.batch_id, factType: r.fact_type, source: r.source, sourceId: r.source_id, index: r.record_index, payload: r.payload, errors: r.errors, receivedAt: new Date(r.received_at).toISOString() }));
}

/** Ratings in one 10-minute window at one unit and item that look manufactured. */
export const BURST = { windowMinutes: 10, minimum: 20, topShare: 0.95 };

/**
 * The daily check for 刷分: where one source sent at least BURST.minimum ratings for one unit and
 * item within a 10-minute window, and at least 95 % of them are 非常满意, the accepted ones are
 * flagged (held out of the metrics until a data operator decides). Returns how many were flagged.
 */
export async function flagConcentratedRatings(db: Kysely<DB>, day: string): Promise<number> {
  const result = await sql`
    with windows as (
      select source, org_unit, item_code,
        to_timestamp(floor(extract(epoch from rated_at) / ${BURST.windowMinutes * 60}) * ${BURST.windowMinutes * 60}) as slot,
        count(*) as n, count(*) filter (where level = 5) as top
      from ratings
      where rated_at >= (${day}::date)::timestamp at time zone 'Asia/Shanghai'
        and rated_at < (${day}::date + 1)::timestamp at time zone 'Asia/Shanghai'
      group by 1, 2, 3, 4
      having count(*) >= ${BURST.minimum} and count(*) filter (where level = 5) >= ${BURST.topShare}::numeric * count(*)
    )
    update ratings r set quality_status = 'flagged', quality_flags = r.quality_flags || '["concentrated_scores"]'::jsonb
    from windows w
    where r.quality_status = 'accepted' and r.source = w.source and r.org_unit = w.org_unit and r.item_code is not distinct from w.item_code
      and to_timestamp(floor(extract(epoch from r.rated_at) / ${BURST.windowMinutes * 60}) * ${BURST.windowMinutes * 60}) = w.slot`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
