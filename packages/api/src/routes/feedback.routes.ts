// The feedback loop (docs/feedback-loop.md). Public, without signing in: one-click feedback and
// 好差评 ratings (stored before processing, answered at once with a tracking code; idempotent by
// submissionId), and the tracker by code. Intake is rate limited per IP and per SDK clientId on top
// of the /api/public/* limit — in memory first, then in a fixed window in the database shared by
// every server process — and its bodies are small. Staff, scoped to their subtree by the
// services: work orders with their SLA clocks, the overdue list, transfer (转办), pause/resume
// while waiting for the citizen, status along the tracker, the demand pool and routing rules, and
// the notifications that could not be delivered (dead letters) with a retry.
import { z } from '@hono/zod-openapi';
import { AppError, FEEDBACK_TEXT_MAX, FeedbackSubmissionSchema, IntakeReceiptSchema, RatingSubmissionSchema, type ValidationIssue } from '@govperf/contracts';
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { actorOf, guardedRoute, permission, PUBLIC } from '../access';
import { createRouter, type AppEnv, type RouteModule } from '../env';
import { errorResponses, validationIssues } from '../errors';
import { requestLanguage } from '../language';
import { DEFAULT_RATE_LIMITS } from '../rate-limit';
import { asComponent } from '../schema';
import { json, requireServices } from './shared';

/** Intake bodies: a 2,000-character text is at most ~8 KB of UTF-8; larger bodies are refused unread. */
export const INTAKE_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Intake per client and minute, derived from the public per-minute limit so deployments and tests
 * that raise it raise these with it: per IP a quarter (30 at the default 120), per SDK clientId a
 * twelfth (10).
 */
export function intakeLimits(publicPerMinute = DEFAULT_RATE_LIMITS.publicPerMinute): { perIp: number; perClient: number } {
  return { perIp: Math.max(1, Math.floor(publicPerMinute / 4)), perClient: Math.max(1, Math.floor(publicPerMinute / 12)) };
}

/** A fixed one-minute window per key, in memory (per server process): the cheap first line before the shared counter. */
export function windowCounter(limit: number, windowMs = 60_000) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return (key: string, now = Date.now()): { ok: boolean; retryAfterSeconds: number } => {
    if (windows.size > 50_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    let w = windows.get(key);
    if (!w || w.resetAt <= now) windows.set(key, (w = { count: 0, resetAt: now + windowMs }));
    w.count++;
    return { ok: w.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  };
}

function tooMany(c: Context<AppEnv>, who: 'ip' | 'client', limit: number, retryAfterSeconds: number): never {
  c.header('Retry-After', String(retryAfterSeconds));
  const zh = who === 'ip' ? `提交过于频繁：每个网络地址每分钟最多 ${limit} 条，请稍后再试` : `提交过于频繁：每台设备每分钟最多 ${limit} 条，请稍后再试`;
  const en = who === 'ip' ? `Too many submissions: at most ${limit} a minute from one address; try again later` : `Too many submissions: at most ${limit} a minute from one device; try again later`;
  throw new AppError('rate_limited', { message: { zh, en }, details: { limitPerMinute: limit, per: who, retryAfterSeconds } });
}

/** Like the services' validation: the message names the first field and its reason, details list all. */
type HookResult = { target: keyof ValidationTargets } & ({ success: true; data: unknown } | { success: false; error: z.ZodError });
function namedFieldHook(result: HookResult): void {
  if (result.success) return;
  const details: ValidationIssue[] = validationIssues(result.error, result.target);
  const first = details[0]!;
  const field = first.path.join('.');
  throw new AppError('validation_failed', { message: { zh: `${field || '请求内容'}：${first.message}`, en: `${field || 'request'}: ${first.message}` }, details });
}

const intakeBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: INTAKE_BODY_LIMIT_BYTES,
  onError: () => {
    throw new AppError('payload_too_large', {
      message: { zh: `提交内容超过 ${INTAKE_BODY_LIMIT_BYTES / 1024} KB 的上限（文字最多 ${FEEDBACK_TEXT_MAX} 字）`, en: `The submission exceeds ${INTAKE_BODY_LIMIT_BYTES / 1024} KB (text: at most ${FEEDBACK_TEXT_MAX} characters)` },
      details: { limitBytes: INTAKE_BODY_LIMIT_BYTES, textMaxCharacters: FEEDBACK_TEXT_MAX },
    });
  },
});

