// Resolves the caller once per request: an API token (Authorization: Bearer …) for machines, or the
// session cookie for people. A cookie session must also present its CSRF token (X-CSRF-Token) on
// every state-changing request, so another site cannot make a signed-in browser act.
import { AppError } from '@govperf/contracts';
import { csrfMatches } from '@govperf/services';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiDeps } from './deps';
import type { AppEnv } from './env';

export const SESSION_COOKIE = 'govperf_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signing in has no session yet; its own defences are the throttle and SameSite. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 100);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function authentication(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('authFailure', null);
    c.set('session', null);
    const clientIp = clientAddress(c, deps.trustProxy ?? false);
    c.set('clientIp', clientIp);
    const services = deps.services;
    if (!services) return next();

    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) {
        c.set('authFailure', new AppError('unauthenticated', { message: { zh: '需要 Authorization: Bearer <API 令牌>', en: 'Authorization: Bearer <API token> is required' } }));
      } else {
        await settle(c, async () => c.set('actor', await services.identity.authenticateToken(match[1]!, clientIp)));
      }
      return next();
    }

    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId) {
      await settle(c, async () => {
        const session = await services.identity.authenticateSession(sessionId, clientIp);
        if (!SAFE_METHODS.has(c.req.method) && !CSRF_EXEMPT.has(c.req.path) && !csrfMatches(session.csrfToken, c.req.header(CSRF_HEADER))) {
          throw new AppError('forbidden', {
            message: { zh: '缺少或错误的 CSRF 令牌（X-CSRF-Token）', en: 'the CSRF token (X-CSRF-Token) is missing or wrong' },
            details: { reason: 'csrf' },
          });
        }
        c.set('actor', session.actor);
        c.set('session', { id: sessionId, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
      });
    }
    await next();
  };
}

/** Credential failures are kept for the routes that need credentials; public routes still answer. */
async function settle(c: Context<AppEnv>, authenticate: () => Promise<void>): Promise<void> {
  try {
    await authenticate();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'forbidden') throw error;
    c.set('authFailure', error);
  }
}
