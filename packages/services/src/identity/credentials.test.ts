import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { scryptSync } from 'node:crypto';
import { authenticateToken, createUser, hashPassword, issueApiToken, verifyPassword } from './credentials';
import { needsRehash } from './passwords';

describe('passwords', () => {
  it('hash with a salt and verify only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    // argon2id with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('still accept the scrypt hashes stored before argon2, and ask for them to be replaced', async () => {
    // scrypt$N$r$p$salt$key as written by the first version, for the password 'correct horse'.
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('correct horse', salt, 32, { N: 16384, r: 8, p: 1 });
    const legacy = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('correct horse', legacy)).toBe(true);
    expect(await verifyPassword('wrong horse', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });
});

describe.each(testEngines())('API tokens on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await upsertOrgUnits(database.db, [{ code: '330000', name: '浙江省', level: 'province', parentCode: null }]);
    await createUser(database.db, { username: 'admin', displayName: '管理员', password: 'pw-123456', role: 'admin', orgUnit: '330000' });
  });
  afterAll(async () => dispose());

  it('authenticate by the plain token, which is never stored', async () => {
    const { id, token } = await issueApiToken(database.db, { name: '省好差评系统', factTypes: ['ratings'], orgUnit: '330000', createdBy: 'admin' });
    expect(await authenticateToken(database.db, token)).toEqual({ tokenId: id, name: '省好差评系统', factTypes: ['ratings'], orgUnit: '330000', expiresAt: null });
    const stored = await database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
  });

  it('refuse forged and revoked tokens as unauthenticated', async () => {
    await expect(authenticateToken(database.db, 'gp_forged')).rejects.toMatchObject({ code: 'unauthenticated' });
    const { id, token } = await issueApiToken(database.db, { name: 'old', factTypes: ['*'], orgUnit: '330000' });
    await database.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await expect(authenticateToken(database.db, token)).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'token_revoked' } });
    const expiring = await issueApiToken(database.db, { name: 'expiring', factTypes: ['ratings'], orgUnit: '330000', expiresAt: new Date('2026-06-01T00:00:00Z') });
    expect(await authenticateToken(database.db, expiring.token, { now: new Date('2026-05-31T23:59:59Z') })).toMatchObject({ tokenId: expiring.id });
    await expect(authenticateToken(database.db, expiring.token, { now: new Date('2026-06-01T00:00:00Z') })).rejects.toMatchObject({ details: { reason: 'token_expired' } });
  });
});
