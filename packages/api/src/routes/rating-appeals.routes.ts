// 好差评申诉 (issue 6 §2): a department appeals a mistaken or malicious 差评 of its unit within the
// window, with grounds and evidence; a reviewer (not the appellant) decides once. Upheld: the
// rating stays but no longer counts in any metric. Scoped to the caller's subtree by the services.
import { z } from '@hono/zod-openapi';
import { RATING_APPEAL_WINDOW_DAYS, RatingAppealDecisionSchema, RatingAppealSubmissionSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Localized = z.object({ zh: z.string(), en: z.string() });
const RatingAppeal = z
  .object({
    id: z.string(),
    ratingId: z.string(),
    source: z.string(),
    unit: z.string(),
    level: z.number().int(),
    ratedAt: z.string(),
    kind: z.enum(['mistaken', 'malicious']),
    kindLabel: Localized,
    grounds: z.string(),
    deadline: z.string().describe('申诉期截止时间 / the end of the appeal window'),
    status: z.enum(['pending', 'upheld', 'rejected']),
    statusLabel: Localized,
    decision: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
    history: z.array(z.object({ at: z.string(), actor: z.string(), action: z.enum(['submitted', 'upheld', 'rejected']), note: z.string().nullable() })),
  })
  .passthrough()
  .openapi('RatingAppeal');
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const submit = guardedRoute(permission('feedback.handle'), {
  method: 'post', path: '/feedback/rating-appeals', tags: ['feedback'], summary: `对差评提出申诉（误评、恶意差评，评价后 ${RATING_APPEAL_WINDOW_DAYS} 日内）/ Appeal a bad rating within ${RATING_APPEAL_WINDOW_DAYS} days`,
  description: 'Only 差评 (level 1–2) of a unit in your area; grounds (at least 10 characters) and at least one piece of evidence; one appeal per rating (409 otherwise, and after the window with the dates).',
  request: body(RatingAppealSubmissionSchema),
  responses: { 201: json(RatingAppeal, 'Submitted'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const list = guardedRoute(permission('feedback.read'), {
  method: 'get', path: '/feedback/rating-appeals', tags: ['feedback'], summary: '差评申诉列表 / Rating appeals in your area',
  request: { query: z.object({ status: z.enum(['pending', 'upheld', 'rejected']).optional() }) },
  responses: { 200: json(z.object({ appeals: z.array(RatingAppeal) }), 'Oldest first'), ...errorResponses(400, 401, 403, 503) },
});
const decide = guardedRoute(permission('feedback.manage'), {
  method: 'post', path: '/feedback/rating-appeals/{id}/decision', tags: ['feedback'], summary: '复核差评申诉 / Decide a rating appeal (upheld → the rating no longer counts)',
  description: 'By someone other than the appellant; final. Upheld: the rating is kept with quality status appealed, outside every metric. Rejected: nothing changes.',
  request: { params: z.object({ id: z.string().regex(/^ra_[0-9a-f-]{36}$/, 'a rating appeal id looks like ra_<uuid>') }), ...body(RatingAppealDecisionSchema) },
  responses: { 200: json(RatingAppeal, 'Decided'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export const ratingAppealRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(submit, async (c) => c.json(await requireServices(deps).ratingAppeals.submit(actorOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => c.json({ appeals: await requireServices(deps).ratingAppeals.list(actorOf(c), { status: c.req.valid('query').status }) }, 200))
    .openapi(decide, async (c) => c.json(await requireServices(deps).ratingAppeals.decide(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
