// Weights for the indicator-system editor (docs/weights.md): AHP from one judgement matrix or
// several experts' (computes; stores nothing), Delphi consultations in rounds (stored, audited),
// and entropy/combined weights previewed on a period's stored results.
import { z } from '@hono/zod-openapi';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Matrix = z.array(z.array(z.number())).describe('n × n pairwise judgements on Saaty\'s 1–9 scale (a_ji = 1/a_ij)');
const ahpRoute = guardedRoute(permission('system.read'), {
  method: 'post',
  path: '/weights/ahp',
  tags: ['weights'],
  summary: '层次分析法权重 / AHP weights with CR',
  description: 'CR ≥ 0.1 时 consistent 为 false，并列出最不一致的判断及建议值 / With CR ≥ 0.1, consistent is false and the most inconsistent judgements are listed with suggested values.',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ matrix: Matrix.optional(), experts: z.array(Matrix).optional(), method: z.enum(['eigenvector', 'sum', 'geometric']).optional() }).openapi('AhpRequest') } },
      required: true,
    },
  },
  responses: { 200: json(z.unknown(), 'weights, lambdaMax, ci, cr, consistent, inconsistencies (and experts, dispersion)'), ...errorResponses(400, 401, 403, 503) },
});

const Localized = z.object({ zh: z.string(), en: z.string() });
const Criterion = z.object({ code: z.string(), name: Localized });
const ConsultationSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    orgUnit: z.string(),
    system: z.string().nullable(),
    node: z.string().nullable(),
    criteria: z.array(Criterion),
    experts: z.array(z.string()).describe('组织者可见全部专家；专家只见自己 / all invited experts for organisers; only yourself for experts'),
    round: z.number().int(),
    roundOpen: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    invited: z.boolean(),
  })
  .passthrough()
  .openapi('DelphiConsultationSummary');
