import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { listAuditEntries } from '../audit/chain';
import { createUser } from './credentials';
import { authenticateSession, login, logout, SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from './sessions';

const PASSWORD = 'twelve chars+';
const minutes = (n: number) => n * 60_000;

describe.each(testEngines())('sessions on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createUser(database.db, { username: 'hz-eval', displayName: '杭州考评', password: PASSWORD, role: 'evaluator', orgUnit: '330100' });
  });
  afterAll(async () => dispose());

  it('carries the user, role and subtree; only a hash of the session id is stored', async () => {
    const grant = await login(database.db, { username: 'HZ-Eval ', password: PASSWORD, clientIp: '10.0.0.9' });
    expect(grant.actor).toMatchObject({ kind: 'user', id: 'hz-eval', role: 'evaluator', area: '330100' });
    expect(grant.actor.permissions.has('evaluation.run')).toBe(true);
    expect(grant.actor.permissions.has('evaluation.publish')).toBe(false);
    const rows = await database.db.selectFrom('sessions').select(['id_hash', 'csrf_token']).execute();
    expect(rows.some((r) => r.id_hash === grant.sessionId)).toBe(false);
    const session = await authenticateSession(database.db, grant.sessionId, '10.0.0.9');
    expect(session.csrfToken).toBe(grant.csrfToken);
    await logout(database.db, grant.sessionId, session.actor);
    await expect(authenticateSession(database.db, grant.sessionId, null)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect((await listAuditEntries(database.db, { action: 'auth.*' })).map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it(`expires after ${SESSION_IDLE_MINUTES} idle minutes, slides while used, and never outlives ${SESSION_ABSOLUTE_HOURS} hours`, async () => {
    const start = new Date('2026-11-23T01:00:00Z');
    const grant = await login(database.db, { username: 'hz-eval', password: PASSWORD, clientIp: '10.0.0.9' }, start);
    await expect(authenticateSession(database.db, grant.sessionId, null, new Date(start.getTime() + minutes(SESSION_IDLE_MINUTES)))).rejects.toMatchObject({ code: 'unauthenticated' });

    const busy = await login(database.db, { username: 'hz-eval', password: PASSWORD, clientIp: '10.0.0.9' }, start);
    // Used every 20 minutes, it lives on …
    let at = start.getTime();
    while (at + minutes(20) < start.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000) {
      at += minutes(20);
      await authenticateSession(database.db, busy.sessionId, null, new Date(at));
    }
    // … until the absolute limit.
    await expect(authenticateSession(database.db, busy.sessionId, null, new Date(start.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000))).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('replaces a scrypt hash from before argon2 at the next sign-in', async () => {
    const salt = Buffer.from('fedcba9876543210');
    const legacy = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    await database.db.insertInto('users').values({ username: 'old-timer', display_name: '老用户', password_hash: legacy, role: 'expert', org_unit_code: '330000' }).execute();
    await login(database.db, { username: 'old-timer', password: PASSWORD, clientIp: '10.0.0.9' });
    const stored = await database.db.selectFrom('users').select('password_hash').where('username', '=', 'old-timer').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect((await login(database.db, { username: 'old-timer', password: PASSWORD, clientIp: '10.0.0.9' })).actor.id).toBe('old-timer');
  });
});