const Localized = z.object({ zh: z.string(), en: z.string() });
const Receipt = asComponent('IntakeReceipt', IntakeReceiptSchema);
const Feedback = asComponent('FeedbackSubmission', FeedbackSubmissionSchema);
const Rating = asComponent('RatingSubmission', RatingSubmissionSchema);
const Tracking = z
  .object({
    trackingCode: z.string(),
    status: z.string(),
    statusLabel: Localized,
    history: z.array(z.object({ status: z.string(), at: z.string(), note: z.string().optional() })),
    reason: z.string().optional().describe('不予采纳 (rejected): the reason, as written'),
  })
  .openapi('FeedbackTracking');
const WorkOrder = z
  .object({
    id: z.string(), trackingCode: z.string(), unit: z.string().nullable(), department: z.string().nullable(), kind: z.string().nullable(), tier: z.string().nullable(),
    status: z.string(), statusLabel: Localized, dueAt: z.string().nullable(), paused: z.boolean(),
    sla: z.object({ state: z.string(), deadline: z.string(), remainingMs: z.number(), overdueMs: z.number(), fractionUsed: z.number(), escalationLevel: z.number().int() }).nullable(),
  })
  .passthrough()
  .openapi('WorkOrder');
const Demand = z
  .object({ id: z.string(), unit: z.string(), title: z.string(), support: z.number().int(), score: z.number(), urgency: z.string(), quadrant: z.object({ key: z.string(), zh: z.string(), en: z.string() }) })
  .passthrough()
  .openapi('Demand');

const Id = z.object({ id: z.string().regex(/^fb_[0-9a-f-]{36}$/, 'a work order id looks like fb_<uuid>') });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const changed = { 200: json(WorkOrder, 'The work order after the change'), ...errorResponses(400, 401, 403, 404, 409, 503) };

const submit = guardedRoute(PUBLIC, {
  method: 'post', path: '/public/feedback', tags: ['feedback'], summary: '一键反馈 / Submit feedback',
  description:
    `Stored before any processing, with its processing job, and answered at once with a tracking code. Retrying with the same submissionId answers the same receipt with duplicate: true (200). ` +
    `Text longer than ${FEEDBACK_TEXT_MAX} characters is refused (400, naming text); bodies above ${INTAKE_BODY_LIMIT_BYTES / 1024} KB with 413. Rate limited per IP and per clientId (429 with Retry-After).`,
  request: body(Feedback),
  responses: { 201: json(Receipt, 'Stored; follow it with the tracking code'), 200: json(Receipt, 'A retry: nothing new was stored'), ...errorResponses(400, 413, 429, 503) },
});
const rate = guardedRoute(PUBLIC, {
  method: 'post', path: '/public/ratings', tags: ['feedback'], summary: '好差评 / Rate a case',
  description: 'Five levels (1–2 are 差评), dimension ratings by channel, one rating per case and stage (409 otherwise). A real-name 差评 gets a callback and a rectification deadline.',
  request: body(Rating),
  responses: { 201: json(Receipt, 'Stored'), 200: json(Receipt, 'A retry: nothing new was stored'), ...errorResponses(400, 409, 413, 429, 503) },
});
const track = guardedRoute(PUBLIC, {
  method: 'get', path: '/public/track/{trackingCode}', tags: ['feedback'], summary: '进度查询 / Follow an item by its tracking code',
  description: 'No personal data; texts as stored (render them as text, never as HTML).',
  request: { params: z.object({ trackingCode: z.string().max(32) }) },
  responses: { 200: json(Tracking, 'Status and history'), ...errorResponses(404, 429, 503) },
});

