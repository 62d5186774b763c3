// Evaluation runs: start one (computed from stored facts), list, read, explain a score down to
// its metrics, publish. A run is immutable; corrections are new runs. Every call is scoped by the
// services to the caller's subtree: runs elsewhere do not exist for them.
import { z } from '@hono/zod-openapi';
import { PeriodSchema } from '@govperf/contracts';
import { cockpitView } from '@govperf/services';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Id = z.string().regex(/^run_[0-9a-f-]{36}$/, 'a run id looks like run_<uuid>');
const RunSummarySchema = z
  .object({
    id: z.string(),
    system: z.object({ code: z.string(), version: z.string(), hash: z.string() }),
    period: z.string(),
    scope: z.string(),
    inputHash: z.string(),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    correctsRunId: z.string().nullable(),
    access: z.enum(['full', 'own-subtree']).optional().describe("own-subtree: a run of an ancestor's scope, of which the caller sees their own units only"),
  })
  .openapi('EvaluationRun');

const StartSchema = z
  .object({
    system: z.string().min(1).describe('indicator system code / 指标体系编码'),
    version: z.string().min(1).optional().describe('default: the latest published version; a draft only when named (a trial run that cannot be published)'),
    period: PeriodSchema.describe('2025-06, 2025-Q3 or 2025'),
    scope: z.string().regex(/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/).optional().describe("org unit whose subtree is evaluated; default the caller's area"),
    levels: z.array(z.enum(['country', 'province', 'city', 'county', 'township'])).optional(),
    async: z.boolean().optional().describe('后台运行：立即返回 202 与运行编号，用 /evaluations/{id}/progress 跟踪进度 / run in the background: 202 with the run id at once, follow GET /evaluations/{id}/progress'),
  })
  .strict()
  .openapi('StartEvaluation');

