// GET /api/health: liveness for load balancers and operators, and readiness of the database when
// the server wires one in.
import { z } from '@hono/zod-openapi';
import { guardedRoute, PUBLIC } from '../access';
import type { ApiDeps } from '../deps';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';

/** A database that does not answer within this time counts as unavailable: health must answer fast. */
export const DATABASE_CHECK_TIMEOUT_MS = 3000;

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
    database: z.enum(['ok', 'unavailable', 'not_configured']),
  })
  .openapi('Health');
export type Health = z.infer<typeof HealthSchema>;

const route = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: '健康检查 / Health check',
  description: '服务与数据库是否可用 / Whether the service and its database are up.',
  responses: {
    200: { description: '可用 / Up', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: '数据库不可用 / The database is unavailable', content: { 'application/json': { schema: HealthSchema } } },
    ...errorResponses(),
  },
});

export async function checkHealth(deps: Pick<ApiDeps, 'version' | 'startedAt' | 'checkDatabase' | 'logger'>): Promise<Health> {
  const base = { version: deps.version, uptimeSeconds: Math.max(0, Math.floor((Date.now() - deps.startedAt.getTime()) / 1000)) };
  if (!deps.checkDatabase) return { status: 'ok', ...base, database: 'not_configured' };
  try {
    await withTimeout(deps.checkDatabase(), DATABASE_CHECK_TIMEOUT_MS);
    return { status: 'ok', ...base, database: 'ok' };
  } catch (error) {
    deps.logger?.warn('health: database check failed', { error: error instanceof Error ? error.message : String(error) });
    return { status: 'unavailable', ...base, database: 'unavailable' };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const healthRoutes: RouteModule = (deps) =>
  createRouter().openapi(route, async (c) => {
    const health = await checkHealth(deps);
    return health.status === 'ok' ? c.json(health, 200) : c.json(health, 503);
  });
