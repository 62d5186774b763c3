// Entropy and combined weights previewed on a period's stored results (issue 5 §4; docs/weights.md §3).
//
// For one node of an indicator system (the first level by default), the latest succeeded run of
// that system and period in the caller's area gives the unit × child matrix: a leaf child's value
// (basis 'value', the default; cost indicators reversed by min–max scaling), or its score (basis
// 'score', what the evaluator itself uses for entropy weighting; always for non-leaf children).
// Only units of one peer group, with data for every child, are rows. Entropy weights (engine
// entropy.ts) are combined with the node's subjective weights — its AHP weights, or its manual or
// equal weights when it has none — linearly with α (engine combined.ts): α·AHP + (1 − α)·entropy.
// Reads stored results only: no fact is scanned; the peer groups are counted in SQL.
import { AppError, type LocalizedText } from '@govperf/contracts';
import { combineWeights, entropyWeights } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { loadIndicatorSystem } from '../evaluation/systems';
import { requireWithinArea, type Actor } from '../identity/actor';
import { fieldError, parseInput } from '../validation';

export const WeightsPreviewSchema = z.strictObject({
  system: z.string().min(1, 'an indicator system code is required').max(64),
  period: z.string().min(1, 'a period is required').max(32),
  scope: z.string().min(1).max(32).optional(),
  node: z.string().min(1).max(64).optional(),
  peerGroup: z.string().min(1).max(64).optional(),
  basis: z.enum(['value', 'score']).default('value'),
  alpha: z.number().min(0, 'alpha is from 0 to 1').max(1, 'alpha is from 0 to 1').optional(),
});

export interface WeightsPreview {
  run: { id: string; system: string; version: string; period: string; scope: string };
  node: string;
  nodes: { code: string; name: LocalizedText }[];
  peerGroup: string;
  peerGroups: { code: string; units: number }[];
  /** Units with data for every child: the rows of the entropy matrix. */
  units: number;
  basis: 'value' | 'score';
  /** What the subjective weights are: the node's AHP weights, or its manual or equal weights. */
  subjective: 'ahp' | 'manual' | 'equal';
  alpha: number;
  /** True when fewer than 2 units have complete data or no child discriminates: entropy weights are then equal. */
  degenerate: boolean;
  indicators: { code: string; name: LocalizedText; leaf: boolean; ahp: number; entropy: number; combined: number; divergence: number }[];
}

const DEFAULT_ALPHA = 0.5;

export async function previewWeights(db: Kysely<DB>, actor: Actor, input: unknown): Promise<WeightsPreview> {
  const request = parseInput(WeightsPreviewSchema, input);
  if (request.scope) await requireWithinArea(db, actor, request.scope, 'scope');
  let runs = db
    .selectFrom('evaluation_runs')
    .select(['id', 'system_code', 'system_version', 'period', 'scope_org_unit'])
    .where('system_code', '=', request.system)
    .where('period', '=', request.period)
    .where('status', '=', 'succeeded');
  if (request.scope) runs = runs.where('scope_org_unit', '=', request.scope);
  else if (actor.area !== '*') runs = runs.where('scope_org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  const run = await runs.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!run) {
    throw new AppError('not_found', { message: { zh: `您的管辖范围内没有指标体系 ${request.system} 在 ${request.period} 的评估结果`, en: `there is no evaluation of ${request.system} for ${request.period} in your area` } });
  }
  const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
  const nodeCode = request.node ?? '$root';
  const index = compiled.byCode.get(nodeCode);
  const node = index === undefined ? undefined : compiled.nodes[index];
  if (!node || node.leaf) throw fieldError(['node'], { zh: `指标体系 ${run.system_code} 中没有下设指标的 ${nodeCode}`, en: `indicator system ${run.system_code} has no group indicator ${nodeCode}` });
  const children = node.children.map((c) => compiled.nodes[c]!);

  const peerGroups = (
    await db
      .selectFrom('evaluation_unit_results')
      .select(['peer_group', sql<number>`count(*)::int`.as('units')])
      .where('run_id', '=', run.id)
      .groupBy('peer_group')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('peer_group')
      .execute()
  ).map((g) => ({ code: g.peer_group, units: Number(g.units) }));
  const peerGroup = request.peerGroup ?? peerGroups[0]?.code;
  if (peerGroup === undefined || !peerGroups.some((g) => g.code === peerGroup)) {
    throw fieldError(['peerGroup'], { zh: `该次评估没有同级组 ${request.peerGroup ?? ''}`, en: `the run has no peer group ${request.peerGroup ?? ''}` });
  }

  // The unit × child cells of the peer group, straight from the stored results.
  const cells = await db
    .selectFrom('evaluation_indicator_results as r')
    .innerJoin('evaluation_unit_results as u', (j) => j.onRef('u.run_id', '=', 'r.run_id').onRef('u.unit', '=', 'r.unit'))
    .select(['r.unit', 'r.indicator', 'r.value', 'r.score'])
    .where('r.run_id', '=', run.id)
    .where('u.peer_group', '=', peerGroup)
    .where('r.indicator', 'in', children.map((c) => c.code))
    .orderBy('r.unit')
    .execute();
  const byUnit = new Map<string, Map<string, number | null>>();
  for (const cell of cells) {
    const child = children.find((c) => c.code === cell.indicator)!;
    const x = child.leaf && request.basis === 'value' ? cell.value : cell.score;
    if (!byUnit.has(cell.unit)) byUnit.set(cell.unit, new Map());
    byUnit.get(cell.unit)!.set(cell.indicator, x === null ? null : Number(x));
  }
  const rows = [...byUnit.values()].filter((m) => children.every((c) => typeof m.get(c.code) === 'number' && Number.isFinite(m.get(c.code)))).map((m) => children.map((c) => m.get(c.code)!));

  const equal = children.map(() => 1 / children.length);
  let entropy = equal;
  let divergence = children.map(() => 0);
  let degenerate = true;
  if (rows.length >= 2) {
    const cost = children.map((c) => c.leaf && request.basis === 'value' && c.direction === 'cost');
    const result = entropyWeights(rows, { normalization: 'minmax', cost });
    ({ weights: entropy, divergence, degenerate } = result);
  }

  const spec = node.childWeighting;
  let subjective: WeightsPreview['subjective'] = 'equal';
  let raw = children.map(() => 1);
  let alpha = request.alpha ?? DEFAULT_ALPHA;
  if (spec?.kind === 'static') {
    subjective = spec.method;
    raw = spec.weights;
  } else if (spec?.kind === 'combined') {
    subjective = 'ahp';
    raw = spec.ahpWeights;
    if (request.alpha === undefined && spec.mode === 'linear') alpha = spec.alpha;
  }
  const total = raw.reduce((a, b) => a + b, 0);
  const ahpWeights = total > 0 ? raw.map((w) => w / total) : equal;
  const combined = combineWeights(ahpWeights, entropy, { mode: 'linear', alpha });

  return {
    run: { id: run.id, system: run.system_code, version: run.system_version, period: run.period, scope: run.scope_org_unit },
    node: nodeCode,
    nodes: compiled.nodes.filter((n) => !n.leaf).map((n) => ({ code: n.code, name: n.name })),
    peerGroup,
    peerGroups,
    units: rows.length,
    basis: request.basis,
    subjective,
    alpha,
    degenerate,
    indicators: children.map((c, k) => ({ code: c.code, name: c.name, leaf: c.leaf, ahp: ahpWeights[k]!, entropy: entropy[k]!, combined: combined[k]!, divergence: divergence[k]! })),
  };
}
