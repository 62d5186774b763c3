// Budget linkage of a published run (以效定补, docs/result-application.md §3): a funding pool divided
// across the units of one peer group from their published scores or grades, as JSON (a preview)
// or as the workbook a finance office checks (method, parameters, rounding and weights stated).
import { AppError, FundingPlanSchema, type FundingPlan, type LocalizedText } from '@govperf/contracts';
import { allocateFunding, ApplicationInputError, type FundingAllocation } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getEvaluationRun } from '../evaluation/runs';
import { fundingUnitsOfRun, peerGroupWeights, type IndicatorWeight } from './funding-input';
import { fundingWorkbook } from './funding-workbook';
import { applicationInputFailure, publishedRunOf } from './result-lists';

/** What the caller asks: which peer group, how many yuan, by which rule. */
export const FundingRequestSchema = z.strictObject({
  peerGroup: z.string({ error: 'peerGroup must be a peer-group code, e.g. county' }).min(1, 'peerGroup must not be empty'),
  ...FundingPlanSchema.shape,
});
export type FundingRequest = FundingPlan & { peerGroup: string };

export interface RunFundingAllocation {
  run: { id: string; system: { code: string; version: string; name: LocalizedText }; period: string; scope: string; publishedAt: string };
  allocation: FundingAllocation;
  /** The indicator weights the run used in this peer group (what the scores are made of). */
  weights: IndicatorWeight[];
}

export interface FundingWorkbookFile extends RunFundingAllocation {
  /** A safe attachment name: funding-<system>-<period>-<peer group>.xlsx */
  filename: string;
  workbook: Buffer;
}

function parseRequest(request: unknown): FundingRequest {
  const parsed = FundingRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map((s) => (typeof s === 'number' ? s : String(s))), message: i.message }));
  const text = issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
  throw new AppError('validation_failed', { message: { zh: `资金分配请求有误：${text}`, en: `invalid funding request: ${text}` }, details: issues });
}

type StoredRun = Awaited<ReturnType<typeof getEvaluationRun>>;

async function allocate(db: Kysely<DB>, runId: string, request: unknown, callerArea: string): Promise<RunFundingAllocation & { stored: StoredRun }> {
  const r = parseRequest(request);
  await publishedRunOf(db, runId, callerArea, { zh: '以效定补', en: 'funding allocations' });
  const run = await getEvaluationRun(db, runId, callerArea);
  const groups = run.result.peerGroups.map((g) => g.code);
  if (!groups.includes(r.peerGroup)) {
    throw new AppError('validation_failed', {
      message: { zh: `同组 ${r.peerGroup} 不在该评估运行中（有：${groups.join('、') || '无'}）`, en: `peer group ${r.peerGroup} is not in the run (groups: ${groups.join(', ') || 'none'})` },
      details: [{ path: ['peerGroup'], message: `not a peer group of the run (groups: ${groups.join(', ') || 'none'})` }],
    });
  }
  let allocation: FundingAllocation;
  try {
    allocation = allocateFunding(fundingUnitsOfRun(run.result, r.peerGroup), r.rule, r.pool);
  } catch (error) {
    if (error instanceof ApplicationInputError) throw applicationInputFailure(error);
    throw error;
  }
  return {
    run: { id: run.id, system: { code: run.system.code, version: run.system.version, name: run.system.name }, period: run.period, scope: run.scope, publishedAt: run.publishedAt! },
    allocation,
    weights: peerGroupWeights(run.result, r.peerGroup, run.system.indicators),
    stored: run,
  };
}

/**
 * The allocation of `request.pool` yuan across the units of `request.peerGroup` in a published
 * run, from the published (rounded) scores and grades. `request` is validated here
 * ({ peerGroup, pool, rule }); every error names its field.
 */
export async function allocateRunFunding(db: Kysely<DB>, runId: string, request: unknown, callerArea: string): Promise<RunFundingAllocation> {
  const { stored: _stored, ...preview } = await allocate(db, runId, request, callerArea);
  return preview;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The allocation as an .xlsx workbook (allocation sheet + method sheet), with a file name for it. */
export async function fundingWorkbookOfRun(db: Kysely<DB>, runId: string, request: unknown, callerArea: string, now: Date = new Date()): Promise<FundingWorkbookFile> {
  const { stored, ...preview } = await allocate(db, runId, request, callerArea);
  const { run, allocation, weights } = preview;
  const gradeNames = Object.fromEntries(stored.result.units.filter((u) => u.grade !== null && u.gradeName).map((u) => [u.grade!, u.gradeName!]));
  const workbook = await fundingWorkbook({
    allocation,
    run: { id: run.id, systemCode: run.system.code, systemVersion: run.system.version, period: run.period, systemName: run.system.name },
    weights,
    gradeNames,
    generatedAt: now,
  });
  return { ...preview, filename: `funding-${safe(run.system.code)}-${safe(run.period)}-${safe(allocation.peerGroup ?? 'all')}.xlsx`, workbook };
}
