// The tamper-evident audit trail: every entry carries the SHA-256 of the previous entry's hash and
// its own canonical content, so changing, deleting or rewriting any stored row breaks the chain at
// that point. Triggers make the table append-only; the chain catches whoever bypasses them.
//
// Hash layout (pinned by a test; changing it invalidates every stored chain):
//   hash = sha256_hex(prev_hash + "\n" + canonicalJson({ seq, at, actor, actorKind, action,
//          entityType, entityId, orgUnit, clientIp, details }))
// with seq a decimal string, at an ISO-8601 UTC string with milliseconds, absent optional
// fields null, and prev_hash of the first entry GENESIS_HASH.
import { createHash } from 'node:crypto';
import { AppError } from '@govperf/contracts';
import { canonicalJson } from '@govperf/engine';
import type { AuditActorKind, DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';

export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key that serialises appenders ("govaudit" read as ASCII). */
export const AUDIT_LOCK_KEY = '7453306069274880372';
const PAGE_SIZE = 5_000;

// PostgreSQL text and jsonb refuse NUL, and jsonb refuses lone UTF-16 surrogates: say so up front
// instead of failing in the database with a less helpful message.
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes('\0') && !UNPAIRED.test(s);
const UNSTORABLE = 'contains NUL or an unpaired surrogate';

function storableJson(value: unknown): boolean {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.every(storableJson);
  if (value !== null && typeof value === 'object') return Object.entries(value).every(([k, v]) => storable(k) && storableJson(v));
  return true;
}

const text = z.string().min(1).refine(storable, UNSTORABLE);
const optionalText = text.nullish().transform((v) => v ?? null);

const normalisedDetails = z
  .record(z.string(), z.unknown())
  .optional()
  .transform((details, ctx) => {
    let normal: Record<string, unknown>;
    try {
      // Exactly what comes back from jsonb: undefined members dropped, non-finite numbers null, dates as strings.
      normal = JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not serialisable as JSON: ${error instanceof Error ? error.message : String(error)}` });
      return z.NEVER;
    }
    if (!storableJson(normal)) ctx.addIssue({ code: 'custom', message: UNSTORABLE });
    return normal;
  });

export const AuditEntryInputSchema = z.strictObject({
  actor: text,
  actorKind: z.enum(['user', 'token', 'system', 'anonymous']),
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'dotted lower-case words, e.g. evaluation.publish'),
  entityType: text,
  entityId: optionalText,
  orgUnit: optionalText,
  clientIp: optionalText,
  details: normalisedDetails,
});

export interface AuditEntryInput {
  actor: string;
  actorKind: AuditActorKind;
  /** Dotted, e.g. 'evaluation.publish', 'auth.login_failed'. */
  action: string;
  entityType: string;
  entityId?: string | null;
  orgUnit?: string | null;
  clientIp?: string | null;
  details?: Record<string, unknown>;
}

/** One stored entry, as exported and listed. */
export interface AuditEntry {
  seq: string;
  at: string;
  actor: string;
  actorKind: AuditActorKind;
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnit: string | null;
  clientIp: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditHead {
  seq: string;
  hash: string;
}

export type AuditBreakReason = 'hash_mismatch' | 'link_mismatch' | 'sequence_gap';

export type AuditVerification =
  | { ok: true; entries: number; head: AuditHead | null }
  | {
      ok: false;
      /** Entries checked and found intact before the break. */
      entries: number;
      firstBroken: { seq: string; action: string; at: string; reason: AuditBreakReason; expected: string; found: string };
      /** The last stored entry when verification started. */
      head: AuditHead | null;
    };

function zodFailure(error: z.ZodError, what: string): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
  const summary = issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
  return new AppError('validation_failed', { details: issues, message: `${what}: ${summary}` });
}

/** The hash of one entry over the documented byte layout. */
export function auditEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  // Named one by one: an entry read back also carries its hash, which must not hash itself.
  const payload = canonicalJson({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    actorKind: e.actorKind,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    orgUnit: e.orgUnit,
    clientIp: e.clientIp,
    details: e.details,
  });
  return createHash('sha256').update(`${e.prevHash}\n${payload}`, 'utf8').digest('hex');
}

// Selected as text so that seq never passes through a JavaScript number. ORDER BY must name
// audit_log.seq: a bare "seq" would mean this text alias and sort '10' before '9'.
const SEQ_TEXT = sql<string>`audit_log.seq::text`.as('seq');

async function lastLink(db: Kysely<DB>): Promise<AuditHead | undefined> {
  return db.selectFrom('audit_log').select([SEQ_TEXT, 'hash']).orderBy('audit_log.seq', 'desc').limit(1).executeTakeFirst();
}

/**
 * Appends one entry. Inside a transaction it joins it, so the entry commits or rolls back with the
 * change it records; otherwise it opens its own. The advisory lock is held until commit, so append
 * late in a long transaction. Needs READ COMMITTED (the default): a snapshot taken before the lock
 * would not see the previous appender's row.
 */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntryInput): Promise<AuditHead> {
  const parsed = AuditEntryInputSchema.safeParse(entry);
  if (!parsed.success) throw zodFailure(parsed.error, 'invalid audit entry');
  const input = parsed.data;
  const append = async (tx: Kysely<DB>): Promise<AuditHead> => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`.execute(tx);
    const last = await lastLink(tx);
    const content = { ...input, seq: last ? (BigInt(last.seq) + 1n).toString() : '1', at: new Date().toISOString(), prevHash: last?.hash ?? GENESIS_HASH };
    const hash = auditEntryHash(content);
    await tx
      .insertInto('audit_log')
      .values({
        seq: content.seq,
        at: content.at,
        actor: content.actor,
        actor_kind: content.actorKind,
        action: content.action,
        entity_type: content.entityType,
        entity_id: content.entityId,
        org_unit_code: content.orgUnit,
        client_ip: content.clientIp,
        details: JSON.stringify(content.details),
        prev_hash: content.prevHash,
        hash,
      })
      .execute();
    return { seq: content.seq, hash };
  };
  return db.isTransaction ? append(db) : db.transaction().execute(append);
}

const ENTRY_COLUMNS = [
  SEQ_TEXT,
  'at',
  'actor',
  'actor_kind',
  'action',
  'entity_type',
  'entity_id',
  'org_unit_code',
  'client_ip',
  'details',
  'prev_hash',
  'hash',
] as const;

type EntryRow = {
  seq: string;
  at: Date;
  actor: string;
  actor_kind: AuditActorKind;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_unit_code: string | null;
  client_ip: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
};

function toEntry(row: EntryRow): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    actorKind: row.actor_kind,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    orgUnit: row.org_unit_code,
    clientIp: row.client_ip,
    details: row.details as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Pages through the chain in seq order by keyset (never the whole table in memory), up to `untilSeq` if given. */
async function* pages(db: Kysely<DB>, untilSeq?: string): AsyncGenerator<AuditEntry[]> {
  let after = '0';
  for (;;) {
    let query = db
      .selectFrom('audit_log')
      .select(ENTRY_COLUMNS)
      .where('audit_log.seq', '>', after)
      .orderBy('audit_log.seq')
      .limit(PAGE_SIZE);
    if (untilSeq !== undefined) query = query.where('audit_log.seq', '<=', untilSeq);
    const rows = (await query.execute()) as EntryRow[];
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    if (rows.length < PAGE_SIZE) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Every entry in seq order, streamed page by page. */
export async function* exportAuditChain(db: Kysely<DB>): AsyncGenerator<AuditEntry> {
  for await (const page of pages(db)) yield* page;
}

/** The last entry and the number of entries (which equals its seq in an intact chain). */
export async function auditHead(db: Kysely<DB>): Promise<(AuditHead & { entries: number }) | null> {
  const last = await lastLink(db);
  if (!last) return null;
  const { n } = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { seq: last.seq, hash: last.hash, entries: Number(n) };
}

/** The first way `entry` fails to follow `previous` (seq, then link, then its own hash), or null. */
function checkEntry(entry: AuditEntry, previous: AuditHead | null): { reason: AuditBreakReason; expected: string; found: string } | null {
  const expectedSeq = previous ? (BigInt(previous.seq) + 1n).toString() : '1';
  if (entry.seq !== expectedSeq) return { reason: 'sequence_gap', expected: expectedSeq, found: entry.seq };
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) return { reason: 'link_mismatch', expected: expectedPrev, found: entry.prevHash };
  const recomputed = auditEntryHash(entry);
  if (entry.hash !== recomputed) return { reason: 'hash_mismatch', expected: recomputed, found: entry.hash };
  return null;
}

/**
 * Recomputes every link and hash up to the head as it was when verification started (entries
 * appended meanwhile are left for the next run). A rewritten last entry whose hash was recomputed
 * cannot be caught by the chain alone: compare the head with a digest recorded elsewhere.
 */
export async function verifyAuditChain(db: Kysely<DB>, options: { onProgress?(checked: number, total: number): void } = {}): Promise<AuditVerification> {
  const head = (await lastLink(db)) ?? null;
  if (!head) return { ok: true, entries: 0, head: null };
  // In an intact chain the head's seq is the number of entries; it costs one index probe, not a count.
  const total = Number(head.seq);
  let previous: AuditHead | null = null;
  let checked = 0;
  for await (const page of pages(db, head.seq)) {
    for (const entry of page) {
      const broken = checkEntry(entry, previous);
      if (broken) return { ok: false, entries: checked, firstBroken: { seq: entry.seq, action: entry.action, at: entry.at, ...broken }, head };
      previous = { seq: entry.seq, hash: entry.hash };
      checked++;
    }
    options.onProgress?.(checked, Math.max(total, checked));
  }
  return { ok: true, entries: checked, head: previous };
}

export const AuditFilterSchema = z.strictObject({
  from: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
  to: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
  actor: z.string().min(1).optional(),
  /** An exact action, or a prefix ending in '.*' (e.g. 'auth.*'). */
  action: z.string().min(1).optional(),
  entityType: z.string().min(1).optional(),
  entityId: z.string().min(1).optional(),
  orgUnits: z.union([z.literal('*'), z.array(z.string().min(1)).readonly()]).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  beforeSeq: z.union([z.string().regex(/^[1-9]\d*$/), z.number().int().min(1)]).optional(),
});

export type AuditFilter = z.input<typeof AuditFilterSchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Entries newest first for an auditor's screen; page with beforeSeq = the last seq shown.
 * `from` is inclusive, `to` exclusive. orgUnits limits to entries of those units ('*' or absent:
 * all, including entries with no unit); the caller expands a subtree into codes.
 */
export async function listAuditEntries(db: Kysely<DB>, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const parsed = AuditFilterSchema.safeParse(filter);
  if (!parsed.success) throw zodFailure(parsed.error, 'invalid audit filter');
  const f = parsed.data;
  let query = db.selectFrom('audit_log').select(ENTRY_COLUMNS).orderBy('audit_log.seq', 'desc').limit(f.limit);
  if (f.from !== undefined) query = query.where('at', '>=', new Date(f.from));
  if (f.to !== undefined) query = query.where('at', '<', new Date(f.to));
  if (f.actor !== undefined) query = query.where('actor', '=', f.actor);
  if (f.action?.endsWith('.*')) query = query.where('action', 'like', `${escapeLike(f.action.slice(0, -1))}%`);
  else if (f.action !== undefined) query = query.where('action', '=', f.action);
  if (f.entityType !== undefined) query = query.where('entity_type', '=', f.entityType);
  if (f.entityId !== undefined) query = query.where('entity_id', '=', f.entityId);
  if (Array.isArray(f.orgUnits)) query = f.orgUnits.length ? query.where('org_unit_code', 'in', f.orgUnits) : query.where(sql<boolean>`false`);
  if (f.beforeSeq !== undefined) query = query.where('audit_log.seq', '<', String(f.beforeSeq));
  return ((await query.execute()) as EntryRow[]).map(toEntry);
}
