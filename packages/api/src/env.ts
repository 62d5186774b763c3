// The Hono environment shared by every router, and the shape of a route module.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { RequestIdVariables } from 'hono/request-id';
import type { ApiDeps } from './deps';
import { validationHook } from './errors';

export type AppEnv = { Variables: RequestIdVariables };

/** A router with the shared validation hook: every route module starts from this. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/**
 * One resource's routes (routes/<resource>.routes.ts): given the dependencies, a router whose
 * paths are relative to /api. Registered once, in routes/index.ts.
 */
export type RouteModule = (deps: ApiDeps) => OpenAPIHono<AppEnv>;