const start = guardedRoute(permission('evaluation.run'), {
  method: 'post',
  path: '/evaluations',
  tags: ['evaluations'],
  summary: '发起评估 / Start an evaluation run',
  request: { body: { content: { 'application/json': { schema: StartSchema } }, required: true } },
  responses: {
    201: json(RunSummarySchema.extend({ units: z.number().int(), ranked: z.number().int() }), '已完成的评估运行 / The finished run'),
    202: json(z.object({ id: z.string(), status: z.literal('running'), progress: z.string() }), '已受理，后台运行中 / Accepted; running in the background (async: true)'),
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });
const ProgressSchema = z
  .object({
    id: z.string(),
    system: z.string(),
    period: z.string(),
    scope: z.string(),
    status: z.enum(['running', 'succeeded', 'failed']),
    stage: z.enum(['queued', 'metrics', 'scoring', 'storing', 'done', 'failed']).describe('排队、计算度量、评分与排名、保存、完成、失败 / queued, metrics, scoring and ranking, storing, done, failed'),
    done: z.number().int().describe('已计算的度量数 / metrics computed so far'),
    total: z.number().int(),
    percent: z.number().int().min(0).max(100),
    attempts: z.number().int().min(1).describe('第几次尝试（服务重启或出错后自动重试）/ the attempt under way or last made (runs are retried after a restart or an error)'),
    maxAttempts: z.number().int().min(1),
    error: LocalizedSchema.nullable().describe('失败原因；运行中时为上一次尝试的错误（正在重试）/ why it failed; while running, the previous attempt\'s error (being retried)'),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('EvaluationRunProgress');

const progress = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/evaluations/{id}/progress',
  tags: ['evaluations'],
  summary: '评估运行进度 / Progress of a background run',
  description:
    '后台运行（async: true）的阶段与百分比。后台运行是任务队列中的任务：服务重启后约两分钟内由任一服务进程接续，同一运行编号只保存一次；用尽重试次数后标记为失败 / stage and percentage of a run started with async: true. Background runs are queue jobs: after a restart any server process resumes them within about two minutes, and a run id is stored once; a run fails when its last attempt has failed',
  request: { params: z.object({ id: Id }) },
  responses: { 200: json(ProgressSchema, 'The run\'s progress'), ...errorResponses(400, 401, 403, 404, 503) },
});

const StandingSchema = z
  .object({ score: z.number().nullable(), rank: z.number().int().nullable(), grade: z.string().nullable(), gradeName: LocalizedSchema.nullable().describe('等级名称（该次运行所用指标体系版本）/ the grade\'s name in that run\'s system version') })
  .nullable();
const compare = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/evaluations/compare',
  tags: ['evaluations'],
  summary: '两次评估对比 / Compare two runs',
  description: '同一指标体系的两次评估：各单位综合得分、排名、等级及变化，各指标平均得分变化；版本不同时给出提示 / two runs of the same indicator system: per unit score, rank, grade and change; per indicator the mean score change; warns when versions differ',
  request: { query: z.object({ base: Id.describe('基准运行 / the earlier run'), other: Id.describe('对比运行 / the run compared with it') }) },
  responses: {
    200: json(
      z
        .object({
          base: RunSummarySchema,
          other: RunSummarySchema,
          sameVersion: z.boolean(),
          warnings: z.array(LocalizedSchema),
          grades: z.array(z.object({ code: z.string(), name: LocalizedSchema, min: z.number() })).describe('两个版本的等级（图例），由高到低 / both versions\' grades (a legend), best first'),
          units: z.array(z.object({ unit: z.string(), name: z.string().nullable(), peerGroup: z.string(), base: StandingSchema, other: StandingSchema, scoreChange: z.number().nullable(), rankChange: z.number().int().nullable(), gradeChanged: z.boolean() })),
          indicators: z.array(z.object({ code: z.string(), name: LocalizedSchema.nullable(), depth: z.number().int(), baseAverage: z.number().nullable(), otherAverage: z.number().nullable(), change: z.number().nullable(), improved: z.number().int(), declined: z.number().int() })),
        })
        .openapi('EvaluationComparison'),
      'The comparison',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

const list = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/evaluations',
  tags: ['evaluations'],
  summary: '评估运行列表 / List evaluation runs',
  request: { query: z.object({ system: z.string().optional(), period: PeriodSchema.optional() }) },
  responses: { 200: json(z.object({ runs: z.array(RunSummarySchema) }), "Runs in the caller's area"), ...errorResponses(400, 401, 403, 503) },
});

const get = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/evaluations/{id}',
  tags: ['evaluations'],
  summary: '评估结果 / An evaluation run with its full result',
  description: 'view=cockpit：驾驶舱视图，仅含各单位二级及以上指标与红黄灯末级指标（约为全量的三成）/ view=cockpit: what the cockpit draws — each unit\'s indicators down to the second level and its red or yellow leaves (about a third of the full result)',
  request: { params: z.object({ id: Id }), query: z.object({ view: z.enum(['full', 'cockpit']).optional().describe('full（默认）或 cockpit / full (default) or cockpit') }) },
  responses: { 200: json(RunSummarySchema.extend({ result: z.unknown() }), 'The run and its result'), ...errorResponses(400, 401, 403, 404, 503) },
});

const explainRoute = guardedRoute(permission('evaluation.explain'), {
  method: 'get',
  path: '/evaluations/{id}/explain',
  tags: ['evaluations'],
  summary: '得分溯源 / Explain a score',
  description: '指标得分的来龙去脉：数据 → 度量 → 公式 → 得分 → 权重 → 贡献 / facts → metric → formula → score → weight → contribution',
  request: { params: z.object({ id: Id }), query: z.object({ unit: z.string().min(1), indicator: z.string().min(1), unmask: z.enum(['true', 'false']).optional().describe('显示未脱敏的个人信息（需 personal_data.unmask 权限，留痕）/ show personal data unmasked (permission personal_data.unmask; audited)') }) },
  responses: { 200: json(z.unknown(), 'The explanation'), ...errorResponses(400, 401, 403, 404, 503) },
});