const list = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/work-orders', tags: ['feedback'], summary: '工单列表 / Work orders',
  request: {
    query: z.object({
      status: z.enum(['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected']).optional(),
      tier: z.enum(['red', 'orange', 'yellow', 'blue']).optional(),
      unit: z.string().regex(/^\d{6,12}$/).optional(),
      open: z.enum(['true', 'false']).optional(),
      limit: z.string().regex(/^\d{1,4}$/).optional(),
    }),
  },
  responses: { 200: json(z.object({ workOrders: z.array(WorkOrder) }), 'Earliest due first'), ...errorResponses(400, 401, 403, 503) },
});
const overdue = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/work-orders/overdue', tags: ['feedback'], summary: '超时工单 / Overdue work orders',
  responses: { 200: json(z.object({ workOrders: z.array(WorkOrder) }), 'Most escalated, then longest overdue first'), ...errorResponses(401, 403, 503) },
});
const show = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/work-orders/{id}', tags: ['feedback'], summary: '工单详情与全过程记录 / A work order with its history',
  request: { params: Id },
  responses: { 200: json(WorkOrder, 'The work order and its history'), ...errorResponses(400, 401, 403, 404, 503) },
});
const transfer = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/work-orders/{id}/transfer', tags: ['feedback'], summary: '转办 / Transfer, with a reason',
  request: { params: Id, ...body(z.object({ department: z.string().optional(), orgUnit: z.string().optional(), reason: z.string() })) },
  responses: changed,
});
const pause = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/work-orders/{id}/pause', tags: ['feedback'], summary: '等待群众补充材料（暂停计时） / Pause while waiting for the citizen',
  request: { params: Id, ...body(z.object({ note: z.string().optional() })) },
  responses: changed,
});
const resume = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/work-orders/{id}/resume', tags: ['feedback'], summary: '恢复计时 / Resume the clock',
  request: { params: Id, ...body(z.object({ note: z.string().optional() })) },
  responses: changed,
});
const status = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/work-orders/{id}/status', tags: ['feedback'], summary: '推进状态 / Move along the tracker (or reject with a reason)',
  request: { params: Id, ...body(z.object({ status: z.string(), reason: z.string().optional(), note: z.string().optional() })) },
  responses: changed,
});
const demands = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/demands', tags: ['feedback'], summary: '需求池与四象限 / The demand pool and quadrant board',
  request: { query: z.object({ quadrant: z.enum(['quick_win', 'major_project', 'fill_in', 'deprioritise']).optional(), limit: z.string().regex(/^\d{1,4}$/).optional() }) },
  responses: { 200: json(z.object({ demands: z.array(Demand), board: z.record(z.string(), z.number()) }), 'Most urgent, then highest score first'), ...errorResponses(400, 401, 403, 503) },
});
const CallbackId = z.object({ id: z.string().regex(/^cb_[0-9a-f-]{36}$/, 'a callback id looks like cb_<uuid>') });
const Callback = z
  .object({ id: z.string(), trackingCode: z.string(), unit: z.string(), level: z.number().int(), phone: z.string().nullable().describe('masked'), dueAt: z.string(), overdue: z.boolean(), status: z.enum(['open', 'done']), outcome: z.string().nullable() })
  .passthrough()
  .openapi('RatingCallback');
