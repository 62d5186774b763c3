// Managing people and machine tokens, for administrators and data operators: every call checks the
// permission and the caller's subtree, validates its input, and is written to the audit trail in
// the same transaction as the change.
import { randomBytes } from 'node:crypto';
import { AppError, FACT_TYPE_NAMES, OrgUnitCode } from '@govperf/contracts';
import type { DB, StaffRole } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { auditActor, requirePermission, requireWithinArea, type Actor } from './actor';
import { createUser, issueApiToken } from './credentials';
import { MIN_PASSWORD_LENGTH } from './passwords';
import { STAFF_ROLES } from './permissions';
import { parseInput as parse } from '../validation';


export const NewUserSchema = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9_.-]{3,64}$/, 'must be 3–64 characters: lower-case letters, digits, _ . -'),
    displayName: z.string().trim().min(1, 'is required').max(100),
    role: z.enum(STAFF_ROLES, { error: `must be one of ${STAFF_ROLES.join(', ')}` }),
    orgUnit: OrgUnitCode,
    department: z.string().min(1).max(64).nullish(),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`).max(200).optional(),
  })
  .refine((u) => u.role !== 'department_operator' || !!u.department, { path: ['department'], message: 'is required for a department operator' });

export interface UserView {
  username: string;
  displayName: string;
  role: StaffRole;
  orgUnit: string;
  department: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/** Creates a staff account; without a password one is generated and returned once. */
export async function createStaffUser(db: Kysely<DB>, actor: Actor, input: unknown): Promise<{ user: UserView; password: string | null }> {
  requirePermission(actor, 'user.manage');
  const user = parse(NewUserSchema, input);
  await requireWithinArea(db, actor, user.orgUnit);
  if (user.department) {
    const department = await db.selectFrom('departments').select('org_unit_code').where('code', '=', user.department).executeTakeFirst();
    if (!department) throw new AppError('validation_failed', { details: [{ in: 'body', path: ['department'], message: `unknown department ${user.department}` }] });
    await requireWithinArea(db, actor, department.org_unit_code, 'department');
  }
  const exists = await db.selectFrom('users').select('username').where('username', '=', user.username).executeTakeFirst();
  if (exists) throw new AppError('conflict', { message: { zh: `用户名 ${user.username} 已存在`, en: `the user name ${user.username} is taken` } });
  const generated = user.password ? null : randomBytes(15).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await createUser(trx, { ...user, password: user.password ?? generated!, department: user.department ?? null });
    await appendAudit(trx, { ...auditActor(actor), action: 'user.create', entityType: 'user', entityId: user.username, orgUnit: user.orgUnit, details: { role: user.role, department: user.department ?? null } });
  });
  const [created] = await usersQuery(db, actor).where('users.username', '=', user.username).execute();
  return { user: toUserView(created!), password: generated };
}

function usersQuery(db: Kysely<DB>, actor: Actor) {
  let query = db.selectFrom('users').select(['users.username', 'users.display_name', 'users.role', 'users.org_unit_code', 'users.department_code', 'users.created_at', 'users.disabled_at']);
  if (actor.area !== '*') {
    query = query.where('users.org_unit_code', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  }
  return query;
}

type UserRow = { username: string; display_name: string; role: StaffRole; org_unit_code: string; department_code: string | null; created_at: Date; disabled_at: Date | null };
const toUserView = (u: UserRow): UserView => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  orgUnit: u.org_unit_code,
  department: u.department_code,
  createdAt: new Date(u.created_at).toISOString(),
  disabledAt: u.disabled_at ? new Date(u.disabled_at).toISOString() : null,
});

export async function listStaffUsers(db: Kysely<DB>, actor: Actor): Promise<UserView[]> {
  requirePermission(actor, 'user.manage');
  return (await usersQuery(db, actor).orderBy('users.username').execute()).map(toUserView);
}

const userNotFound = (username: string) => new AppError('not_found', { message: { zh: `没有用户 ${username}`, en: `no user ${username}` } });

/** Disables an account and ends its sessions; accounts are never deleted, so the audit trail keeps its actors. */
export async function disableStaffUser(db: Kysely<DB>, actor: Actor, username: string): Promise<UserView> {
  requirePermission(actor, 'user.manage');
  const [target] = await usersQuery(db, actor).where('users.username', '=', username).execute();
  if (!target) throw userNotFound(username);
  if (target.username === actor.id) throw new AppError('conflict', { message: { zh: '不能停用自己的账号', en: 'you cannot disable your own account' } });
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled_at: now }).where('username', '=', username).where('disabled_at', 'is', null).execute();
    await trx.updateTable('sessions').set({ revoked_at: now }).where('username', '=', username).where('revoked_at', 'is', null).execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'user.disable', entityType: 'user', entityId: username, orgUnit: target.org_unit_code });
  });
  return toUserView({ ...target, disabled_at: target.disabled_at ?? now });
}

export const MAX_TOKEN_DAYS = 730;
export const NewTokenSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  factTypes: z.array(z.enum(FACT_TYPE_NAMES as [string, ...string[]], { error: `must be fact types: ${FACT_TYPE_NAMES.join(', ')}` })).min(1, 'must name at least one fact type'),
  orgUnit: OrgUnitCode,
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(365),
});

export interface TokenView {
  id: string;
  name: string;
  factTypes: string[];
  orgUnit: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function issueScopedToken(db: Kysely<DB>, actor: Actor, input: unknown): Promise<{ token: string; view: TokenView }> {
  requirePermission(actor, 'token.manage');
  const request = parse(NewTokenSchema, input);
  await requireWithinArea(db, actor, request.orgUnit);
  const expiresAt = new Date(Date.now() + request.expiresInDays * 86_400_000);
  const issued = await db.transaction().execute(async (trx) => {
    const created = await issueApiToken(trx, { ...request, createdBy: actor.kind === 'user' ? actor.id : null, expiresAt });
    await appendAudit(trx, { ...auditActor(actor), action: 'token.issue', entityType: 'api_token', entityId: created.id, orgUnit: request.orgUnit, details: { name: request.name, factTypes: request.factTypes, expiresAt: expiresAt.toISOString() } });
    return created;
  });
  const [view] = await listTokensQuery(db, actor).where('id', '=', issued.id).execute();
  return { token: issued.token, view: toTokenView(view!) };
}

function listTokensQuery(db: Kysely<DB>, actor: Actor) {
  let query = db.selectFrom('api_tokens').select(['id', 'name', 'fact_types', 'org_unit_code', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'revoked_at']);
  if (actor.area !== '*') query = query.where('org_unit_code', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  return query;
}

type TokenRow = { id: string; name: string; fact_types: string[]; org_unit_code: string; created_by: string | null; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null };
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toTokenView = (t: TokenRow): TokenView => ({
  id: t.id,
  name: t.name,
  factTypes: t.fact_types,
  orgUnit: t.org_unit_code,
  createdBy: t.created_by,
  createdAt: new Date(t.created_at).toISOString(),
  expiresAt: iso(t.expires_at),
  lastUsedAt: iso(t.last_used_at),
  revokedAt: iso(t.revoked_at),
});

export async function listScopedTokens(db: Kysely<DB>, actor: Actor): Promise<TokenView[]> {
  requirePermission(actor, 'token.manage');
  return (await listTokensQuery(db, actor).orderBy('created_at', 'desc').execute()).map(toTokenView);
}

export async function revokeScopedToken(db: Kysely<DB>, actor: Actor, id: string): Promise<TokenView> {
  requirePermission(actor, 'token.manage');
  const [token] = await listTokensQuery(db, actor).where('id', '=', id).execute();
  if (!token) throw new AppError('not_found', { message: { zh: `没有令牌 ${id}`, en: `no token ${id}` } });
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: sql`coalesce(revoked_at, ${now})`, revoked_by: actor.kind === 'user' ? actor.id : null })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'token.revoke', entityType: 'api_token', entityId: id, orgUnit: token.org_unit_code });
  });
  return toTokenView({ ...token, revoked_at: token.revoked_at ?? now });
}
