// The scoped context every service call carries: who is acting, in which part of the
// administrative tree, with which permissions. Services check it themselves, so no route, export
// or CLI command can reach data outside the caller's subtree by forgetting a check.
import { AppError } from '@govperf/contracts';
import type { AuditActorKind, DB, StaffRole } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { PERMISSIONS, ROLE_PERMISSIONS, TOKEN_PERMISSIONS, type Permission } from './permissions';

export interface Actor {
  kind: 'user' | 'token' | 'system';
  /** User name, token id, or the operator's name for the command line. */
  id: string;
  displayName: string;
  role: StaffRole | null;
  /** The org unit whose subtree the actor works in; '*' (operators on the server itself) is everything. */
  area: string;
  /** A department operator's department. */
  department: string | null;
  permissions: ReadonlySet<Permission>;
  /** Fact types the actor may send ('*' for all). */
  factTypes: readonly string[];
  clientIp: string | null;
}

/** Whoever runs `govperf` on the server: they hold the database itself, so nothing is hidden from them. */
export function systemActor(name = 'cli'): Actor {
  return { kind: 'system', id: name, displayName: name, role: null, area: '*', department: null, permissions: new Set(PERMISSIONS), factTypes: ['*'], clientIp: null };
}

export function userActor(user: { username: string; display_name: string; role: StaffRole; org_unit_code: string; department_code: string | null }, clientIp: string | null): Actor {
  return {
    kind: 'user',
    id: user.username,
    displayName: user.display_name,
    role: user.role,
    area: user.org_unit_code,
    department: user.department_code,
    permissions: new Set(ROLE_PERMISSIONS[user.role]),
    factTypes: ['*'],
    clientIp,
  };
}

export function tokenActor(token: { id: string; name: string; org_unit_code: string; fact_types: readonly string[] }, clientIp: string | null): Actor {
  return { kind: 'token', id: token.id, displayName: token.name, role: null, area: token.org_unit_code, department: null, permissions: new Set(TOKEN_PERMISSIONS), factTypes: token.fact_types, clientIp };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError('forbidden', { message: { zh: `没有“${permission}”权限`, en: `the permission ${permission} is required` }, details: { permission } });
  }
}

/** Whether `unit` lies in the subtree of `area` ('*' contains everything). */
export async function isWithinArea(db: Kysely<DB>, area: string, unit: string): Promise<boolean> {
  if (area === '*') return true;
  const row = await db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', area).where('descendant_code', '=', unit).executeTakeFirst();
  return row !== undefined;
}

/** For a unit the caller names themselves (a scope, a new user's unit): outside the area is 403. */
export async function requireWithinArea(db: Kysely<DB>, actor: Actor, unit: string, field = 'orgUnit'): Promise<void> {
  if (!(await isWithinArea(db, actor.area, unit))) {
    throw new AppError('forbidden', { message: { zh: `${unit} 不在您的管辖范围内`, en: `${unit} is outside your area (${actor.area})` }, details: { field, orgUnit: unit } });
  }
}

/** The audit trail's view of an actor. */
export function auditActor(actor: Actor | null): { actor: string; actorKind: AuditActorKind; clientIp: string | null } {
  if (!actor) return { actor: 'anonymous', actorKind: 'anonymous', clientIp: null };
  return { actor: actor.id, actorKind: actor.kind, clientIp: actor.clientIp };
}
