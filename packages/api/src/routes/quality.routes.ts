// The data-quality report (per source and day, with each source's freshness) and the rejected
// records, for data operators. Read-only; an administrator token for now.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { authenticate, requireAdministrator } from './auth';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.unknown() } } });
const bearer = [{ bearerAuth: [] as string[] }];

const report = createRoute({
  method: 'get',
  path: '/quality/report',
  tags: ['data quality'],
  summary: '数据质量报告 / Data-quality report per source and day',
  security: bearer,
  request: { query: z.object({ from: Day.optional(), to: Day.optional(), source: z.string().optional() }) },
  responses: { 200: json('days: received, accepted, failed quality checks, flagged, late, refused; freshness per source (stale after 2 h)'), ...errorResponses(400, 401, 403, 503) },
});

const rejected = createRoute({
  method: 'get',
  path: '/ingest/rejected',
  tags: ['ingestion'],
  summary: '拒收记录 / Rejected records with their reasons',
  security: bearer,
  request: {
    query: z.object({
      type: z.string().optional(),
      batch: z.string().optional(),
      source: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
    }),
  },
  responses: { 200: json('the newest rejected records first'), ...errorResponses(400, 401, 403, 503) },
});

export const qualityRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(report, async (c) => {
      const { services, principal } = await authenticate(deps, c.req.header('authorization'));
      requireAdministrator(principal);
      return c.json(await services.quality.report(c.req.valid('query')), 200);
    })
    .openapi(rejected, async (c) => {
      const { services, principal } = await authenticate(deps, c.req.header('authorization'));
      requireAdministrator(principal);
      const q = c.req.valid('query');
      return c.json({ records: await services.quality.rejected({ factType: q.type, batchId: q.batch, source: q.source, limit: q.limit }) }, 200);
    });
