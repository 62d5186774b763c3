// The Hono environment shared by every router, and the shape of a route module.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppError } from '@govperf/contracts';
import type { Actor } from '@govperf/services';
import type { RequestIdVariables } from 'hono/request-id';
import type { ApiDeps } from './deps';
import { validationHook } from './errors';

export type AppEnv = {
  Variables: RequestIdVariables & {
    /** Who is calling, resolved once per request by the authentication middleware; null: anonymous. */
    actor: Actor | null;
    /** Why credentials that were presented did not authenticate (raised only where a route needs them). */
    authFailure: AppError | null;
    /** The cookie session behind `actor`, when there is one. */
    session: { id: string; csrfToken: string; expiresAt: Date } | null;
    clientIp: string;
  };
};

/** A router with the shared validation hook: every route module starts from this. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/**
 * One resource's routes (routes/<resource>.routes.ts): given the dependencies, a router whose
 * paths are relative to /api. Registered once, in routes/index.ts.
 */
export type RouteModule = (deps: ApiDeps) => OpenAPIHono<AppEnv>;
