// API tokens for machines (random, stored only as a SHA-256 hash, scoped to fact types and an org
// subtree, expiring, revocable) and staff accounts. The plain functions here are for bootstrapping
// (demo, tests); people go through the audited, permission-checked versions in accounts.ts.
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '@govperf/contracts';
import type { DB, StaffRole } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { tokenActor, type Actor } from './actor';
import { hashPassword } from './passwords';

export { isWithinArea } from './actor';
export { hashPassword, verifyPassword } from './passwords';

export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: StaffRole;
  orgUnit: string;
  department?: string | null;
}

export async function createUser(db: Kysely<DB>, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: await hashPassword(user.password),
      role: user.role,
      org_unit_code: user.orgUnit,
      department_code: user.department ?? null,
    })
    .execute();
}

export interface TokenPrincipal {
  tokenId: string;
  name: string;
  /** Fact types this token may ingest; '*' for all. */
  factTypes: readonly string[];
  /** The org unit whose subtree the token may write. */
  orgUnit: string;
  expiresAt: Date | null;
}

export interface NewApiToken {
  name: string;
  factTypes: readonly string[];
  orgUnit: string;
  createdBy?: string | null;
  expiresAt?: Date | null;
}

/** Issues a token for machine ingestion; the plain token is returned once and never stored. */
export async function issueApiToken(db: Kysely<DB>, token: NewApiToken): Promise<{ id: string; token: string }> {
  const plain = `gp_${randomBytes(24).toString('base64url')}`;
  const id = `tok_${randomBytes(8).toString('hex')}`;
  await db
    .insertInto('api_tokens')
    .values({
      id,
      name: token.name,
      token_hash: tokenHash(plain),
      fact_types: [...token.factTypes],
      org_unit_code: token.orgUnit,
      created_by: token.createdBy ?? null,
      expires_at: token.expiresAt ?? null,
    })
    .execute();
  return { id, token: plain };
}

const tokenRefused = (reason: 'unknown' | 'revoked' | 'expired') =>
  new AppError('unauthenticated', {
    message: {
      unknown: { zh: 'API 令牌无效', en: 'the API token is not valid' },
      revoked: { zh: 'API 令牌已吊销', en: 'the API token has been revoked' },
      expired: { zh: 'API 令牌已过期', en: 'the API token has expired' },
    }[reason],
    details: { reason: `token_${reason}` },
  });

/** The principal behind a bearer token; unknown, revoked and expired tokens are refused (and audited). */
export async function authenticateToken(db: Kysely<DB>, token: string, options: { clientIp?: string | null; now?: Date } = {}): Promise<TokenPrincipal> {
  const now = options.now ?? new Date();
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'fact_types', 'org_unit_code', 'revoked_at', 'expires_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  const reason = !row ? 'unknown' : row.revoked_at !== null ? 'revoked' : row.expires_at !== null && new Date(row.expires_at) <= now ? 'expired' : null;
  if (reason) {
    await appendAudit(db, {
      actor: row?.id ?? 'anonymous',
      actorKind: row ? 'token' : 'anonymous',
      clientIp: options.clientIp ?? null,
      action: 'auth.token_refused',
      entityType: 'api_token',
      entityId: row?.id ?? null,
      details: { reason },
    });
    throw tokenRefused(reason);
  }
  const found = row!;
  if (!found.last_used_at || now.getTime() - new Date(found.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', found.id).execute();
  }
  return { tokenId: found.id, name: found.name, factTypes: found.fact_types, orgUnit: found.org_unit_code, expiresAt: found.expires_at };
}

export async function authenticateTokenActor(db: Kysely<DB>, token: string, clientIp: string | null): Promise<Actor> {
  const principal = await authenticateToken(db, token, { clientIp });
  return tokenActor({ id: principal.tokenId, name: principal.name, org_unit_code: principal.orgUnit, fact_types: principal.factTypes }, clientIp);
}