const Consultation = ConsultationSummary.extend({
  rounds: z.array(z.object({ round: z.number().int(), openedAt: z.string(), closedAt: z.string().nullable(), submissions: z.array(z.unknown()), result: z.unknown().nullable() }).passthrough()),
  mine: z.unknown().nullable().describe('您本轮提交的判断矩阵及其 CR / your own matrix of the current round with its CR'),
  reconsider: z.array(z.object({ row: z.number().int(), col: z.number().int(), group: z.number(), gsd: z.number(), yours: z.number().nullable() })).describe('上一轮离散度高（几何标准差 ≥ 2）的判断 / judgements of the previous round with GSD ≥ 2'),
  convergence: z.array(z.object({ round: z.number().int(), meanGsd: z.number(), maxGsd: z.number(), highCount: z.number().int(), cr: z.number(), experts: z.number().int() })),
}).openapi('DelphiConsultation');
const Id = z.object({ id: z.string().regex(/^dc_[0-9a-f-]{36}$/, 'a consultation id looks like dc_<uuid>') });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const listConsultations = guardedRoute(permission('weights.judge'), {
  method: 'get', path: '/weights/consultations', tags: ['weights'], summary: '德尔菲专家咨询列表 / Delphi consultations in your area',
  responses: { 200: json(z.object({ consultations: z.array(ConsultationSummary) }), 'Newest first'), ...errorResponses(401, 403, 503) },
});
const createConsultation = guardedRoute(permission('weights.consult'), {
  method: 'post', path: '/weights/consultations', tags: ['weights'], summary: '发起德尔菲专家咨询（开启第 1 轮）/ Open a Delphi consultation (round 1 opens)',
  description: 'criteria (2–15, each with code and zh/en names) or system (+ node, default the first level); experts: user names of staff who may judge and whose area contains orgUnit (default: your area).',
  request: body(z.object({
    title: z.string(), orgUnit: z.string().optional(), system: z.string().optional(), node: z.string().optional(),
    criteria: z.array(Criterion).optional(), experts: z.array(z.string()),
  }).openapi('DelphiConsultationRequest')),
  responses: { 201: json(Consultation, 'Opened'), ...errorResponses(400, 401, 403, 404, 503) },
});
const getConsultation = guardedRoute(permission('weights.judge'), {
  method: 'get', path: '/weights/consultations/{id}', tags: ['weights'], summary: '专家咨询详情：各轮结果、离散度与收敛 / A consultation: rounds, dispersion and convergence',
  request: { params: Id },
  responses: { 200: json(Consultation, 'The consultation'), ...errorResponses(400, 401, 403, 404, 503) },
});
const submitJudgement = guardedRoute(permission('weights.judge'), {
  method: 'post', path: '/weights/consultations/{id}/judgements', tags: ['weights'], summary: '提交本轮判断矩阵（本轮结束前可修改）/ Submit your matrix for the open round (resubmit until it closes)',
  description: 'Invited experts only; reciprocal, upper-triangle judgements on Saaty\'s 1–9 scale (numbers or "1/3").',
  request: { params: Id, ...body(z.object({ matrix: z.array(z.array(z.union([z.number(), z.string()]))) }).openapi('DelphiJudgement')) },
  responses: { 200: json(Consultation, 'Stored'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const closeRound = guardedRoute(permission('weights.consult'), {
  method: 'post', path: '/weights/consultations/{id}/close', tags: ['weights'], summary: '结束本轮：几何平均汇总、权重、CR 与离散度 / Close the round: geometric-mean group result, weights, CR and dispersion',
  request: { params: Id },
  responses: { 200: json(Consultation, 'Closed'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const openRound = guardedRoute(permission('weights.consult'), {
  method: 'post', path: '/weights/consultations/{id}/rounds', tags: ['weights'], summary: '开启下一轮 / Open the next round',
  request: { params: Id },
  responses: { 201: json(Consultation, 'Opened'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});
const ExpertCandidate = z
  .object({
    id: z.string().describe('用户名，即 experts 中填写的值 / the user name, as sent in experts'),
    displayName: z.string(),
    role: z.enum(['admin', 'evaluator', 'expert']).or(z.string()),
    roleName: Localized,
    orgUnit: z.object({ code: z.string(), name: z.string() }),
  })
  .openapi('ExpertCandidate');
const listExperts = guardedRoute(permission('weights.consult'), {
  method: 'get', path: '/weights/experts', tags: ['weights'], summary: '可邀请的专家 / Staff you may invite to a Delphi consultation',
  description: '本辖区内在用、具备专家打分权限（weights.judge）的人员：用户名、姓名、角色、所在单位，不含联系方式等个人信息；orgUnit 只列管辖范围包含该单位的人员（可参与该单位的咨询）；q 按用户名、姓名或单位名称检索；至多 200 人 / Active staff of your area who hold weights.judge: user name, display name, role and org unit, no contact details. orgUnit narrows to those whose area contains that unit (who may judge a consultation there); q searches user names, names and unit names; at most 200.',
  request: {
    query: z.object({
      q: z.string().max(64, 'q is at most 64 characters').optional().describe('用户名、姓名或单位名称中的文字 / text in the user name, name or unit name'),
      orgUnit: z.string().min(1).max(32).optional().describe('咨询所属单位 / the consultation\'s org unit'),
    }),
  },
  responses: { 200: json(z.object({ experts: z.array(ExpertCandidate), truncated: z.boolean().describe('超过 200 人，请缩小检索 / more than 200: narrow with q') }), 'By org unit, then user name'), ...errorResponses(400, 401, 403, 503) },
});
const preview = guardedRoute(permission('system.read'), {
  method: 'post', path: '/weights/preview', tags: ['weights'], summary: '熵权与组合权重预览 / Entropy and combined weights previewed on a period\'s stored results',
  description: 'The latest succeeded run of the system and period in your area (or of scope); the children of node (default the first level) over the units of one peer group: AHP (or the node\'s own) weights, entropy weights, and α·AHP + (1 − α)·entropy.',
  request: body(z.object({
    system: z.string(), period: z.string(), scope: z.string().optional(), node: z.string().optional(), peerGroup: z.string().optional(),
    basis: z.enum(['value', 'score']).optional(), alpha: z.number().optional(),
  }).openapi('WeightsPreviewRequest')),
  responses: { 200: json(z.unknown(), 'run, node, peerGroups, units, indicators: [{ code, name, ahp, entropy, combined }]'), ...errorResponses(400, 401, 403, 404, 503) },
});

export const weightRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(ahpRoute, async (c) => c.json(await requireServices(deps).weights.ahp(actorOf(c), c.req.valid('json')), 200))
    .openapi(preview, async (c) => c.json(await requireServices(deps).weights.preview(actorOf(c), c.req.valid('json')), 200))
    .openapi(listExperts, async (c) => c.json(await requireServices(deps).weights.experts(actorOf(c), c.req.valid('query')), 200))
    .openapi(listConsultations, async (c) => c.json({ consultations: await requireServices(deps).weights.consultations(actorOf(c)) }, 200))
    .openapi(createConsultation, async (c) => c.json(await requireServices(deps).weights.createConsultation(actorOf(c), c.req.valid('json')), 201))
    .openapi(getConsultation, async (c) => c.json(await requireServices(deps).weights.consultation(actorOf(c), c.req.valid('param').id), 200))
    .openapi(submitJudgement, async (c) => c.json(await requireServices(deps).weights.submitJudgement(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(closeRound, async (c) => c.json(await requireServices(deps).weights.closeRound(actorOf(c), c.req.valid('param').id), 200))
    .openapi(openRound, async (c) => c.json(await requireServices(deps).weights.openNextRound(actorOf(c), c.req.valid('param').id), 201));
