// Org units and their closure table. Upserts rebuild the closure in SQL (a recursive CTE),
// which takes milliseconds even for a whole country's ~45,000 units.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema';
import type { OrgLevel } from '../schema/core';

export interface OrgUnitRow {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
}

/** Inserts or updates units (parents may come in the same batch, in any order) and rebuilds the closure. */
export async function upsertOrgUnits(db: Kysely<DB>, units: readonly OrgUnitRow[]): Promise<void> {
  if (units.length === 0) return;
  await db.transaction().execute(async (tx) => {
    // Parents first: deferring the FK is not possible on a self-reference without DEFERRABLE,
    // so insert without parents, then set them.
    for (let i = 0; i < units.length; i += 1000) {
      const slice = units.slice(i, i + 1000);
      await tx
        .insertInto('org_units')
        .values(slice.map((u) => ({ code: u.code, name: u.name, level: u.level, parent_code: null })))
        .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), updated_at: sql`now()` })))
        .execute();
    }
    for (const u of units) {
      if (u.parentCode !== null) await tx.updateTable('org_units').set({ parent_code: u.parentCode }).where('code', '=', u.code).execute();
    }
    await rebuildClosure(tx);
  });
}

export async function rebuildClosure(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('org_unit_closure').execute();
  await sql`
    insert into org_unit_closure (ancestor_code, descendant_code, depth)
    with recursive tree (ancestor_code, descendant_code, depth) as (
      select code, code, 0 from org_units
      union all
      select t.ancestor_code, u.code, t.depth + 1
      from tree t join org_units u on u.parent_code = t.descendant_code
    )
    select ancestor_code, descendant_code, depth from tree`.execute(db);
}

/** The unit and all its descendants. */
export async function subtreeCodes(db: Kysely<DB>, root: string): Promise<string[]> {
  const rows = await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', root).orderBy('descendant_code').execute();
  return rows.map((r) => r.descendant_code);
}

export async function getOrgUnit(db: Kysely<DB>, code: string) {
  return db.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
}
