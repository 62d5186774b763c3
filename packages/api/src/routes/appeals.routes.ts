// Appeals against published evaluation results (申诉): the evaluated unit submits within the
// appeal window with evidence; a reviewer decides; an upheld appeal yields a corrected run.
import { z } from '@hono/zod-openapi';
import { AppealDecisionSchema, AppealSubmissionSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Appeal = z
  .object({
    id: z.string(),
    runId: z.string(),
    unit: z.string(),
    indicator: z.string().nullable(),
    grounds: z.string(),
    status: z.enum(['pending', 'upheld', 'rejected']),
    correctedRunId: z.string().nullable().describe('申诉成立时生成的更正评估（未发布）/ the corrected run of an upheld appeal (unpublished)'),
  })
  .passthrough()
  .openapi('EvaluationAppeal');
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const submit = guardedRoute(permission('appeal.submit'), {
  method: 'post', path: '/evaluations/{id}/appeals', tags: ['appeals'], summary: '对评估结果提出申诉（发布后 15 日内）/ Appeal a published result within 15 days',
  request: { params: z.object({ id: z.string().regex(/^run_[0-9a-f-]{36}$/, 'a run id looks like run_<uuid>') }), ...body(AppealSubmissionSchema) },
  responses: { 201: json(Appeal, 'Submitted'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const list = guardedRoute(permission('evaluation.read'), {
  method: 'get', path: '/appeals', tags: ['appeals'], summary: '申诉列表 / Appeals in your area',
  request: { query: z.object({ status: z.enum(['pending', 'upheld', 'rejected']).optional(), run: z.string().optional() }) },
  responses: { 200: json(z.object({ appeals: z.array(Appeal) }), 'Oldest first'), ...errorResponses(400, 401, 403, 503) },
});
const decide = guardedRoute(permission('appeal.review'), {
  method: 'post', path: '/appeals/{id}/decision', tags: ['appeals'], summary: '复核申诉 / Decide an appeal (upheld → corrected run)',
  request: { params: z.object({ id: z.string().regex(/^ap_[0-9a-f-]{36}$/, 'an appeal id looks like ap_<uuid>') }), ...body(AppealDecisionSchema) },
  responses: { 200: json(Appeal, 'Decided'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export const appealRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(submit, async (c) => c.json(await requireServices(deps).appeals.submit(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json({ appeals: await requireServices(deps).appeals.list(actorOf(c), { status: q.status, runId: q.run }) }, 200);
    })
    .openapi(decide, async (c) => c.json(await requireServices(deps).appeals.decide(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