const trend = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/trends',
  tags: ['evaluations'],
  summary: '单位得分趋势 / A unit\'s score over its last periods',
  description: '每期取已发布的评估（无则取最近一次成功的评估），给出综合得分、排名、等级与同组平均，只读已存储的评估结果 / per period the published run (else the latest succeeded one); from stored results only',
  request: {
    query: z.object({
      system: z.string().min(1).max(64),
      unit: z.string().regex(/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/, 'unit is an administrative division code'),
      periods: z.coerce.number().int().min(1).max(36).default(12),
    }),
  },
  responses: {
    200: json(z.object({ points: z.array(z.object({ period: z.string(), runId: z.string(), published: z.boolean(), score: z.number().nullable(), rank: z.number().nullable(), grade: z.string().nullable(), peerAverage: z.number().nullable() })) }), 'Oldest first'),
    ...errorResponses(400, 401, 403, 503),
  },
});

const publish = guardedRoute(permission('evaluation.publish'), {
  method: 'post',
  path: '/evaluations/{id}/publish',
  tags: ['evaluations'],
  summary: '发布评估结果 / Publish a run',
  request: { params: z.object({ id: Id }) },
  responses: {
    200: json(
      RunSummarySchema.extend({
        responses: z
          .object({ created: z.number().int(), alreadyOpen: z.number().int(), remeasured: z.number().int(), closed: z.number().int(), reopened: z.number().int() })
          .describe('整改台账：新生成的任务、已有同一问题的未销号任务、复测、销号、重新打开 / ledger: tasks created, already open, re-measured, closed, reopened'),
      }),
      'The published run, and what it set in motion in the rectification ledger',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

export const evaluationRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(start, async (c) => {
      const services = requireServices(deps);
      const actor = actorOf(c);
      const body = c.req.valid('json');
      if (body.async) {
        const { id } = await services.evaluations.start(actor, { systemCode: body.system, systemVersion: body.version, period: body.period, scope: body.scope, levels: body.levels });
        return c.json({ id, status: 'running' as const, progress: `/api/evaluations/${id}/progress` }, 202);
      }
      const { runId, result } = await services.evaluations.run(actor, { systemCode: body.system, systemVersion: body.version, period: body.period, scope: body.scope, levels: body.levels });
      const { result: _omit, ...summary } = await services.evaluations.get(actor, runId);
      return c.json({ ...summary, units: result.units.length, ranked: result.units.filter((u) => u.rank !== null).length }, 201);
    })
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json({ runs: await requireServices(deps).evaluations.list(actorOf(c), { systemCode: q.system, period: q.period }) }, 200);
    })
    // Before /evaluations/{id}: 'compare' is not a run id.
    .openapi(compare, async (c) => {
      const q = c.req.valid('query');
      return c.json(await requireServices(deps).evaluations.compare(actorOf(c), q.base, q.other), 200);
    })
    .openapi(progress, async (c) => c.json(await requireServices(deps).evaluations.progress(actorOf(c), c.req.valid('param').id), 200))
    .openapi(get, async (c) => {
      const run = await requireServices(deps).evaluations.get(actorOf(c), c.req.valid('param').id);
      return c.json(c.req.valid('query').view === 'cockpit' ? cockpitView(run) : run, 200);
    })
    .openapi(explainRoute, async (c) => {
      const q = c.req.valid('query');
      return c.json(await requireServices(deps).evaluations.explain(actorOf(c), c.req.valid('param').id, q.unit, q.indicator, { unmask: q.unmask === 'true' }), 200);
    })
    .openapi(trend, async (c) => c.json({ points: await requireServices(deps).evaluations.trend(actorOf(c), c.req.valid('query')) }, 200))
    .openapi(publish, async (c) => c.json(await requireServices(deps).evaluations.publish(actorOf(c), c.req.valid('param').id), 200));
