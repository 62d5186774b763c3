// Staff passwords (scrypt, from node:crypto) and API tokens (random, stored only as a SHA-256
// hash). The access-control issue adds sessions, roles and scopes on top of these.
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '@govperf/contracts';
import type { DB, StaffRole } from '@govperf/storage';
import type { Kysely } from 'kysely';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export async function createUser(db: Kysely<DB>, user: { username: string; displayName: string; password: string; role: StaffRole; orgUnit: string }): Promise<void> {
  await db
    .insertInto('users')
    .values({ username: user.username, display_name: user.displayName, password_hash: await hashPassword(user.password), role: user.role, org_unit_code: user.orgUnit })
    .execute();
}

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  /** Fact types this token may ingest; '*' for all. */
  factTypes: readonly string[];
  /** The org unit whose subtree the token may write. */
  orgUnit: string;
}

/** Issues a token for machine ingestion; the plain token is returned once and never stored. */
export async function issueApiToken(db: Kysely<DB>, token: { name: string; factTypes: readonly string[]; orgUnit: string; createdBy?: string }): Promise<{ id: string; token: string }> {
  const plain = `gp_${randomBytes(24).toString('base64url')}`;
  const id = `tok_${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('api_tokens')
    .values({ id, name: token.name, token_hash: tokenHash(plain), fact_types: [...token.factTypes], org_unit_code: token.orgUnit, created_by: token.createdBy ?? null })
    .execute();
  return { id, token: plain };
}

/** The principal behind a bearer token; unknown and revoked tokens are unauthenticated. */
export async function authenticateToken(db: Kysely<DB>, token: string): Promise<TokenPrincipal> {
  const row = await db.selectFrom('api_tokens').select(['id', 'name', 'fact_types', 'org_unit_code', 'revoked_at']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (!row || row.revoked_at !== null) {
    throw new AppError('unauthenticated', { message: { zh: 'API 令牌无效或已吊销', en: 'the API token is unknown or revoked' } });
  }
  return { tokenId: row.id, name: row.name, factTypes: row.fact_types, orgUnit: row.org_unit_code };
}

/** Whether `unit` lies in the subtree of `area` ('*' contains everything). */
export async function isWithinArea(db: Kysely<DB>, area: string, unit: string): Promise<boolean> {
  if (area === '*') return true;
  const row = await db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', area).where('descendant_code', '=', unit).executeTakeFirst();
  return row !== undefined;
}
