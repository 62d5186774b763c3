// The data-quality report (per source and day, with each source's freshness) and the rejected
// records, for data operators. Read-only; an administrator token for now.
import { z } from '@hono/zod-openapi';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { requireServices } from './shared';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const json = (description: string) => ({ description, content: { 'application/json': { schema: z.unknown() } } });

const report = guardedRoute(permission('quality.read'), {
  method: 'get',
  path: '/quality/report',
  tags: ['data quality'],
  summary: '数据质量报告 / Data-quality report per source and day',
  request: { query: z.object({ from: Day.optional(), to: Day.optional(), source: z.string().optional() }) },
  responses: { 200: json('days: received, accepted, failed quality checks, flagged, late, refused; freshness per source (stale after 2 h)'), ...errorResponses(400, 401, 403, 503) },
});

const rejected = guardedRoute(permission('quality.read'), {
  method: 'get',
  path: '/ingest/rejected',
  tags: ['ingestion'],
  summary: '拒收记录 / Rejected records with their reasons',
  request: {
    query: z.object({
      type: z.string().optional(),
      batch: z.string().optional(),
      source: z.string().optional(),
      field: z.string().max(200).optional().describe('出错字段（汇总下钻）/ the field in error (drill-down of the summary)'),
      reason: z.string().max(1000).optional().describe('拒收原因，数字记为 N（汇总下钻）/ the reason with numbers as N (drill-down of the summary)'),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
      unmask: z.enum(['true', 'false']).optional().describe('显示未脱敏的个人信息（需 personal_data.unmask 权限，留痕）/ show personal data unmasked (permission personal_data.unmask; audited)'),
    }),
  },
  responses: { 200: json('the newest rejected records first'), ...errorResponses(400, 401, 403, 503) },
});

const rejectionSummary = guardedRoute(permission('quality.read'), {
  method: 'get',
  path: '/quality/rejections/summary',
  tags: ['data quality'],
  summary: '拒收原因汇总 / Rejected records by fact type, field and reason',
  description: '按数据类型 × 字段 × 原因统计拒收记录（原因中的数字记为 N），仅限本级及下级 / counts by fact type × field × reason (numbers in reasons as N), in the caller\'s subtree',
  request: {
    query: z.object({
      type: z.string().max(64).optional(),
      source: z.string().max(200).optional(),
      from: Day.optional(),
      to: Day.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: {
      description: 'records: refused records in the filter; groups: the largest first',
      content: {
        'application/json': {
          schema: z.object({
            records: z.number().int(),
            groups: z.array(z.object({ factType: z.string(), field: z.string(), reason: z.string(), example: z.string(), count: z.number().int(), lastReceivedAt: z.string() })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 503),
  },
});

export const qualityRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(report, async (c) => {
      return c.json(await requireServices(deps).quality.report(actorOf(c), c.req.valid('query')), 200);
    })
    .openapi(rejected, async (c) => {
      const q = c.req.valid('query');
      return c.json({ records: await requireServices(deps).quality.rejected(actorOf(c), { factType: q.type, batchId: q.batch, source: q.source, field: q.field, reason: q.reason, limit: q.limit }, { unmask: q.unmask === 'true' }) }, 200);
    })
    .openapi(rejectionSummary, async (c) => {
      const q = c.req.valid('query');
      return c.json(await requireServices(deps).quality.rejectionSummary(actorOf(c), { factType: q.type, source: q.source, from: q.from, to: q.to, limit: q.limit }), 200);
    });
