import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import { getOrgUnit, subtreeCodes, upsertOrgUnits } from './repos/org-units.repo';
import { testEngines } from './testing';
import type { Database } from './database';

describe.each(testEngines())('storage on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());

  it('migrates to the latest schema, and a second run applies nothing', async () => {
    expect(await pendingMigrations(database)).toEqual([]);
    const again = await migrateToLatest(database);
    expect(again).toEqual({ applied: [], alreadyApplied: Object.keys(MIGRATIONS).length });
  });

  it('keeps the org-unit hierarchy and its closure (parents may arrive after children)', async () => {
    await upsertOrgUnits(database.db, [
      { code: '330102', name: '上城区', level: 'county', parentCode: '330100' },
      { code: '330100', name: '杭州市', level: 'city', parentCode: '330000' },
      { code: '330000', name: '浙江省', level: 'province', parentCode: null },
      { code: '330200', name: '宁波市', level: 'city', parentCode: '330000' },
      { code: '330203', name: '海曙区', level: 'county', parentCode: '330200' },
    ]);
    expect(await subtreeCodes(database.db, '330100')).toEqual(['330100', '330102']);
    expect(await subtreeCodes(database.db, '330000')).toEqual(['330000', '330100', '330102', '330200', '330203']);
    const depth = await database.db.selectFrom('org_unit_closure').select('depth').where('ancestor_code', '=', '330000').where('descendant_code', '=', '330203').executeTakeFirstOrThrow();
    expect(depth.depth).toBe(2);
    // Renaming keeps the tree.
    await upsertOrgUnits(database.db, [{ code: '330102', name: '上城区（新）', level: 'county', parentCode: '330100' }]);
    expect((await getOrgUnit(database.db, '330102'))?.name).toBe('上城区（新）');
    expect(await subtreeCodes(database.db, '330000')).toHaveLength(5);
  });

  it('refuses codes that are not GB/T 2260 and unknown parents', async () => {
    await expect(upsertOrgUnits(database.db, [{ code: '33A100', name: 'x', level: 'city', parentCode: null }])).rejects.toThrow(/check constraint|org_units_code_check/);
    await expect(upsertOrgUnits(database.db, [{ code: '330300', name: '温州市', level: 'city', parentCode: '999999' }])).rejects.toThrow(/foreign key/);
    expect(await getOrgUnit(database.db, '330300')).toBeUndefined();
  });

  it('bulk-loads CSV with COPY in chunks and returns the row count', async () => {
    await sql`create table copy_probe (a integer, b text)`.execute(database.db);
    function* chunks() {
      for (let i = 0; i < 5; i++) yield Array.from({ length: 1000 }, (_, k) => `${i * 1000 + k},"名称, ${k}"\n`).join('');
    }
    expect(await database.copyCsv('copy_probe', ['a', 'b'], chunks())).toBe(5000);
    const row = await sql<{ n: number; s: number }>`select count(*) as n, sum(a) as s from copy_probe`.execute(database.db);
    expect(row.rows[0]).toEqual({ n: 5000, s: (4999 * 5000) / 2 });
    await expect(database.copyCsv('copy_probe; drop table x', ['a'], [])).rejects.toThrow(/identifier/);
  });

  it('returns counts and numerics as numbers and timestamps as dates on both engines', async () => {
    const r = await sql<{ n: number; x: number; t: Date }>`select count(*) as n, 1.25::numeric as x, now() as t`.execute(database.db);
    expect(typeof r.rows[0]!.n).toBe('number');
    expect(r.rows[0]!.x).toBe(1.25);
    expect(r.rows[0]!.t).toBeInstanceOf(Date);
  });
});
