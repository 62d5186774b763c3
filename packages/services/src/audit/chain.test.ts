import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database, DB } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  appendAudit,
  auditEntryHash,
  auditHead,
  exportAuditChain,
  GENESIS_HASH,
  listAuditEntries,
  verifyAuditChain,
  type AuditEntry,
  type AuditEntryInput,
} from './chain';

const entry = (n: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: `user${n}`,
  actorKind: 'user',
  action: 'evaluation.publish',
  entityType: 'evaluation_run',
  entityId: `run-${n}`,
  orgUnit: '330100',
  details: { n },
  ...overrides,
});

async function appendMany(db: Kysely<DB>, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await appendAudit(db, entry(i));
}

/** Runs a statement with the append-only trigger off: what an attacker with table rights can do. */
async function tamper(db: Kysely<DB>, statement: RawBuilder<unknown>): Promise<void> {
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  }
}

async function all(db: Kysely<DB>): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const e of exportAuditChain(db)) entries.push(e);
  return entries;
}

describe.each(testEngines())('audit chain on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let db: Kysely<DB>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    db = database.db;
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await sql`alter table audit_log disable trigger user`.execute(db);
    await sql`truncate audit_log`.execute(db);
    await sql`alter table audit_log enable trigger user`.execute(db);
  });

  it('verifies an untouched chain and exports it in order with its head', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 0, head: null });
    expect(await auditHead(db)).toBeNull();
    const first = await appendAudit(db, entry(1));
    expect(first.seq).toBe('1');
    await appendMany(db, 4);
    const progress: [number, number][] = [];
    const result = await verifyAuditChain(db, { onProgress: (checked, total) => progress.push([checked, total]) });
    const head = await auditHead(db);
    expect(head).toMatchObject({ seq: '5', entries: 5 });
    expect(result).toEqual({ ok: true, entries: 5, head: { seq: '5', hash: head!.hash } });
    expect(progress.at(-1)).toEqual([5, 5]);
    const entries = await all(db);
    expect(entries.map((e) => e.seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(entries[0]).toMatchObject({ prevHash: GENESIS_HASH, hash: first.hash, actorKind: 'user', orgUnit: '330100', clientIp: null, details: { n: 1 } });
    expect(entries[1]!.prevHash).toBe(first.hash);
  });

  it('pins the byte layout: sha256(prev_hash \\n canonical JSON) checked independently', async () => {
    await appendAudit(db, { actor: '张三', actorKind: 'user', action: 'evaluation.publish', entityType: 'evaluation_run', entityId: 'run-1', orgUnit: '330100', clientIp: '10.0.0.1', details: { 名称: '评估', n: 1.5 } });
    await appendAudit(db, { actor: 'scheduler', actorKind: 'system', action: 'jobs.run', entityType: 'job' });
    const [a, b] = await all(db);
    const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');
    const first = `${'0'.repeat(64)}\n{"action":"evaluation.publish","actor":"张三","actorKind":"user","at":"${a!.at}","clientIp":"10.0.0.1","details":{"n":1.5,"名称":"评估"},"entityId":"run-1","entityType":"evaluation_run","orgUnit":"330100","seq":"1"}`;
    expect(a!.hash).toBe(sha(first));
    const second = `${a!.hash}\n{"action":"jobs.run","actor":"scheduler","actorKind":"system","at":"${b!.at}","clientIp":null,"details":{},"entityId":null,"entityType":"job","orgUnit":null,"seq":"2"}`;
    expect(b!.hash).toBe(sha(second));
    expect(a!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('hashes details the same after a jsonb roundtrip: numbers, unicode, key order', async () => {
    const details = {
      z: 1,
      a: { y: [1, 2.5, -0, 1e21, 1e-7, 0.1 + 0.2, 2 ** 60, Number.MAX_SAFE_INTEGER, 5e-324, -1.7976931348623157e308] },
      名称: '绩效评估 ✓ 😀',
      é: 'e\u0301',
      quote: 'a"b\\c\n\t\u2028</script>',
      empty: '',
      nested: { null: null, t: true, f: false, arr: [], obj: {} },
      dropped: undefined,
      infinite: Infinity,
      date: new Date('2026-01-01T00:00:00Z'),
    };
    await appendAudit(db, entry(1, { details }));
    const [stored] = await all(db);
    expect(stored!.details).toEqual(JSON.parse(JSON.stringify(details)));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 1 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the triggers', async () => {
    await appendMany(db, 2);
    await expect(sql`update audit_log set actor = 'mallory' where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 2`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('reports a changed row as hash_mismatch at exactly that seq', async () => {
    await appendMany(db, 5);
    await tamper(db, sql`update audit_log set details = '{"n": 99}'::jsonb where seq = 3`);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, entries: 2, firstBroken: { seq: '3', action: 'evaluation.publish', reason: 'hash_mismatch' }, head: { seq: '5' } });
    if (result.ok) return;
    const row = (await all(db))[2]!;
    expect(result.firstBroken).toMatchObject({ at: row.at, found: row.hash, expected: auditEntryHash(row) });
  });

  it('reports a deleted row as sequence_gap at the seq after the gap', async () => {
    await appendMany(db, 5);
    await tamper(db, sql`delete from audit_log where seq = 3`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 2, firstBroken: { seq: '4', reason: 'sequence_gap', expected: '3', found: '4' } });
  });

  it('reports a rewritten row with a recomputed hash as link_mismatch at the next row', async () => {
    await appendMany(db, 5);
    const original = (await all(db))[2]!;
    const forged = { ...original, actor: 'mallory' };
    const forgedHash = auditEntryHash(forged);
    await tamper(db, sql`update audit_log set actor = ${forged.actor}, hash = ${forgedHash} where seq = 3`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 3, firstBroken: { seq: '4', reason: 'link_mismatch', expected: forgedHash, found: original.hash } });
  });

  it('commits and rolls back with the enclosing transaction', async () => {
    await appendAudit(db, entry(1));
    await expect(
      db.transaction().execute(async (tx) => {
        await appendAudit(tx, entry(2));
        throw new Error('the recorded change failed');
      }),
    ).rejects.toThrow('the recorded change failed');
    expect(await auditHead(db)).toMatchObject({ seq: '1', entries: 1 });
    const inside = await db.transaction().execute((tx) => appendAudit(tx, entry(3)));
    expect(inside.seq).toBe('2');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('serialises 20 concurrent appenders into one gap-free chain', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(db, entry(i + 1))));
    expect(results.map((r) => Number(r.seq)).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 20, head: { seq: '20' } });
  });

  it('streams a chain larger than one page and finds a break deep in it', async () => {
    const total = 12_000;
    let prevHash = GENESIS_HASH;
    const rows = [];
    for (let i = 1; i <= total; i++) {
      const e = { seq: String(i), at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), actor: 'bulk', actorKind: 'system' as const, action: 'facts.import', entityType: 'batch', entityId: null, orgUnit: null, clientIp: null, details: { i }, prevHash };
      const hash = auditEntryHash(e);
      rows.push({ seq: e.seq, at: e.at, actor: e.actor, actor_kind: e.actorKind, action: e.action, entity_type: e.entityType, details: JSON.stringify(e.details), prev_hash: prevHash, hash });
      prevHash = hash;
    }
    for (let i = 0; i < rows.length; i += 1000) await db.insertInto('audit_log').values(rows.slice(i, i + 1000)).execute();
    const progress: number[] = [];
    expect(await verifyAuditChain(db, { onProgress: (checked) => progress.push(checked) })).toEqual({ ok: true, entries: total, head: { seq: String(total), hash: prevHash } });
    expect(progress).toEqual([5000, 10_000, 12_000]);
    let exported = 0;
    for await (const e of exportAuditChain(db)) expect(e.seq).toBe(String(++exported));
    expect(exported).toBe(total);
    await tamper(db, sql`update audit_log set actor = 'mallory' where seq = 11000`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 10_999, firstBroken: { seq: '11000', reason: 'hash_mismatch' } });
  });

  it('lists entries newest first by action, actor, units, time and page', async () => {
    await appendAudit(db, entry(1, { action: 'auth.login', orgUnit: null }));
    await appendAudit(db, entry(2, { action: 'auth.login_failed', actorKind: 'anonymous', orgUnit: null, clientIp: '10.1.1.1' }));
    await appendAudit(db, entry(3, { orgUnit: '330100' }));
    await appendAudit(db, entry(4, { orgUnit: '330200' }));
    const seqs = async (filter: Parameters<typeof listAuditEntries>[1]) => (await listAuditEntries(db, filter)).map((e) => e.seq);
    expect(await seqs({})).toEqual(['4', '3', '2', '1']);
    expect(await seqs({ action: 'auth.*' })).toEqual(['2', '1']);
    expect(await seqs({ action: 'auth.login' })).toEqual(['1']);
    expect(await seqs({ actor: 'user3' })).toEqual(['3']);
    expect(await seqs({ orgUnits: ['330100'] })).toEqual(['3']);
    expect(await seqs({ orgUnits: [] })).toEqual([]);
    expect(await seqs({ orgUnits: '*', limit: 2 })).toEqual(['4', '3']);
    expect(await seqs({ beforeSeq: '3', limit: 1 })).toEqual(['2']);
    expect(await seqs({ entityType: 'evaluation_run', entityId: 'run-2' })).toEqual(['2']);
    const [newest] = await listAuditEntries(db, { limit: 1 });
    expect(await seqs({ from: newest!.at })).toEqual(['4']);
    expect(await seqs({ to: new Date(Date.parse(newest!.at) + 1000), limit: 10 })).toHaveLength(4);
    await expect(listAuditEntries(db, { limit: 0 })).rejects.toThrow(/invalid audit filter: limit/);
  });

  it('rejects invalid entries with the field and the reason, and stores nothing', async () => {
    const refused = async (input: unknown) => {
      const error = await appendAudit(db, input as AuditEntryInput).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_failed');
      return (error as AppError).message;
    };
    expect(await refused({ ...entry(1), action: 'Publish' })).toMatch(/action: dotted lower-case words/);
    expect(await refused({ ...entry(1), actorKind: 'robot', actor: '' })).toMatch(/actor: .*actorKind: /);
    expect(await refused({ ...entry(1), details: { note: 'a\0b' } })).toMatch(/details: contains NUL or an unpaired surrogate/);
    expect(await refused({ ...entry(1), details: { note: '\ud800' } })).toMatch(/unpaired surrogate/);
    expect(await refused({ ...entry(1), details: { big: 1n } })).toMatch(/details: not serialisable as JSON/);
    expect(await refused({ ...entry(1), colour: 'red' })).toMatch(/colour/);
    expect(await auditHead(db)).toBeNull();
  });
});
