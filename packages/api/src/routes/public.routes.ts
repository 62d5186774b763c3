// 结果公开 / the public disclosure portal's API: published results for citizens and the press,
// without signing in. Only published runs and aggregates (scores, grades, ranks, indicator values
// and lights per unit), rectification progress with public fields only, 好差评 aggregates, and
// citizens' re-rating of closed rectification tasks. Every route here is rate limited per client
// (app.ts, /api/public/*); the re-rating POST has a stricter hourly limit of its own.
import { z } from '@hono/zod-openapi';
import { AppError, PeriodSchema } from '@govperf/contracts';
import { rateLimiter } from 'hono-rate-limiter';
import { guardedRoute, PUBLIC } from '../access';
import { createRouter, type AppEnv, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { DEFAULT_RATE_LIMITS } from '../rate-limit';
import { json, requireServices } from './shared';

const Localized = z.object({ zh: z.string(), en: z.string() });
const RegionCode = z.string().regex(/^\d{6,12}$/, 'a region is an administrative division code (6–12 digits)');
const RunId = z.string().regex(/^run_[0-9a-f-]{36}$/, 'a run id looks like run_<uuid>');
const TaskId = z.string().regex(/^rt_[0-9a-f-]{36}$/, 'a task id looks like rt_<uuid>');

const Summary = z.object({ id: z.string(), system: z.object({ code: z.string(), version: z.string() }), period: z.string(), scope: z.string(), publishedAt: z.string() }).openapi('PublishedRun');
const UnitResult = z
  .object({
    unit: z.string(),
    name: z.string().nullable(),
    peerGroup: z.string(),
    score: z.number().nullable(),
    grade: z.string().nullable(),
    gradeName: Localized.nullable(),
    rank: z.number().int().nullable(),
    dimensions: z.array(z.object({ indicator: z.string(), score: z.number().nullable() })),
  })
  .openapi('PublishedUnitResult');
const Region = z.object({ code: z.string(), name: z.string(), level: z.string(), parent: z.string().nullable() }).openapi('PublicRegion');
const Light = z.enum(['green', 'yellow', 'red']).nullable();
const UnitIndicators = UnitResult.extend({
  run: Summary,
  system: z.object({ code: z.string(), version: z.string(), name: Localized }),
  vetoed: z.boolean(),
  indicators: z.array(
    z.object({
      code: z.string(), name: Localized, parent: z.string().nullable(), depth: z.number().int(), leaf: z.boolean(), unit: z.string().nullable(),
      direction: z.enum(['benefit', 'cost']), target: z.number().nullable(), value: z.number().nullable(), score: z.number().nullable(), light: Light,
    }),
  ),
}).openapi('PublishedUnitIndicators');
const Levels = z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() });
const ReratingSummary = z
  .object({ count: z.number().int(), average: z.number().nullable(), satisfiedRate: z.number().nullable().describe('4–5 over all, 0–1'), levels: Levels })
  .openapi('ReratingSummary');
const StatusCounts = z.object({ open: z.number().int(), inProgress: z.number().int(), checking: z.number().int(), closed: z.number().int(), overdue: z.number().int(), total: z.number().int() });
const PublicTask = z
  .object({
    id: z.string(), unit: z.string(), unitName: z.string(), level: z.number().int(), levelLabel: Localized, kind: z.string(), kindLabel: Localized,
    indicator: z.string().nullable(), indicatorName: Localized.nullable(), reason: Localized, status: z.enum(['open', 'in_progress', 'checking', 'closed']), statusLabel: Localized,
    progressPercent: z.number().int(), dueAt: z.string(), overdue: z.boolean(), closedAt: z.string().nullable(), rerating: ReratingSummary,
  })
  .openapi('PublicRectificationTask');
const Rectification = z
  .object({ region: Region, totals: StatusCounts, units: z.array(StatusCounts.extend({ unit: z.string(), name: z.string() })), tasks: z.array(PublicTask) })
  .openapi('PublicRectification');
const RatingAggregate = z
  .object({
    unit: z.string(), name: z.string(), total: z.number().int(), levels: Levels, goodRate: z.number().nullable().describe('好评率: levels 4–5 over all, 0–1'),
    bad: z.number().int().describe('差评: levels 1–2'), badRectified: z.number().int(), badRectifiedRate: z.number().nullable().describe('差评整改率, 0–1'),
  })
  .openapi('PublicRatingAggregate');
const Ratings = z.object({ region: Region, period: z.string(), totals: RatingAggregate, units: z.array(RatingAggregate) }).openapi('PublicRatings');
const Rerating = z
  .object({
    level: z.number().int().min(1).max(5).describe('1 非常不满意 … 5 非常满意'),
    phone: z.string().max(20).describe('mainland mobile number: the one-per-person key, stored only encrypted'),
    comment: z.string().max(1000).optional().describe('at most 500 characters; kept as plain text, not published'),
  })
  .openapi('PublicRerating');
