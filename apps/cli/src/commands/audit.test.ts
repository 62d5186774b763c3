import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { appendAudit } from '@govperf/services';
import { openDatabase, type Database } from '@govperf/storage';
import { sql } from 'kysely';
import { cli } from '../test-cli';

describe('govperf audit on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-audit-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  // PGlite holds its data directory alone: open it only between CLI runs.
  const withDb = async (fn: (database: Database) => Promise<void>) => {
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      await fn(database);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    await withDb(async ({ db }) => {
      await appendAudit(db, { actor: 'admin', actorKind: 'user', action: 'auth.login', entityType: 'session', clientIp: '10.0.0.1' });
      await appendAudit(db, { actor: 'admin', actorKind: 'user', action: 'system.register', entityType: 'indicator_system', entityId: 'NAT@1' });
      await appendAudit(db, { actor: 'admin', actorKind: 'user', action: 'evaluation.publish', entityType: 'evaluation_run', entityId: 'run-1', orgUnit: '330100', details: { period: '2026-Q3' } });
      await appendAudit(db, { actor: 'scheduler', actorKind: 'system', action: 'jobs.run', entityType: 'job' });
    });
  });

  it('verifies an intact chain and prints the head digest', async () => {
    const r = await cli(env, 'audit', 'verify', '--format', 'json');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ ok: true, entries: 4, head: { seq: '4', hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const table = await cli(env, 'audit', 'verify');
    expect(table.out).toContain(result.head.hash);
    expect(table.out).toMatch(/entries checked 已校验/);
  });

  it('exports NDJSON to a file and to stdout, ending with the head', async () => {
    const out = join(dir, 'audit.ndjson');
    const r = await cli(env, 'audit', 'export', '--out', out);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ out, entries: 4, head: { seq: '4' } });
    expect(existsSync(`${out}.partial`)).toBe(false);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatchObject({ seq: '3', action: 'evaluation.publish', orgUnit: '330100', details: { period: '2026-Q3' }, prevHash: lines[1].hash });
    expect(lines[4]).toEqual({ head: { seq: '4', hash: lines[3].hash }, entries: 4 });
    // The export is itself audited, as the entry after its head: the next export carries it.
    const stdout = (await cli(env, 'audit', 'export')).out.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(stdout.slice(0, 4)).toEqual(lines.slice(0, 4));
    expect(stdout[4]).toMatchObject({ seq: '5', action: 'audit.export', actorKind: 'system', details: { head: { seq: '4', hash: lines[3].hash } }, prevHash: lines[3].hash });
    expect(stdout[5]).toEqual({ head: { seq: '5', hash: stdout[4].hash }, entries: 5 });
    expect((await cli(env, 'audit', 'export', '--out', join(dir, 'missing', 'x.ndjson'))).err).toMatch(/--out: cannot write .*ENOENT/);
  });

  it('lists entries newest first, by action', async () => {
    const r = await cli(env, 'audit', 'list', '--format', 'json', '--action', 'evaluation.publish');
    expect(JSON.parse(r.out).entries.map((e: { seq: string }) => e.seq)).toEqual(['3']);
    const all = await cli(env, 'audit', 'list', '--limit', '2', '--action', 'jobs.*');
    expect(all.out).toMatch(/jobs\.run/);
    const newest = await cli(env, 'audit', 'list', '--limit', '2');
    expect(newest.out).toMatch(/audit\.export/);
    expect(newest.out).toMatch(/--before \d+/);
    expect((await cli(env, 'audit', 'list', '--limit', '0')).err).toMatch(/--limit: a whole number from 1 to 1000/);
  });

  it('exits 1 naming the first broken entry after a row is changed in SQL', async () => {
    await withDb(async ({ db }) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
      await sql`update audit_log set details = '{"period": "2026-Q4"}'::jsonb where seq = 3`.execute(db);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    });
    const r = await cli(env, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^govperf: 审计链在第 3 条断裂（.+）\/ audit chain broken at entry 3 \(evaluation\.publish, \d{4}-\d{2}-\d{2}T[\d:.]+Z\): hash mismatch\n$/);
  });
});
