// The data-quality report per source and day, the rejected records, and the daily checks that
// need more than one record to see: bursts of identical top ratings (刷分) and sources that
// stopped syncing. All aggregation in SQL.
import { personalDataOf } from '@govperf/contracts';
import { FACT_TABLE_COLUMNS, type DB, type FactTableName } from '@govperf/storage';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { maskFreeText, maskPersonalFields, maskRecordText, type PrivacyOptions } from '../privacy/masking';
import { reasonKind } from './rejections';

export interface SourceDayQuality {
  factTable: string;
  source: string;
  /** Local (UTC+8) date the records arrived. */
  day: string;
  received: number;
  accepted: number;
  qualityRejected: number;
  /** Held out of the metrics: flagged for review, or a 差评 removed by an upheld appeal. */
  flagged: number;
  lateSync: number;
  /** Records refused outright (schema, references) that day from that source. */
  rejectedRecords: number;
}

export interface SourceFreshness {
  factTable: string;
  source: string;
  lastIngestedAt: string;
  /** Minutes since the last record arrived (at the report's `now`). */
  ageMinutes: number;
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

/**
 * Limits rows to an area's subtree by an org-unit expression; '*' (or no area) is everything. Refused
 * records are placed by the org_unit their payload names: those without one only the top sees.
 */
function withinArea(area: string | undefined, unit: RawBuilder<unknown>) {
  if (area === undefined || area === '*') return sql<boolean>`true`;
  return sql<boolean>`${unit} in (select descendant_code from org_unit_closure where ancestor_code = ${area})`;
}
const payloadUnit = sql`payload->>'org_unit'`;

/** `area`: the caller's subtree; only facts of its units (and refused records naming them) are counted. */
export async function qualityReport(db: Kysely<DB>, options: { from?: string | undefined; to?: string | undefined; source?: string | undefined; area?: string; now?: Date } = {}): Promise<QualityReport> {
  const now = options.now ?? new Date();
  const days: SourceDayQuality[] = [];
  const freshness: SourceFreshness[] = [];
  for (const table of FACT_TABLES_WITH_QUALITY) {
    const hasUnit = (FACT_TABLE_COLUMNS[table] as readonly string[]).includes('org_unit');
    if (!hasUnit && options.area !== undefined && options.area !== '*') continue;
    const rows = await sql<{ source: string; day: string; received: number; accepted: number; rejected: number; flagged: number; late: number; last: Date }>`
      select source, ${localDay} as day, count(*) as received,
        count(*) filter (where quality_status = 'accepted') as accepted,
        count(*) filter (where quality_status = 'rejected') as rejected,
        count(*) filter (where quality_status in ('flagged', 'appealed')) as flagged,
        count(*) filter (where quality_flags @> '["late_sync"]'::jsonb) as late,
        max(ingested_at) as last
      from ${sql.table(table)}
      where (${options.source ?? null}::text is null or source = ${options.source ?? null})
        and (${options.from ?? null}::text is null or ${localDay} >= ${options.from ?? null})
        and (${options.to ?? null}::text is null or ${localDay} <= ${options.to ?? null})
        and ${hasUnit ? withinArea(options.area, sql`org_unit`) : sql`true`}
      group by 1, 2
      order by 1, 2`.execute(db);
    const last = new Map<string, Date>();
    for (const r of rows.rows) {
      days.push({ factTable: table, source: r.source, day: r.day, received: r.received, accepted: r.accepted, qualityRejected: r.rejected, flagged: r.flagged, lateSync: r.late, rejectedRecords: 0 });
      const seen = last.get(r.source);
      if (!seen || r.last > seen) last.set(r.source, r.last);
    }
    for (const [source, at] of last) {
      const age = now.getTime() - new Date(at).getTime();
      freshness.push({ factTable: table, source, lastIngestedAt: new Date(at).toISOString(), ageMinutes: Math.max(0, Math.floor(age / 60_000)), stale: age > STALE_AFTER_MS });
    }
  }
  const refused = await sql<{ source: string; day: string; fact_type: string; n: number }>`
    select source, to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, fact_type, count(*) as n
    from rejected_records
    where (${options.source ?? null}::text is null or source = ${options.source ?? null})
      and ${withinArea(options.area, payloadUnit)}
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

/**
 * A refused record's payload for display: its personal fields (kept encrypted) decrypted and
 * masked, free text masked — or decrypted only with `unmask`.
 */
function showPayload(factType: string, payload: unknown, options: PrivacyOptions): unknown {
  if (typeof payload === 'string') return maskRecordText(factType, payload, options);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const shown = maskPersonalFields(factType, payload as Record<string, unknown>, options);
  if (options.unmask) return shown;
  // A refused record may carry personal data anywhere (e.g. under a field name the type does not
  // know): every other text is masked like free text too.
  const personal = personalDataOf(factType).personal;
  for (const [key, value] of Object.entries(shown)) if (typeof value === 'string' && !Object.hasOwn(personal, key)) shown[key] = maskFreeText(value);
  return shown;
}

/**
 * The refused records, newest first. Payloads are masked (personal fields, phone numbers and ID
 * numbers in free text) unless `options.unmask` is set, which only callers allowed to see personal
 * data may ask for; `options.cipher` opens the encrypted fields (without it they show as ***).
 */
export async function listRejectedRecords(
  db: Kysely<DB>,
  filter: { factType?: string | undefined; batchId?: string | undefined; source?: string | undefined; field?: string | undefined; reason?: string | undefined; limit?: number | undefined; area?: string },
  options: PrivacyOptions = {},
): Promise<RejectedRecordView[]> {
  let q = db.selectFrom('rejected_records').selectAll().where(withinArea(filter.area, payloadUnit));
  if (filter.factType) q = q.where('fact_type', '=', filter.factType);
  if (filter.batchId) q = q.where('batch_id', '=', filter.batchId);
  if (filter.source) q = q.where('source', '=', filter.source);
  // One of the record's errors names this field (and this reason, numbers as N): the drill-down of the summary.
  if (filter.field !== undefined || filter.reason !== undefined) {
    q = q.where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(errors) = 'array' then errors else '[]'::jsonb end) as e
        where (${filter.field ?? null}::text is null or e->>'field' = ${filter.field ?? null})
          and (${filter.reason ?? null}::text is null or ${reasonKind(sql`e->>'reason'`)} = ${filter.reason ?? null}))`,
    );
  }
  const rows = await q.orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 10_000)).execute();
  return rows.map((r) => ({ id: r.id, batchId: r.batch_id, factType: r.fact_type, source: r.source, sourceId: r.source_id, index: r.record_index, payload: showPayload(r.fact_type, r.payload, options), errors: r.errors, receivedAt: new Date(r.received_at).toISOString() }));
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
