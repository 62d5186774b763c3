// Signing in and out. A successful sign-in sets an HttpOnly, SameSite=Strict session cookie and
// returns the session's CSRF token, which the console sends back as X-CSRF-Token on every change.
import { z } from '@hono/zod-openapi';
import type { Actor } from '@govperf/services';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { actorOf, guardedRoute, PUBLIC, SIGNED_IN } from '../access';
import { SESSION_COOKIE } from '../authentication';
import type { ApiDeps } from '../deps';
import { createRouter, type AppEnv, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Me = z
  .object({
    kind: z.enum(['user', 'token', 'system']),
    id: z.string(),
    displayName: z.string(),
    role: z.string().nullable(),
    orgUnit: z.string().describe('管辖范围（本级及下级）/ the subtree the caller works in'),
    department: z.string().nullable(),
    permissions: z.array(z.string()),
  })
  .openapi('Me');
const Session = z.object({ user: Me, csrfToken: z.string(), expiresAt: z.string() }).openapi('Session');

const me = (actor: Actor) => ({
  kind: actor.kind,
  id: actor.id,
  displayName: actor.displayName,
  role: actor.role,
  orgUnit: actor.area,
  department: actor.department,
  permissions: [...actor.permissions].sort(),
});

const loginRoute = guardedRoute(PUBLIC, {
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: '登录 / Sign in',
  description: '连续失败 5 次（同一用户名）或 20 次（同一地址）后 15 分钟内拒绝登录 / After 5 failures for a user name (20 from one address) sign-in is refused for 15 minutes.',
  request: { body: { content: { 'application/json': { schema: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }) } }, required: true } },
  responses: { 200: json(Session, '已登录 / Signed in; the session cookie is set'), ...errorResponses(400, 401, 413, 429, 503) },
});

const logoutRoute = guardedRoute(SIGNED_IN, {
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: '退出登录 / Sign out',
  responses: { 200: json(z.object({ signedOut: z.boolean() }), '已退出 / Signed out'), ...errorResponses(401, 403, 503) },
});

const meRoute = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: '当前用户 / Who am I',
  description: '未登录时 user 为 null（不是 401），页面据此显示登录框 / user is null when not signed in (not a 401), so the console can show the sign-in form',
  responses: { 200: json(z.object({ user: Me.nullable(), csrfToken: z.string().nullable(), expiresAt: z.string().nullable() }), '当前身份 / The caller'), ...errorResponses(401, 503) },
});

function secureRequest(c: Context<AppEnv>, deps: ApiDeps): boolean {
  if (deps.secureCookies) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return (deps.trustProxy ?? false) && c.req.header('x-forwarded-proto') === 'https';
}

export const authRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(loginRoute, async (c) => {
      const body = c.req.valid('json');
      const grant = await requireServices(deps).identity.login({ username: body.username, password: body.password, clientIp: c.get('clientIp'), userAgent: c.req.header('user-agent') ?? null });
      setCookie(c, SESSION_COOKIE, grant.sessionId, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secureRequest(c, deps), maxAge: 12 * 3600 });
      return c.json({ user: me(grant.actor), csrfToken: grant.csrfToken, expiresAt: grant.expiresAt.toISOString() }, 200);
    })
    .openapi(logoutRoute, async (c) => {
      const session = c.get('session');
      if (session) await requireServices(deps).identity.logout(session.id, actorOf(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ signedOut: session !== null }, 200);
    })
    .openapi(meRoute, (c) => {
      const session = c.get('session');
      const actor = c.get('actor');
      return c.json({ user: actor ? me(actor) : null, csrfToken: session?.csrfToken ?? null, expiresAt: session?.expiresAt.toISOString() ?? null }, 200);
    });
