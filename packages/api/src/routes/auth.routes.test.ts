import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, createUser, issueApiToken, listAuditEntries, systemActor, verifyAuditChain, type Services } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();
const PASSWORD = 'a long enough password';

describe.each(testEngines())('sign-in, sessions and tokens on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  const login = (username: string, password: string, ip = '10.0.0.1') =>
    app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ username, password }) });
  const audited = async (action: string) => listAuditEntries(database.db, { action, limit: 1000 });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE);
    app = createApp({ version: 'test', startedAt: new Date(), services, trustProxy: true, rateLimits: { publicPerMinute: 3, loginPerMinute: 1000 }, logger: { error: () => {}, warn: () => {} } });
    for (const [username, role] of [['office', 'admin'], ['victim', 'expert'], ['leaver', 'expert'], ['hz-data', 'data_operator']] as const) {
      await createUser(database.db, { username, displayName: username, password: PASSWORD, role, orgUnit: role === 'data_operator' ? '330100' : '330000' });
    }
  });
  afterAll(async () => dispose());

  it('signs in with an HttpOnly, SameSite=Strict cookie and answers who is signed in', async () => {
    const response = await login('office', PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^govperf_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const body = await json(response);
    expect(body.user).toMatchObject({ kind: 'user', id: 'office', role: 'admin', orgUnit: '330000' });
    expect(body.user.permissions).toContain('evaluation.publish');
    expect(body.user.permissions).not.toContain('audit.read');
    const session = await signIn(app, 'office', PASSWORD);
    const me = await json(await request(app, 'GET', '/api/auth/me', session));
    expect(me).toMatchObject({ user: { id: 'office' }, csrfToken: session.csrf });
    expect((await audited('auth.login')).some((e) => e.actor === 'office' && e.clientIp === '10.0.0.1')).toBe(true);
  });

  it('marks the cookie Secure behind TLS', async () => {
    const secure = createApp({ version: 'test', startedAt: new Date(), services, secureCookies: true, logger: { error: () => {}, warn: () => {} } });
    const response = await secure.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: PASSWORD }) });
    expect(response.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses wrong passwords and unknown users alike, and audits each failure', async () => {
    const wrong = await login('office', 'not the password');
    const unknown = await login('nobody', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await json(wrong)).error.message).toBe((await json(unknown)).error.message);
    const failures = await audited('auth.login_failed');
    expect(failures.map((e) => [e.entityId, e.details.reason])).toEqual(expect.arrayContaining([['office', 'wrong_password'], ['nobody', 'unknown_user']]));
  });

  it('throttles guessing: after five failures even the right password is refused for a while', async () => {
    for (let i = 0; i < 5; i++) expect((await login('victim', `guess ${i}`, `10.1.0.${i}`)).status).toBe(401);
    const blocked = await login('victim', PASSWORD, '10.1.0.99');
    expect(blocked.status).toBe(429);
    expect((await json(blocked)).error.details.retryAfterSeconds).toBeGreaterThan(60);
    expect((await audited('auth.login_throttled')).some((e) => e.entityId === 'victim')).toBe(true);
    // Other accounts are not locked out by it.
    expect((await login('office', PASSWORD, '10.1.0.99')).status).toBe(200);
  });

  it('needs the CSRF token for changes made with a session cookie', async () => {
    const session = await signIn(app, 'office', PASSWORD);
    const body = { name: '采集', factTypes: ['ratings'], orgUnit: '330100' };
    const without = await request(app, 'POST', '/api/tokens', { ...session, csrf: '' }, body);
    expect(without.status).toBe(403);
    expect((await json(without)).error.details).toEqual({ reason: 'csrf' });
    expect((await request(app, 'POST', '/api/tokens', { ...session, csrf: `${session.csrf.slice(0, -1)}x` }, body)).status).toBe(403);
    expect((await request(app, 'POST', '/api/tokens', session, body)).status).toBe(201);
    // Reading needs no CSRF token.
    expect((await request(app, 'GET', '/api/tokens', { ...session, csrf: '' })).status).toBe(200);
  });

  it('ends a session on sign-out and when the account is disabled', async () => {
    const session = await signIn(app, 'office', PASSWORD);
    expect((await request(app, 'POST', '/api/auth/logout', session)).status).toBe(200);
    expect((await json(await request(app, 'GET', '/api/auth/me', session))).user).toBeNull();
    expect((await request(app, 'GET', '/api/tokens', session)).status).toBe(401);
    const leaver = await signIn(app, 'leaver', PASSWORD);
    const admin = await signIn(app, 'office', PASSWORD);
    expect((await request(app, 'POST', '/api/users/leaver/disable', admin)).status).toBe(200);
    expect((await json(await request(app, 'GET', '/api/auth/me', leaver))).user).toBeNull();
    expect((await request(app, 'GET', '/api/evaluations', leaver)).status).toBe(401);
    expect((await login('leaver', PASSWORD)).status).toBe(401);
  });

  it('refuses forged, expired and revoked tokens with 401, and audits each', async () => {
    const forged = await request(app, 'POST', '/api/ingest/ratings', { kind: 'token', token: 'gp_forgedforgedforgedforgedforgedforged' }, []);
    expect(forged.status).toBe(401);
    const expired = await issueApiToken(database.db, { name: 'old', factTypes: ['ratings'], orgUnit: '330100', expiresAt: new Date(Date.now() - 1000) });
    const expiredResponse = await request(app, 'POST', '/api/ingest/ratings', { kind: 'token', token: expired.token }, []);
    expect(expiredResponse.status).toBe(401);
    expect((await json(expiredResponse)).error.details).toEqual({ reason: 'token_expired' });
    const dataOperator = await signIn(app, 'hz-data', PASSWORD);
    const issued = await json(await request(app, 'POST', '/api/tokens', dataOperator, { name: '好差评', factTypes: ['ratings'], orgUnit: '330102', expiresInDays: 30 }));
    expect((await request(app, 'POST', '/api/ingest/ratings', { kind: 'token', token: issued.token }, [])).status).toBe(200);
    expect((await request(app, 'POST', `/api/tokens/${issued.view.id}/revoke`, dataOperator)).status).toBe(200);
    const revoked = await request(app, 'POST', '/api/ingest/ratings', { kind: 'token', token: issued.token }, []);
    expect(revoked.status).toBe(401);
    expect((await json(revoked)).error.details).toEqual({ reason: 'token_revoked' });
    const refusals = (await audited('auth.token_refused')).map((e) => e.details.reason);
    expect(refusals).toEqual(expect.arrayContaining(['unknown', 'expired', 'revoked']));
    // A token sends data and does nothing else; a data operator cannot issue tokens above their area.
    expect((await request(app, 'GET', '/api/evaluations', { kind: 'token', token: expired.token })).status).toBe(401);
    expect((await request(app, 'POST', '/api/tokens', dataOperator, { name: 'x', factTypes: ['ratings'], orgUnit: '330000' })).status).toBe(403);
  });

  it('rate-limits the public endpoints per client with 429 and Retry-After', async () => {
    const get = (ip: string) => app.request('/api/public/evaluations', { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await get('192.0.2.1')).status).toBe(200);
    const limited = await get('192.0.2.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(limited)).error.code).toBe('rate_limited');
    expect((await get('192.0.2.2')).status).toBe(200);
  });

  it('refuses an oversized sign-in body before reading it', async () => {
    const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'x'.repeat(100_000) }) });
    expect(response.status).toBe(413);
  });

  it('leaves an intact audit chain behind all of it', async () => {
    const verification = await verifyAuditChain(database.db);
    expect(verification.ok).toBe(true);
    expect(verification.entries).toBeGreaterThan(15);
    expect((await services.audit.verify(systemActor())).ok).toBe(true);
  });
});
