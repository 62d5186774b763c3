// 结果公开: published results for citizens and the press, without signing in. Only published runs,
// only aggregates (scores, grades, ranks); rate limited per client.
import { z } from '@hono/zod-openapi';
import { PeriodSchema } from '@govperf/contracts';
import { guardedRoute, PUBLIC } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Summary = z.object({ id: z.string(), system: z.object({ code: z.string(), version: z.string() }), period: z.string(), scope: z.string(), publishedAt: z.string() }).openapi('PublishedRun');
const UnitResult = z
  .object({
    unit: z.string(),
    name: z.string().nullable(),
    peerGroup: z.string(),
    score: z.number().nullable(),
    grade: z.string().nullable(),
    gradeName: z.object({ zh: z.string(), en: z.string() }).nullable(),
    rank: z.number().int().nullable(),
    dimensions: z.array(z.object({ indicator: z.string(), score: z.number().nullable() })),
  })
  .openapi('PublishedUnitResult');

const list = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/evaluations',
  tags: ['public'],
  summary: '已发布的评估结果 / Published evaluation results',
  request: { query: z.object({ system: z.string().max(64).optional(), period: PeriodSchema.optional() }) },
  responses: { 200: json(z.object({ runs: z.array(Summary) }), 'Published runs, newest first'), ...errorResponses(400, 429, 503) },
});

const get = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/evaluations/{id}',
  tags: ['public'],
  summary: '一次已发布评估的排名 / Scores, grades and ranks of one published run',
  request: { params: z.object({ id: z.string().regex(/^run_[0-9a-f-]{36}$/, 'a run id looks like run_<uuid>') }) },
  responses: { 200: json(Summary.extend({ units: z.array(UnitResult) }), 'The published aggregates'), ...errorResponses(400, 404, 429, 503) },
});

export const publicRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(list, async (c) => c.json({ runs: await requireServices(deps).public.runs(c.req.valid('query')) }, 200))
    .openapi(get, async (c) => c.json(await requireServices(deps).public.run(c.req.valid('param').id), 200));