const ReratingOutcome = z
  .object({ taskId: z.string(), level: z.number().int(), comment: z.string().nullable(), ratedAt: z.string(), summary: ReratingSummary })
  .openapi('PublicReratingOutcome');

const TagLabel = z.object({ code: z.string(), label: Localized });
const ResultsWall = z
  .object({
    region: Region,
    windowDays: z.number().int(),
    items: z.array(
      z.object({
        trackingCode: z.string(), unit: z.string(), unitName: z.string(), tags: z.array(TagLabel), excerpt: z.string().describe('personal data masked'),
        support: z.number().int(), deliveredAt: z.string(),
        before: z.number().int().describe('items of the unit sharing a tag, received in the windowDays before delivery'),
        after: z.number().int().nullable().describe('the same in the windowDays after; null until they have passed'),
        changePercent: z.number().nullable().describe('(after − before) / before × 100; null without after or with before = 0'),
      }),
    ),
  })
  .openapi('PublicResultsWall');
const Standing = z.object({
  feedback: z.number().int(), accepted: z.number().int(), delivered: z.number().int(),
  points: z.number().int().describe('sum of the points ledger: 1 per processed feedback, +5 accepted, +20 delivered; kept after a later rejection'), stars: z.number().int().min(1).max(5), title: Localized,
  nextAt: z.number().int().nullable().describe('points of the next star; null at 5'),
});
const ContributorAward = z.object({
  at: z.string(), reason: z.enum(['processed', 'accepted', 'delivered']), label: Localized, points: z.number().int(),
}).describe('one award of the points ledger; no item, text or tracking code');
const Contributor = Standing.extend({ clientId: z.string(), history: z.array(ContributorAward).describe('the latest 10 awards, newest first') }).openapi('PublicContributor');
const Contributors = z.object({ region: Region, contributors: z.array(Standing.extend({ id: z.string().describe('masked: c-…ab12') })) }).openapi('PublicContributors');
const Limit = z.string().regex(/^\d{1,3}$/, 'limit is a whole number').optional();

const resultsWall = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/results-wall',
  tags: ['public'],
  summary: '改进成果墙 / Delivered improvements with before/after figures',
  description: 'Feedback items delivered (已上线) in the region’s subtree, newest first, public fields only; before/after: items of the same unit sharing a tag in the 30 days before and after delivery.',
  request: { query: z.object({ region: RegionCode, limit: Limit.describe('1–200, default 50') }) },
  responses: { 200: json(ResultsWall, 'Newest delivery first'), ...errorResponses(400, 404, 429, 503) },
});

const contributor = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/contributors/{clientId}',
  tags: ['public'],
  summary: '体验官：本机的积分、星级与最近积分记录 / The SDK client’s own points, stars and latest awards',
  request: { params: z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId is 8–64 letters, digits, _ or -') }) },
  responses: { 200: json(Contributor, 'Points, stars and counts; nothing else'), ...errorResponses(400, 429, 503) },
});

const contributors = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/contributors',
  tags: ['public'],
  summary: '体验官排行 / Top contributors of a region, ids masked',
  request: { query: z.object({ region: RegionCode, limit: Limit.describe('1–100, default 20') }) },
  responses: { 200: json(Contributors, 'Most points first'), ...errorResponses(400, 404, 429, 503) },
});

const regions = guardedRoute(PUBLIC, {
  method: 'get', path: '/public/regions', tags: ['public'], summary: '行政区划（省、市、县）/ Regions to pick from',
  responses: { 200: json(z.object({ regions: z.array(Region) }), 'Province, city and county divisions'), ...errorResponses(429, 503) },
});

const list = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/evaluations',
  tags: ['public'],
  summary: '已发布的评估结果 / Published evaluation results',
  request: { query: z.object({ system: z.string().max(64).optional(), period: PeriodSchema.optional(), region: RegionCode.optional().describe('only runs whose scope contains this region') }) },
  responses: { 200: json(z.object({ runs: z.array(Summary) }), 'Published runs, newest first'), ...errorResponses(400, 404, 429, 503) },
});

const get = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/evaluations/{id}',
  tags: ['public'],
  summary: '一次已发布评估的排名 / Scores, grades and ranks of one published run',
  request: { params: z.object({ id: RunId }), query: z.object({ region: RegionCode.optional().describe('only the units of this region’s subtree') }) },
  responses: { 200: json(Summary.extend({ units: z.array(UnitResult) }), 'The published aggregates'), ...errorResponses(400, 404, 429, 503) },
});

const unit = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/evaluations/{id}/units/{unit}',
  tags: ['public'],
  summary: '单位的指标结果与预警灯 / One unit’s indicator values, scores and lights',
  request: { params: z.object({ id: RunId, unit: RegionCode }) },
  responses: { 200: json(UnitIndicators, 'Every indicator of the unit in the published run'), ...errorResponses(400, 404, 429, 503) },
});

