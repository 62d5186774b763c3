// The rectification ledger (问题台账): tasks generated from published runs, their plan, progress
// with evidence, submission for re-measurement, the key-supervision list, and closing a
// user-representative review. Every call is scoped by the services to the caller's subtree.
import { z } from '@hono/zod-openapi';
import { RECTIFICATION_STATUSES, RectificationCloseSchema, RectificationPlanSchema, RectificationProgressSchema, RectificationSubmitSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Id = z.object({ id: z.string().regex(/^rt_[0-9a-f-]{36}$/, 'a task id looks like rt_<uuid>') });
const Task = z
  .object({
    id: z.string(),
    level: z.number().int().describe('1 专项整改 (bottom of the peer group), 2 指标优化 (below target), 3 用户代表评议 (concentrated feedback)'),
    kind: z.string(),
    unit: z.string(),
    unitName: z.string(),
    indicator: z.string().nullable(),
    status: z.enum(RECTIFICATION_STATUSES),
    dueAt: z.string(),
    overdue: z.boolean(),
  })
  .passthrough()
  .openapi('RectificationTask');
const Filter = z.object({
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  level: z.string().regex(/^[123]$/).optional(),
  unit: z.string().regex(/^\d{6,12}$/).optional(),
  system: z.string().optional(),
  supervised: z.enum(['true', 'false']).optional().describe('true: only the key-supervision list (重点督办), overdue tasks'),
  limit: z.string().regex(/^\d{1,4}$/).optional(),
});
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const changed = { 200: json(Task, 'The task after the change'), ...errorResponses(400, 401, 403, 404, 409, 503) };

const list = guardedRoute(permission('rectification.read'), {
  method: 'get', path: '/rectification/tasks', tags: ['rectification'], summary: '整改任务台账 / The rectification ledger',
  request: { query: Filter },
  responses: { 200: json(z.object({ tasks: z.array(Task) }), 'Most escalated and earliest due first'), ...errorResponses(400, 401, 403, 503) },
});
const show = guardedRoute(permission('rectification.read'), {
  method: 'get', path: '/rectification/tasks/{id}', tags: ['rectification'], summary: '整改任务详情与全过程记录 / A task with its full history',
  request: { params: Id },
  responses: { 200: json(Task, 'The task and its history'), ...errorResponses(400, 401, 403, 404, 503) },
});
const plan = guardedRoute(permission('rectification.update'), {
  method: 'post', path: '/rectification/tasks/{id}/plan', tags: ['rectification'], summary: '制定整改方案 / Plan: goal, measures, owner, deadline',
  request: { params: Id, ...body(RectificationPlanSchema) },
  responses: changed,
});
const progress = guardedRoute(permission('rectification.update'), {
  method: 'post', path: '/rectification/tasks/{id}/progress', tags: ['rectification'], summary: '报送整改进展 / Progress with evidence',
  request: { params: Id, ...body(RectificationProgressSchema) },
  responses: changed,
});
const submit = guardedRoute(permission('rectification.update'), {
  method: 'post', path: '/rectification/tasks/{id}/submit', tags: ['rectification'], summary: '申请复测验证 / Declare the measures done; the next published run checks it',
  request: { params: Id, ...body(RectificationSubmitSchema) },
  responses: changed,
});
const close = guardedRoute(permission('rectification.manage'), {
  method: 'post', path: '/rectification/tasks/{id}/close', tags: ['rectification'], summary: '评议结论销号 / Close a user-representative review with its conclusion',
  request: { params: Id, ...body(RectificationCloseSchema) },
  responses: changed,
});

export const rectificationRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const tasks = await requireServices(deps).rectification.list(actorOf(c), { ...q, level: q.level === undefined ? undefined : Number(q.level), limit: q.limit === undefined ? undefined : Number(q.limit) });
      return c.json({ tasks }, 200);
    })
    .openapi(show, async (c) => c.json(await requireServices(deps).rectification.get(actorOf(c), c.req.valid('param').id), 200))
    .openapi(plan, async (c) => c.json(await requireServices(deps).rectification.plan(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(progress, async (c) => c.json(await requireServices(deps).rectification.progress(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(submit, async (c) => c.json(await requireServices(deps).rectification.submit(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(close, async (c) => c.json(await requireServices(deps).rectification.close(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
