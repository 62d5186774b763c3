// Result application (结果运用, docs/result-application.md) of a published run: the commendation and
// interview lists, and the budget linkage (以效定补) — a funding pool divided across one peer group,
// as JSON (a preview) or as the .xlsx workbook the finance office checks (the export is audited).
// Runs outside the caller's subtree do not exist for them; unpublished runs are refused (409).
import { z } from '@hono/zod-openapi';
import { FUNDING_METHODS, FundingPoolSchema, FundingRuleSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Id = z.string().regex(/^run_[0-9a-f-]{36}$/, 'a run id looks like run_<uuid>');
const Localized = z.object({ zh: z.string(), en: z.string() });
const RunRef = z.object({ id: z.string(), system: z.object({ code: z.string(), version: z.string() }), period: z.string(), scope: z.string(), publishedAt: z.string() });

/** Query numbers arrive as text: "0.2" → 0.2; the services check the ranges and name the field. */
const queryNumber = (field: string, description: string) => z.coerce.number({ error: `${field} must be a number` }).optional().describe(description);

const Placement = z.object({ period: z.string(), peerGroup: z.string(), score: z.number(), rank: z.number().int(), groupSize: z.number().int(), quota: z.number().int() });
const ListEntry = z
  .object({
    unit: z.string(),
    name: z.string().nullable(),
    peerGroup: z.string(),
    rank: z.number().int().describe("this period's rank in the peer group"),
    score: z.number().describe("this period's published score"),
    placements: z.array(Placement).describe('oldest first: each period that put the unit on the list'),
  })
  .openapi('ResultListEntry');
const ResultLists = z
  .object({
    run: RunRef,
    config: z.object({ topShare: z.number(), consecutivePeriods: z.number().int(), bottomShare: z.number(), minPeerGroupSize: z.number().int() }),
    basis: z.array(z.object({ runId: z.string(), period: z.string(), publishedAt: z.string() })).describe('the published runs used, oldest first'),
    missingPeriods: z.array(z.string()).describe('earlier periods without a published run: when any, the commendation list is empty / 缺少已发布结果的期间（此时表扬名单为空）'),
    note: Localized.nullable(),
    commendation: z.array(ListEntry).describe('通报表扬 / commendation'),
    interview: z.array(ListEntry).describe('约谈 / interview'),
  })
  .openapi('ResultLists');

const FundingBody = z
  .object({
    peerGroup: z.string({ error: 'peerGroup must be a peer-group code, e.g. county' }).min(1, 'peerGroup must not be empty').describe('同组代码 / the peer group to allocate within, e.g. county'),
    pool: FundingPoolSchema.describe('资金池（整数元）/ the pool in whole yuan'),
    rule: FundingRuleSchema.describe(`分配规则 / the rule: method ${FUNDING_METHODS.join(' | ')}; above-floor takes floor, grade-coefficients takes coefficients {grade: number}`),
  })
  .strict()
  .openapi('FundingRequest');
const FundingLine = z.object({
  unit: z.string(), name: z.string().nullable(), peerGroup: z.string().nullable(), score: z.number().nullable(), grade: z.string().nullable(),
  basis: z.number(), share: z.number(), quota: z.number(), floor: z.number().int(), roundedUp: z.boolean(), amount: z.number().int().describe('元 / yuan'),
});
const FundingAllocation = z
  .object({
    run: RunRef.extend({ system: z.object({ code: z.string(), version: z.string(), name: Localized }) }),
    allocation: z.object({ rule: z.unknown(), pool: z.number().int(), peerGroup: z.string().nullable(), totalBasis: z.number(), leftover: z.number().int(), lines: z.array(FundingLine) }),
    weights: z.array(z.object({ code: z.string(), name: Localized.nullable(), depth: z.number().int(), local: z.number(), weight: z.number() })).describe('the indicator weights of the peer group in this run'),
  })
  .openapi('FundingAllocation');

const lists = guardedRoute(permission('evaluation.read'), {
  method: 'get',
  path: '/evaluations/{id}/lists',
  tags: ['evaluations'],
  summary: '结果运用名单 / Commendation and interview lists',
  description:
    '通报表扬：最近 consecutivePeriods 个连续期间每期都在同组前 topShare；约谈：本期同组后 bottomShare。只依据已发布结果。/ Commendation: in the top topShare of the peer group in each of the last consecutivePeriods consecutive published periods; interview: the bottom bottomShare this period.',
  request: {
    params: z.object({ id: Id }),
    query: z.object({
      topShare: queryNumber('topShare', 'default 0.2'),
      consecutivePeriods: queryNumber('consecutivePeriods', 'default 2'),
      bottomShare: queryNumber('bottomShare', 'default 0.1'),
      minPeerGroupSize: queryNumber('minPeerGroupSize', 'default 5'),
    }),
  },
  responses: { 200: json(ResultLists, 'Both lists, the runs they come from, and any missing period'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

const funding = guardedRoute(permission('evaluation.read'), {
  method: 'post',
  path: '/evaluations/{id}/funding',
  tags: ['evaluations'],
  summary: '以效定补 / Allocate a funding pool by performance',
  description: `按同组得分分配资金池，最大余额法取整到元，合计恰好等于资金池。Accept: ${XLSX} 或 ?format=xlsx 返回 Excel 附件（导出留痕），否则返回 JSON。/ Divides the pool across the peer group by the rule, in whole yuan by largest remainder (the amounts sum to the pool). Accept: ${XLSX} or ?format=xlsx returns the workbook as an attachment (the export is audited); otherwise JSON.`,
  request: {
    params: z.object({ id: Id }),
    query: z.object({ format: z.enum(['json', 'xlsx']).optional().describe('xlsx: the workbook; default by Accept, else json') }),
    body: { content: { 'application/json': { schema: FundingBody } }, required: true },
  },
  responses: {
    200: {
      description: 'The allocation (JSON), or the workbook (.xlsx) with its method sheet',
      content: { 'application/json': { schema: FundingAllocation }, [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});

/** ?format wins; otherwise the workbook when Accept names it before (or instead of) JSON. */
function wantsWorkbook(format: 'json' | 'xlsx' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'xlsx';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const x = types.indexOf(XLSX);
  const j = types.indexOf('application/json');
  return x >= 0 && (j < 0 || x < j);
}

export const applicationRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(lists, async (c) => c.json(await requireServices(deps).application.lists(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200))
    .openapi(funding, async (c) => {
      const services = requireServices(deps);
      const id = c.req.valid('param').id;
      const body = c.req.valid('json');
      if (!wantsWorkbook(c.req.valid('query').format, c.req.header('accept'))) return c.json(await services.application.allocate(actorOf(c), id, body), 200);
      const file = await services.application.fundingWorkbook(actorOf(c), id, body);
      return c.body(new Uint8Array(file.workbook), 200, {
        'Content-Type': XLSX,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'no-store',
      }) as never;
    });