const rectification = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/rectification',
  tags: ['public'],
  summary: '整改进展公开 / Rectification progress in a region',
  description: 'Counts by status per child unit and the tasks with public fields only: no plans, owners, evidence or history.',
  request: {
    query: z.object({
      region: RegionCode,
      status: z.enum(['active', 'closed']).optional().describe('active: not yet closed; closed: 已销号'),
      limit: z.string().regex(/^\d{1,3}$/, 'limit is 1–500').optional().describe('tasks to list, 1–500, default 200'),
    }),
  },
  responses: { 200: json(Rectification, 'Open tasks first, then the most recently closed'), ...errorResponses(400, 404, 429, 503) },
});

const ratings = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/public/ratings',
  tags: ['public'],
  summary: '好差评统计 / Service-rating aggregates in a region',
  request: { query: z.object({ region: RegionCode, period: PeriodSchema }) },
  responses: { 200: json(Ratings, 'Accepted ratings rated in the period, per child unit and in total'), ...errorResponses(400, 404, 429, 503) },
});

const rerate = guardedRoute(PUBLIC, {
  method: 'post',
  path: '/public/rectification/{id}/rerate',
  tags: ['public'],
  summary: '群众对已销号整改任务复评 / A citizen re-rates a closed rectification task',
  description:
    'One re-rating per mobile number and task: a second one, or one of a task not yet closed, answers 409 with the reason (details.reason: already_rated | not_closed). ' +
    'Rate limited per client more strictly than the other public routes (per hour).',
  request: { params: z.object({ id: TaskId }), body: { content: { 'application/json': { schema: Rerating } }, required: true } },
  responses: { 201: json(ReratingOutcome, 'The re-rating as stored, and the task’s new summary'), ...errorResponses(400, 404, 409, 429, 503) },
});

const HOUR_MS = 3_600_000;

/**
 * Re-ratings per client and hour: a twelfth of the public per-minute limit (10 at the default of
 * 120), so deployments and tests that raise the public limit raise this one with it.
 */
export function reratePerHour(publicPerMinute = DEFAULT_RATE_LIMITS.publicPerMinute): number {
  return Math.max(1, Math.floor(publicPerMinute / 12));
}

export const publicRoutes: RouteModule = (deps) => {
  const limit = reratePerHour(deps.rateLimits?.publicPerMinute);
  const router = createRouter();
  router.use(
    '/public/rectification/:id/rerate',
    rateLimiter<AppEnv>({
      windowMs: HOUR_MS,
      limit,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => c.get('clientIp'),
      handler: (c) => {
        const reset = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
        const retryAfterSeconds = reset?.resetTime ? Math.max(1, Math.ceil((reset.resetTime.getTime() - Date.now()) / 1000)) : 3600;
        c.header('Retry-After', String(retryAfterSeconds));
        throw new AppError('rate_limited', {
          message: { zh: `复评提交过于频繁：每小时最多 ${limit} 次，请稍后再试`, en: `Too many re-ratings: at most ${limit} per hour; try again later` },
          details: { limitPerHour: limit, retryAfterSeconds },
        });
      },
    }),
  );
  return router
    .openapi(regions, async (c) => c.json({ regions: await requireServices(deps).public.regions() }, 200))
    .openapi(list, async (c) => c.json({ runs: await requireServices(deps).public.runs(c.req.valid('query')) }, 200))
    .openapi(get, async (c) => c.json(await requireServices(deps).public.run(c.req.valid('param').id, { region: c.req.valid('query').region }), 200))
    .openapi(unit, async (c) => {
      const { id, unit: code } = c.req.valid('param');
      return c.json(await requireServices(deps).public.unit(id, code), 200);
    })
    .openapi(rectification, async (c) => {
      const { region, status, limit } = c.req.valid('query');
      return c.json(await requireServices(deps).public.rectification(region, { status, limit: limit === undefined ? undefined : Number(limit) }), 200);
    })
    .openapi(ratings, async (c) => c.json(await requireServices(deps).public.ratings(c.req.valid('query')), 200))
    .openapi(rerate, async (c) => c.json(await requireServices(deps).public.rerate(c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(resultsWall, async (c) => {
      const { region, limit } = c.req.valid('query');
      return c.json(await requireServices(deps).public.resultsWall(region, { limit: limit === undefined ? undefined : Number(limit) }), 200);
    })
    .openapi(contributor, async (c) => c.json(await requireServices(deps).public.contributor(c.req.valid('param').clientId), 200))
    .openapi(contributors, async (c) => {
      const { region, limit } = c.req.valid('query');
      return c.json(await requireServices(deps).public.contributors(region, { limit: limit === undefined ? undefined : Number(limit) }), 200);
    });
};
