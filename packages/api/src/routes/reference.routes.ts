// Reference values (参照值) such as the national average (全国平均): imported with their source
// citation, listed, and scored in a run's peer group for the radar. They never enter scoring.
import { z } from '@hono/zod-openapi';
import { PeriodSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const SystemCode = z.string().min(1, 'system is required').max(64).describe('indicator system code / 指标体系编码');
const Localized = z.object({ zh: z.string(), en: z.string() });

const RowSchema = z
  .object({
    indicator: z.string().describe('leaf indicator code / 末级指标编码'),
    period: z.string().describe('2025-06, 2025-Q3 or 2025'),
    reference: z.string().optional().describe('reference code, default national-average / 参照类型，默认 national-average'),
    label_zh: z.string().describe('e.g. 全国平均'),
    label_en: z.string().describe('e.g. National average'),
    value: z.union([z.number(), z.string()]).describe("on the indicator's raw scale / 指标原始口径的数值"),
    source: z.string().describe('citation of the published figure / 数据来源'),
  })
  .passthrough();

const ImportSchema = z
  .object({ system: SystemCode, rows: z.array(RowSchema).min(1, 'rows: at least one row').max(10_000, 'rows: at most 10000 rows per request') })
  .strict()
  .openapi('ReferenceValueImport');

const ImportResultSchema = z
  .object({
    system: z.string(),
    accepted: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
  })
  .openapi('ReferenceValueImportResult');

const ValueSchema = z
  .object({ system: z.string(), indicator: z.string(), period: z.string(), reference: z.string(), label: Localized, value: z.number(), source: z.string(), importedAt: z.string(), importedBy: z.string() })
  .openapi('ReferenceValue');

const importRoute = guardedRoute(permission('system.register'), {
  method: 'post',
  path: '/reference-values',
  tags: ['evaluations'],
  summary: '导入参照值（如全国平均）/ Import reference values (e.g. the national average)',
  description: '逐行校验，拒收行给出行号、字段与原因；同一内容重复导入不变（幂等）；导入留痕 / rows are checked one by one (rejected with row, field and reason); re-importing the same rows changes nothing; audited',
  request: { body: { content: { 'application/json': { schema: ImportSchema } }, required: true } },
  responses: { 200: json(ImportResultSchema, 'Accepted (created, updated, unchanged) and rejected rows'), ...errorResponses(400, 401, 403, 404, 503) },
});

const list = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/reference-values',
  tags: ['evaluations'],
  summary: '参照值列表 / List reference values',
  request: { query: z.object({ system: SystemCode, period: PeriodSchema.optional() }) },
  responses: { 200: json(z.object({ values: z.array(ValueSchema) }), 'By period, reference and indicator'), ...errorResponses(400, 401, 403, 503) },
});

const scores = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/reference-values/scores',
  tags: ['evaluations'],
  summary: '参照值在同组中的得分（雷达图）/ Reference values scored in a peer group of a run (radar)',
  description:
    '按该末级指标的计分方法与本次评估同组的统计量计分，上级指标按同组权重加权平均（只计有参照值的下级）；无参照值则不给分 / scored with the leaf’s own method and the run’s peer statistics; groups are the weighted mean of the children that have a reference; none → null',
  request: { query: z.object({ run: z.string().regex(/^run_[0-9a-f-]{36}$/, 'run: a run id looks like run_<uuid>'), peerGroup: z.string().min(1, 'peerGroup is required').max(64) }) },
  responses: {
    200: json(
      z.object({
        run: z.string(),
        period: z.string(),
        peerGroup: z.string(),
        access: z.enum(['full', 'own-subtree']).describe('own-subtree: a run of a unit above the caller (decision 0008)'),
        references: z.array(z.object({ reference: z.string(), label: Localized, sources: z.array(z.string()), values: z.record(z.string(), z.number()), scores: z.record(z.string(), z.number().nullable()) })),
      }),
      'One entry per reference of the run’s period',
    ),
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

export const referenceRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(importRoute, async (c) => {
      const body = c.req.valid('json');
      return c.json(await requireServices(deps).referenceValues.import(actorOf(c), body.system, body.rows.map((record) => ({ record }))), 200);
    })
    .openapi(list, async (c) => c.json({ values: await requireServices(deps).referenceValues.list(actorOf(c), c.req.valid('query')) }, 200))
    .openapi(scores, async (c) => {
      const q = c.req.valid('query');
      return c.json(await requireServices(deps).referenceValues.scores(actorOf(c), q.run, q.peerGroup), 200);
    });
