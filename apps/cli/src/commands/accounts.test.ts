import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { authenticateToken, listAuditEntries } from '@govperf/services';
import { openDatabase, type Database } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';

describe('govperf users and tokens on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-accounts-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  const withDb = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    await withDb(async ({ db }) => seedTestOrgTree(db));
  });

  it('adds a user with a generated password shown once, lists and disables them, all audited', async () => {
    const added = await cli(env, 'users', 'add', 'hz-auditor', '--role', 'auditor', '--org-unit', '330100', '--name', '杭州审计员', '--format', 'json');
    expect(added.err).toBe('');
    const body = JSON.parse(added.out);
    expect(body.user).toMatchObject({ username: 'hz-auditor', role: 'auditor', orgUnit: '330100' });
    expect(body.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await cli(env, 'users', 'list')).out).toMatch(/hz-auditor[\s\S]*安全审计员/);
    expect((await cli(env, 'users', 'disable', 'hz-auditor', '--format', 'json')).code).toBe(0);
    const actions = await withDb(async ({ db }) => (await listAuditEntries(db, { limit: 10 })).map((e) => [e.action, e.actorKind]));
    expect(actions).toEqual(expect.arrayContaining([['user.create', 'system'], ['user.disable', 'system']]));
  });

  it('names bad input in one line', async () => {
    const badRole = await cli(env, 'users', 'add', 'x-user', '--role', 'king', '--org-unit', '330100');
    expect(badRole.code).toBe(1);
    expect(badRole.err).toMatch(/role: must be one of admin/);
    const noDepartment = await cli(env, 'users', 'add', 'dept-user', '--role', 'department_operator', '--org-unit', '330100');
    expect(noDepartment.err).toMatch(/department: is required for a department operator/);
    expect((await cli(env, 'tokens', 'issue', '--name', 'x', '--types', 'weather', '--org-unit', '330100')).err).toMatch(/factTypes\.0: must be fact types/);
  });

  it('issues a scoped token that authenticates until it is revoked', async () => {
    const issued = JSON.parse((await cli(env, 'tokens', 'issue', '--name', '好差评系统', '--types', 'ratings,feedback', '--org-unit', '330102', '--days', '30', '--format', 'json')).out);
    expect(issued).toMatchObject({ factTypes: ['ratings', 'feedback'], orgUnit: '330102' });
    expect(await withDb(async ({ db }) => authenticateToken(db, issued.token))).toMatchObject({ orgUnit: '330102', factTypes: ['ratings', 'feedback'] });
    expect((await cli(env, 'tokens', 'list')).out).toContain(issued.id);
    expect((await cli(env, 'tokens', 'list')).out).not.toContain(issued.token);
    expect((await cli(env, 'tokens', 'revoke', issued.id)).code).toBe(0);
    await expect(withDb(async ({ db }) => authenticateToken(db, issued.token))).rejects.toThrow(/revoked/);
  });
});
