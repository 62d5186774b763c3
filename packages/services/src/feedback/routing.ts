// Routing rules (tag + org unit + service item → department): a table in the database, the most
// specific matching rule winning (the more of tag, org unit and item it names, the more specific),
// then the lowest rank, then the oldest. A rule's org unit matches its whole subtree. No matching
// rule: the service item's own department, else none (the unit's office triages it by hand).
import { AppError } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireWithinArea, type Actor } from '../identity/actor';
import { parseInput } from '../validation';

export interface RouteDecision {
  ruleId: string;
  department: string;
  targetOrgUnit: string | null;
}

export async function routeFeedback(db: Kysely<DB>, input: { tags: readonly string[]; orgUnit: string; itemCode: string | null }): Promise<RouteDecision | null> {
  const ancestors = db.selectFrom('org_unit_closure').select('ancestor_code').where('descendant_code', '=', input.orgUnit);
  const rules = await db
    .selectFrom('feedback_routing_rules as r')
    .leftJoin('org_unit_closure as c', (j) => j.onRef('c.ancestor_code', '=', 'r.org_unit').on('c.descendant_code', '=', input.orgUnit))
    .select(['r.id', 'r.tag', 'r.org_unit', 'r.item_code', 'r.department', 'r.target_org_unit', 'r.rank', 'c.depth'])
    .where((eb) => eb.or([eb('r.tag', 'is', null), ...(input.tags.length ? [eb('r.tag', 'in', [...input.tags])] : [])]))
    .where((eb) => eb.or([eb('r.org_unit', 'is', null), eb('r.org_unit', 'in', ancestors)]))
    .where((eb) => eb.or([eb('r.item_code', 'is', null), ...(input.itemCode ? [eb('r.item_code', '=', input.itemCode)] : [])]))
    .execute();
  const specificity = (r: (typeof rules)[number]) => Number(r.tag !== null) + Number(r.org_unit !== null) + Number(r.item_code !== null);
  rules.sort((a, b) => specificity(b) - specificity(a) || (a.depth ?? 99) - (b.depth ?? 99) || a.rank - b.rank || Number(a.id) - Number(b.id));
  const best = rules[0];
  return best ? { ruleId: String(best.id), department: best.department, targetOrgUnit: best.target_org_unit } : null;
}

export const RoutingRuleSchema = z.strictObject({
  tag: z.string().regex(/^[a-z][a-z0-9_]*$/, 'tag is a taxonomy code, e.g. system_fault').optional(),
  orgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'orgUnit is an administrative division code').optional(),
  itemCode: z.string().min(1).max(64).optional(),
  department: z.string().min(1, 'department is required').max(64),
  targetOrgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'targetOrgUnit is an administrative division code').optional(),
  rank: z.number().int().min(0).max(10_000).default(100),
});

/** With an actor, the rule's units (its own, and where it sends feedback) must lie in the actor's subtree. */
export async function addRoutingRule(db: Kysely<DB>, input: unknown, actor?: Actor): Promise<{ id: string }> {
  const rule = parseInput(RoutingRuleSchema, input);
  const department = await db.selectFrom('departments').select(['code', 'org_unit_code']).where('code', '=', rule.department).executeTakeFirst();
  if (!department) throw new AppError('validation_failed', { message: { zh: `department：部门 ${rule.department} 不存在`, en: `department: no department ${rule.department}` }, details: [{ in: 'body', path: ['department'], message: 'unknown department' }] });
  if (actor) {
    if (rule.orgUnit) await requireWithinArea(db, actor, rule.orgUnit, 'orgUnit');
    await requireWithinArea(db, actor, rule.targetOrgUnit ?? department.org_unit_code, 'targetOrgUnit');
  }
  const row = await db
    .insertInto('feedback_routing_rules')
    .values({ tag: rule.tag ?? null, org_unit: rule.orgUnit ?? null, item_code: rule.itemCode ?? null, department: rule.department, target_org_unit: rule.targetOrgUnit ?? department.org_unit_code, rank: rule.rank })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: String(row.id) };
}

export async function listRoutingRules(db: Kysely<DB>) {
  return (await db.selectFrom('feedback_routing_rules').selectAll().orderBy('id').execute()).map((r) => ({ id: String(r.id), tag: r.tag, orgUnit: r.org_unit, itemCode: r.item_code, department: r.department, targetOrgUnit: r.target_org_unit, rank: r.rank }));
}
