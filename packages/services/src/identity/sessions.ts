// Staff sign-in: password check with throttling, server-side sessions (the cookie carries a random
// id; only its SHA-256 is stored), a CSRF token per session, idle and absolute expiry. Every
// success, failure and refusal goes to the audit trail.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, userActor, type Actor } from './actor';
import { burnVerification, hashPassword, needsRehash, verifyPassword } from './passwords';

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** Failures counted per user name and per client address within the window before sign-in is refused. */
export const LOGIN_THROTTLE = { windowMinutes: 15, perUser: 5, perClient: 20 } as const;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const minutes = (n: number) => n * 60_000;

export interface SessionGrant {
  /** The cookie value: shown once, stored only as a hash. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export interface LoginRequest {
  username: string;
  password: string;
  clientIp: string;
  userAgent?: string | null;
}

const invalidCredentials = () => new AppError('unauthenticated', { message: { zh: '用户名或密码错误', en: 'wrong user name or password' } });

export async function login(db: Kysely<DB>, request: LoginRequest, now = new Date()): Promise<SessionGrant> {
  const username = request.username.trim().toLowerCase();
  await refuseIfThrottled(db, username, request.clientIp, now);
  const user = await db
    .selectFrom('users')
    .select(['username', 'display_name', 'password_hash', 'role', 'org_unit_code', 'department_code', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
  const valid = user ? await verifyPassword(request.password, user.password_hash) : (await burnVerification(request.password), false);
  if (!user || !valid || user.disabled_at !== null) {
    await db.insertInto('login_failures').values({ username, client_ip: request.clientIp }).execute();
    const reason = !user ? 'unknown_user' : !valid ? 'wrong_password' : 'disabled';
    await appendAudit(db, { actor: username, actorKind: 'anonymous', clientIp: request.clientIp, action: 'auth.login_failed', entityType: 'user', entityId: username, details: { reason } });
    throw invalidCredentials();
  }
  if (needsRehash(user.password_hash)) {
    await db.updateTable('users').set({ password_hash: await hashPassword(request.password) }).where('username', '=', username).execute();
  }
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + minutes(SESSION_IDLE_MINUTES));
  const actor = userActor(user, request.clientIp);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id_hash: sha256(sessionId), username, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt, client_ip: request.clientIp, user_agent: request.userAgent?.slice(0, 500) ?? null })
      .execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'auth.login', entityType: 'user', entityId: username, orgUnit: user.org_unit_code, details: { role: user.role } });
  });
  return { sessionId, csrfToken, expiresAt, actor };
}

async function refuseIfThrottled(db: Kysely<DB>, username: string, clientIp: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - minutes(LOGIN_THROTTLE.windowMinutes));
  const counts = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where username = ${username})::int`.as('byUser'),
      sql<number>`count(*) filter (where client_ip = ${clientIp})::int`.as('byClient'),
      sql<Date | null>`min(at) filter (where username = ${username} or client_ip = ${clientIp})`.as('oldest'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('username', '=', username), eb('client_ip', '=', clientIp)]))
    .executeTakeFirstOrThrow();
  if (counts.byUser < LOGIN_THROTTLE.perUser && counts.byClient < LOGIN_THROTTLE.perClient) return;
  const oldest = counts.oldest ? new Date(counts.oldest) : now;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + minutes(LOGIN_THROTTLE.windowMinutes) - now.getTime()) / 1000));
  await appendAudit(db, { actor: username, actorKind: 'anonymous', clientIp, action: 'auth.login_throttled', entityType: 'user', entityId: username, details: { failuresForUser: counts.byUser, failuresFromClient: counts.byClient } });
  throw new AppError('rate_limited', {
    message: { zh: `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`, en: `too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes` },
    details: { retryAfterSeconds },
  });
}

export interface SessionContext {
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
}

const sessionExpired = () => new AppError('unauthenticated', { message: { zh: '登录已失效，请重新登录', en: 'the session has ended; sign in again' } });

/** The user behind a session cookie; slides the idle expiry, never past the absolute limit. */
export async function authenticateSession(db: Kysely<DB>, sessionId: string, clientIp: string | null, now = new Date()): Promise<SessionContext> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.username', 'sessions.username')
    .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.created_at', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.revoked_at'])
    .select(['users.username', 'users.display_name', 'users.role', 'users.org_unit_code', 'users.department_code', 'users.disabled_at'])
    .where('sessions.id_hash', '=', sha256(sessionId))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled_at !== null || new Date(row.expires_at) <= now) throw sessionExpired();
  const absoluteEnd = new Date(row.created_at).getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000;
  let expiresAt = new Date(row.expires_at);
  // Writing on every request would turn each read into a write; once a minute is precise enough.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    expiresAt = new Date(Math.min(absoluteEnd, now.getTime() + minutes(SESSION_IDLE_MINUTES)));
    await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id_hash', '=', row.id_hash).execute();
  }
  return { actor: userActor(row, clientIp), csrfToken: row.csrf_token, expiresAt };
}

export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout(db: Kysely<DB>, sessionId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('id_hash', '=', sha256(sessionId)).where('revoked_at', 'is', null).execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'auth.logout', entityType: 'user', entityId: actor.id });
  });
}
