import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { ingestRecords, type IngestContext } from '../ingestion/ingest';
import { listRejectedRecords, qualityReport } from './report';
import { summariseRejections } from './rejections';

const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../../../../examples/ingest/${type}.json`, import.meta.url), 'utf8'));
const ctx = (type: string, source: string): IngestContext => ({ type, source, channel: 'http', format: 'json', scope: '*', allowedTypes: ['*'], now: () => new Date('2025-12-01T00:00:00+08:00') });

describe.each(testEngines())('rejected records by reason on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let unit: string;
  let otherUnit: string;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    for (const type of ['org-units', 'departments', 'apps', 'service-items']) await ingestRecords(database.db, ctx(type, 'master'), example(type));
    const base = example('handling-records')[0]!;
    unit = String(base.org_unit);
    const units = await database.db.selectFrom('org_units').select(['code', 'parent_code']).execute();
    otherUnit = units.find((u) => u.code !== unit && u.parent_code !== null && u.code !== units.find((x) => x.code === unit)?.parent_code)!.code;
    await ingestRecords(database.db, ctx('handling-records', 'approval'), [
      { ...base, record_id: 'R1', source_id: 'R1', item_code: 'NO-SUCH-1' },
      { ...base, record_id: 'R2', source_id: 'R2', item_code: 'NO-SUCH-2' },
      { ...base, record_id: 'R3', source_id: 'R3', org_unit: '999991' },
      { ...base, record_id: 'R4', source_id: 'R4', org_unit: '999992' },
      { ...base, record_id: 'R5', source_id: 'R5', org_unit: '999993' },
      { ...base, record_id: 'OK1', source_id: 'OK1' },
    ]);
  });
  afterAll(async () => dispose());

  it('counts refused records by fact type × field × reason, numbers folded, largest first', async () => {
    const summary = await summariseRejections(database.db, { source: 'approval' });
    expect(summary.records).toBe(5);
    expect(summary.groups[0]).toMatchObject({ factType: 'handling-records', field: 'org_unit', reason: 'unknown org unit code N (load the org units first)', count: 3 });
    expect(summary.groups[0]!.example).toMatch(/^unknown org unit code 99999\d/);
    expect(summary.groups.find((g) => g.field === 'item_code')).toMatchObject({ count: 2 });
    expect(summary.groups.reduce((n, g) => n + g.count, 0)).toBeGreaterThanOrEqual(5);
    expect((await summariseRejections(database.db, { source: 'nobody' })).records).toBe(0);
    expect((await summariseRejections(database.db, { source: 'approval', factType: 'ratings' })).groups).toEqual([]);
  });

  it('scopes the summary to the caller\'s subtree by the unit the payload names', async () => {
    const own = await summariseRejections(database.db, { source: 'approval', area: unit });
    // The unknown-item records name the caller's unit; the unknown-unit ones name no known unit.
    expect(own.records).toBe(2);
    expect(own.groups.map((g) => g.field)).toEqual(['item_code']);
    expect((await summariseRejections(database.db, { source: 'approval', area: otherUnit })).records).toBe(0);
  });

  it('drills down from a group to its records, masked as the list masks them', async () => {
    const records = await listRejectedRecords(database.db, { source: 'approval', field: 'org_unit', reason: 'unknown org unit code N (load the org units first)' });
    expect(records.map((r) => r.sourceId).sort()).toEqual(['R3', 'R4', 'R5']);
    expect(await listRejectedRecords(database.db, { source: 'approval', field: 'item_code' })).toHaveLength(2);
    expect(await listRejectedRecords(database.db, { source: 'approval', reason: 'no such reason' })).toEqual([]);
  });

  it('gives each source\'s age since its last record', async () => {
    const later = new Date(Date.now() + 3 * 3600 * 1000);
    const report = await qualityReport(database.db, { source: 'approval', now: later });
    const fresh = report.freshness.find((f) => f.source === 'approval')!;
    expect(fresh.ageMinutes).toBeGreaterThanOrEqual(179);
    expect(fresh.stale).toBe(true);
    expect((await qualityReport(database.db, { source: 'approval' })).freshness[0]).toMatchObject({ stale: false, ageMinutes: 0 });
  });
});