const callbacks = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/callbacks', tags: ['feedback'], summary: '差评回访整改 / Callbacks of real-name bad ratings',
  request: { query: z.object({ status: z.enum(['open', 'done']).optional() }) },
  responses: { 200: json(z.object({ callbacks: z.array(Callback) }), 'Earliest due first'), ...errorResponses(400, 401, 403, 503) },
});
const closeCallback = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/callbacks/{id}/close', tags: ['feedback'], summary: '回访整改完成 / Close a callback with its outcome',
  description: 'Records the rectification on the rating (rectified_at, revisited_at) and tells the rater the outcome.',
  request: { params: CallbackId, ...body(z.object({ outcome: z.string() })) },
  responses: { 200: json(Callback, 'The closed callback'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const Notification = z
  .object({
    id: z.string(), kind: z.string(), recipient: z.enum(['submitter', 'department', 'supervisor']), trackingCode: z.string().nullable(), unit: z.string().nullable(),
    state: z.enum(['failed', 'pending', 'sent']), message: Localized, attempts: z.number().int(), lastError: z.string().nullable(),
    createdAt: z.string(), nextAttemptAt: z.string().nullable(), sentAt: z.string().nullable(), deliveredVia: z.string().nullable(), failedAt: z.string().nullable(),
  })
  .passthrough()
  .openapi('FeedbackNotification');
const notifications = guardedRoute(permission('feedback.manage'), {
  method: 'get', path: '/feedback/notifications', tags: ['feedback'], summary: '通知发送情况（默认：发送失败） / Notifications (default: the dead letters)',
  description: 'Notifications of the caller\'s subtree (by the unit of the item or rating) in one state: failed (dead-lettered after the last attempt or a permanent refusal), pending or sent. Newest first.',
  request: { query: z.object({ state: z.enum(['failed', 'pending', 'sent']).optional(), limit: z.string().regex(/^\d{1,4}$/, 'limit is a whole number up to 1000').optional() }) },
  responses: { 200: json(z.object({ notifications: z.array(Notification) }), 'Newest first'), ...errorResponses(400, 401, 403, 503) },
});
const NotificationId = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a notification id is a whole number') });
const retryNotification = guardedRoute(permission('feedback.manage'), {
  method: 'post', path: '/feedback/notifications/{id}/retry', tags: ['feedback'], summary: '重新发送 / Queue a failed notification again',
  description: 'Only a dead-lettered notification (409 otherwise); due at once, attempts counted from zero; audited.',
  request: { params: NotificationId },
  responses: { 200: json(Notification, 'The notification, queued again'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const addRule = guardedRoute(permission('feedback.manage'), {
  method: 'post', path: '/feedback/routing-rules', tags: ['feedback'], summary: '新增分拨规则 / Add a routing rule (tag + org unit + item → department)',
  request: body(z.object({ tag: z.string().optional(), orgUnit: z.string().optional(), itemCode: z.string().optional(), department: z.string(), targetOrgUnit: z.string().optional(), rank: z.number().int().optional() })),
  responses: { 201: json(z.object({ id: z.string() }), 'The rule'), ...errorResponses(400, 401, 403, 503) },
});

export const feedbackRoutes: RouteModule = (deps) => {
  const limits = intakeLimits(deps.rateLimits?.publicPerMinute);
  const perIp = windowCounter(limits.perIp);
  const perClient = windowCounter(limits.perClient);
  /** Shared by every process on the database; if the database cannot count, the in-memory line alone holds (intake is never lost to a limiter fault). */
  const shared = async (key: string, limit: number) => {
    try {
      return await deps.services?.feedback.hitRateWindow(key, limit);
    } catch (error) {
      deps.logger?.warn('shared rate limit unavailable; the in-memory limit applies', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
  const limited = async (c: Context<AppEnv>, clientId: string) => {
    const ipKey = `intake:ip:${c.get('clientIp')}`;
    const clientKey = `intake:client:${clientId}`;
    const ip = perIp(ipKey);
    if (!ip.ok) tooMany(c, 'ip', limits.perIp, ip.retryAfterSeconds);
    const client = perClient(clientKey);
    if (!client.ok) tooMany(c, 'client', limits.perClient, client.retryAfterSeconds);
    const sharedIp = await shared(ipKey, limits.perIp);
    if (sharedIp && !sharedIp.ok) tooMany(c, 'ip', limits.perIp, sharedIp.retryAfterSeconds);
    const sharedClient = await shared(clientKey, limits.perClient);
    if (sharedClient && !sharedClient.ok) tooMany(c, 'client', limits.perClient, sharedClient.retryAfterSeconds);
  };
  const router = createRouter();
  router.use('/public/feedback', intakeBodyLimit);
  router.use('/public/ratings', intakeBodyLimit);
  return router
    .openapi(
      submit,
      async (c) => {
        const input = c.req.valid('json');
        await limited(c, (input as { clientId: string }).clientId);
        const receipt = await requireServices(deps).feedback.submit(input);
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      },
      namedFieldHook as never,
    )
    .openapi(
      rate,
      async (c) => {
        const input = c.req.valid('json');
        await limited(c, (input as { clientId: string }).clientId);
        const receipt = await requireServices(deps).feedback.rate(input);
        return c.json(receipt, receipt.duplicate ? 200 : 201);
      },
      namedFieldHook as never,
    )
    .openapi(track, async (c) => c.json(await requireServices(deps).feedback.track(c.req.valid('param').trackingCode, requestLanguage(c)), 200))
    .openapi(overdue, async (c) => c.json({ workOrders: await requireServices(deps).feedback.overdue(actorOf(c)) }, 200))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const filter = { status: q.status, tier: q.tier, unit: q.unit, ...(q.open ? { open: q.open === 'true' } : {}), ...(q.limit ? { limit: Number(q.limit) } : {}) };
      return c.json({ workOrders: await requireServices(deps).feedback.workOrders(actorOf(c), filter) }, 200);
    })
    .openapi(show, async (c) => c.json(await requireServices(deps).feedback.workOrder(actorOf(c), c.req.valid('param').id), 200))
    .openapi(transfer, async (c) => c.json(await requireServices(deps).feedback.transfer(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(pause, async (c) => c.json(await requireServices(deps).feedback.pause(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(resume, async (c) => c.json(await requireServices(deps).feedback.resume(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(status, async (c) => c.json(await requireServices(deps).feedback.advance(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(demands, async (c) => {
      const q = c.req.valid('query');
      return c.json(await requireServices(deps).feedback.demands(actorOf(c), { quadrant: q.quadrant, limit: q.limit ? Number(q.limit) : undefined }), 200);
    })
    .openapi(callbacks, async (c) => c.json({ callbacks: await requireServices(deps).feedback.callbacks(actorOf(c), { status: c.req.valid('query').status }) }, 200))
    .openapi(closeCallback, async (c) => c.json(await requireServices(deps).feedback.closeCallback(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(notifications, async (c) => {
      const q = c.req.valid('query');
      return c.json({ notifications: await requireServices(deps).feedback.notifications(actorOf(c), { state: q.state, limit: q.limit ? Number(q.limit) : undefined }) }, 200);
    })
    .openapi(retryNotification, async (c) => c.json(await requireServices(deps).feedback.retryNotification(actorOf(c), c.req.valid('param').id), 200))
    .openapi(addRule, async (c) => c.json(await requireServices(deps).feedback.addRoutingRule(actorOf(c), c.req.valid('json')), 201));
};
