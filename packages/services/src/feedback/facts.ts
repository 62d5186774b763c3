// The processed intake as facts (docs/metrics.md §2 feedback and ratings), written in the same
// transaction as the change they reflect, so the template's satisfaction, good-review rate,
// bad-review rectification rate and response-time indicators compute from this data. Idempotent
// by (source, source_id): a work order's fact row is replaced as its status moves on. Contact
// details stay out of the facts (no metric needs them; they remain, encrypted, in the intake).
import { FACT_TYPES } from '@govperf/contracts';
import { toRow, type DB, type FeedbackItemsTable } from '@govperf/storage';
import { sql, type Kysely, type Selectable } from 'kysely';
import { deriveFields } from '../ingestion/derive';

/** The facts' source system name; with the item or submission id the idempotency key. */
export const FEEDBACK_FACT_SOURCE = 'govperf-feedback';

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

async function upsert(db: Kysely<DB>, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  const update = columns.filter((c) => c !== 'source' && c !== 'source_id');
  await sql`
    insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values (${sql.join(columns.map((c) => row[c] as never))})
    on conflict (source, source_id) do update set ${sql.join(update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}, ingested_at = now()`.execute(db);
}

/** `derived` overrides what ingestion would derive — the work order knows its own deadline. */
function write(db: Kysely<DB>, type: 'feedback' | 'ratings', record: Record<string, unknown>, derived: Record<string, unknown> = {}): Promise<void> {
  const parsed = FACT_TYPES[type].schema.parse(record) as Record<string, unknown>;
  const { table, row } = toRow(type, parsed as never, { source: FEEDBACK_FACT_SOURCE, batchId: null, qualityStatus: 'accepted', qualityFlags: [] }, { ...deriveFields(type, parsed), ...derived } as never);
  const values = { ...(row as Record<string, unknown>) };
  for (const [k, v] of Object.entries(values)) if (Array.isArray(v) || (v !== null && typeof v === 'object' && !(v instanceof Date))) values[k] = JSON.stringify(v);
  return upsert(db, table, values);
}

/** The work order as a feedback fact; nothing is written before it has been routed to a unit. */
export async function writeFeedbackFact(db: Kysely<DB>, item: Selectable<FeedbackItemsTable>, context: { pagePath?: string | null; device?: string | null; appVersion?: string | null }): Promise<void> {
  if (item.org_unit === null || item.kind === null) return;
  await write(db, 'feedback', {
    feedback_id: item.id,
    org_unit: item.org_unit,
    department: item.department,
    app_id: item.app_id,
    kind: item.kind,
    tier: item.tier,
    received_at: iso(item.received_at),
    first_response_at: iso(item.first_response_at),
    resolved_at: item.status === 'online' ? iso(item.delivered_at) : null,
    resolution: item.status === 'online' ? 'resolved' : item.status === 'rejected' ? 'not_adopted' : null,
    status: item.status,
    closed_at: iso(item.closed_at),
    delivered_at: iso(item.delivered_at),
    major: false,
    major_confirmed_at: null,
    content: item.content,
    page_path: context.pagePath || null,
    device: context.device || null,
    app_version: context.appVersion || null,
    contact_name: null,
    contact_phone: null,
    contact_id_number: null,
  },
  // The order's deadline on the SLA policy's clock, moved out by every closed pause (等待群众补充材料),
  // so the response-time metrics honour pauses; ingestion's derivation knows neither.
  item.due_at ? { due_at: new Date(item.due_at) } : {});
}

export interface RatingFactInput {
  ratingId: string;
  orgUnit: string;
  department: string | null;
  itemCode: string | null;
  handlingId: string | null;
  channel: 'online' | 'offline';
  level: number;
  ratedAt: Date;
  realName: boolean;
  comment: string | null;
  rectifiedAt?: Date | null;
  revisitedAt?: Date | null;
}

export async function writeRatingFact(db: Kysely<DB>, r: RatingFactInput): Promise<void> {
  await write(db, 'ratings', {
    rating_id: r.ratingId,
    org_unit: r.orgUnit,
    department: r.department,
    item_code: r.itemCode,
    handling_id: r.handlingId,
    channel: r.channel === 'online' ? 'app' : 'hall',
    level: r.level,
    rated_at: iso(r.ratedAt),
    real_name: r.realName,
    rater_type: 'person',
    rater_age_band: null,
    comment: r.comment,
    rectified_at: iso(r.rectifiedAt),
    revisited_at: iso(r.revisitedAt),
  });
}
