// The demand pool (需求池): near-duplicate feedback clustered per unit, with its support count,
// priority score, urgency P0–P4 and quadrant (docs/sla-and-priority.md §7), scoped to the subtree.
import { DEMAND_QUADRANT_LABELS, type DemandQuadrant } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import type { Actor } from '../identity/actor';

export interface DemandView {
  id: string;
  unit: string;
  title: string;
  tags: string[];
  support: number;
  tier: string | null;
  score: number;
  urgency: string;
  quadrant: { key: string; zh: string; en: string };
  priority: unknown;
  updatedAt: string;
}

const URGENCY_RANK = { P0: 0, P1: 1, P2: 2, P3: 3, P4: 4 } as const;

export async function listDemands(db: Kysely<DB>, actor: Actor, options: { quadrant?: string | undefined; limit?: number | undefined } = {}): Promise<{ demands: DemandView[]; board: Record<DemandQuadrant, number> }> {
  let query = db.selectFrom('feedback_demands').selectAll();
  if (actor.area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  if (options.quadrant) query = query.where('quadrant', '=', options.quadrant);
  const rows = await query.orderBy('urgency').orderBy('score', 'desc').orderBy('id').limit(options.limit ?? 200).execute();
  const board: Record<DemandQuadrant, number> = { quick_win: 0, major_project: 0, fill_in: 0, deprioritise: 0 };
  const demands = rows
    .sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || b.score - a.score || a.id.localeCompare(b.id))
    .map((r) => {
      const key = r.quadrant as DemandQuadrant;
      if (key in board) board[key]++;
      return {
        id: r.id, unit: r.org_unit, title: r.title, tags: r.tags, support: r.support, tier: r.tier, score: r.score, urgency: r.urgency,
        quadrant: { key, ...(DEMAND_QUADRANT_LABELS[key] ?? { zh: key, en: key }) }, priority: r.priority, updatedAt: new Date(r.updated_at).toISOString(),
      };
    });
  return { demands, board };
}
