import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { authenticateToken, createUser, hashPassword, issueApiToken, verifyPassword } from './credentials';

describe('passwords', () => {
  it('hash with a salt and verify only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
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
    expect(await authenticateToken(database.db, token)).toEqual({ tokenId: id, name: '省好差评系统', factTypes: ['ratings'], orgUnit: '330000' });
    const stored = await database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
  });

  it('refuse forged and revoked tokens as unauthenticated', async () => {
    await expect(authenticateToken(database.db, 'gp_forged')).rejects.toMatchObject({ code: 'unauthenticated' });
    const { id, token } = await issueApiToken(database.db, { name: 'old', factTypes: ['*'], orgUnit: '330000' });
    await database.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await expect(authenticateToken(database.db, token)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
