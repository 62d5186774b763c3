// Who may call what. Every route is declared with an access rule (guardedRoute); the rule becomes
// the route's first middleware and its OpenAPI security entry, and is kept in ACCESS_RULES so the
// authorisation-matrix test can check that no route exists without one. The services check the
// same permissions and the caller's subtree again, below the HTTP layer.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { AppError } from '@govperf/contracts';
import type { Actor, Permission } from '@govperf/services';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

export type AccessRule =
  /** Anyone, without credentials (rate limited). */
  | { kind: 'public' }
  /** Any signed-in user or valid token. */
  | { kind: 'signed-in' }
  | { kind: 'permission'; permission: Permission };

export const PUBLIC: AccessRule = { kind: 'public' };
export const SIGNED_IN: AccessRule = { kind: 'signed-in' };
export const permission = (p: Permission): AccessRule => ({ kind: 'permission', permission: p });

/** 'METHOD /api/path/{param}' → rule, for every route of the API. */
export const ACCESS_RULES = new Map<string, AccessRule>();

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

export function registerAccess(method: string, path: string, rule: AccessRule): void {
  ACCESS_RULES.set(routeKey(method, path), rule);
}

/** The actor a guarded route may rely on (the access middleware has already checked it). */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw c.get('authFailure') ?? new AppError('unauthenticated');
  return actor;
}

export function requireAccess(rule: AccessRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (rule.kind !== 'public') {
      const actor = actorOf(c);
      if (rule.kind === 'permission' && !actor.permissions.has(rule.permission)) {
        throw new AppError('forbidden', { message: { zh: `没有“${rule.permission}”权限`, en: `the permission ${rule.permission} is required` }, details: { permission: rule.permission } });
      }
    }
    await next();
  };
}

const SECURITY: Record<string, string[]>[] = [{ sessionCookie: [] }, { bearerAuth: [] }];

function describeRule(rule: AccessRule): string {
  if (rule.kind === 'public') return '公开接口（限流） / Public (rate limited)';
  if (rule.kind === 'signed-in') return '需登录 / Signed-in users';
  return `权限 / Permission: \`${rule.permission}\``;
}

/** createRoute with an access rule: registered for the matrix test, enforced first, documented. */
export function guardedRoute<const R extends RouteConfig>(rule: AccessRule, config: R) {
  registerAccess(config.method, `/api${config.path}`, rule);
  const description = [config.description, describeRule(rule)].filter(Boolean).join('\n\n');
  return createRoute({ ...config, description, ...(rule.kind === 'public' ? {} : { security: SECURITY }), middleware: [requireAccess(rule)] as const });
}
