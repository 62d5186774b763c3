import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { ingestRecords, type IngestContext } from '../ingestion/ingest';
import { flagConcentratedRatings, listRejectedRecords, qualityReport } from './report';

const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../../../../examples/ingest/${type}.json`, import.meta.url), 'utf8'));
const ctx = (type: string, source: string): IngestContext => ({ type, source, channel: 'http', format: 'json', scope: '*', allowedTypes: ['*'], now: () => new Date('2025-12-01T00:00:00+08:00') });

describe.each(testEngines())('data quality on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    for (const type of ['org-units', 'departments', 'apps', 'service-items']) await ingestRecords(database.db, ctx(type, 'master'), example(type));
  });
  afterAll(async () => dispose());

  it('flags a burst of identical top ratings from one source in one window, and only that', async () => {
    const base = example('ratings')[0]!;
    // 25 five-star ratings within 5 minutes for one unit and item: manufactured.
    const burst = Array.from({ length: 25 }, (_, i) => ({ ...base, rating_id: `B${i}`, source_id: `B${i}`, level: 5, rated_at: `2025-07-08T10:0${Math.floor(i / 5)}:${String(10 + i).slice(-2)}+08:00`, real_name: false, comment: null }));
    // 25 ratings spread over the day: normal.
    const spread = Array.from({ length: 25 }, (_, i) => ({ ...base, rating_id: `S${i}`, source_id: `S${i}`, level: 5, rated_at: `2025-07-08T${String(8 + Math.floor(i / 3)).padStart(2, '0')}:${String((i % 3) * 20).padStart(2, '0')}:00+08:00`, real_name: false, comment: null }));
    await ingestRecords(database.db, ctx('ratings', 'hall-kiosk'), burst);
    await ingestRecords(database.db, ctx('ratings', 'app'), spread);
    expect(await flagConcentratedRatings(database.db, '2025-07-08')).toBe(25);
    const flagged = await database.db.selectFrom('ratings').select(['source', 'quality_status', 'quality_flags']).where('quality_status', '=', 'flagged').execute();
    expect(new Set(flagged.map((r) => r.source))).toEqual(new Set(['hall-kiosk']));
    expect(flagged[0]!.quality_flags).toEqual(expect.arrayContaining(['concentrated_scores']));
    // Running the check again changes nothing.
    expect(await flagConcentratedRatings(database.db, '2025-07-08')).toBe(0);
  });

  it('reports per source and day, counts refused records, and says which sources went quiet', async () => {
    const base = example('handling-records')[0]!;
    await ingestRecords(database.db, ctx('handling-records', 'approval'), [
      { ...base, record_id: 'Q1', source_id: 'Q1' },
      { ...base, record_id: 'Q2', source_id: 'Q2', completed_at: '2025-07-01T00:00:00+08:00' },
      { ...base, record_id: 'Q3', source_id: 'Q3', org_unit: '999999' },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const report = await qualityReport(database.db, { source: 'approval', now: new Date(Date.now() + 3 * 3600 * 1000) });
    const day = report.days.find((d) => d.factTable === 'handling_records')!;
    expect(day).toMatchObject({ source: 'approval', received: 2, accepted: 1, qualityRejected: 1, rejectedRecords: 1 });
    expect(Math.abs(Date.parse(`${day.day}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`))).toBeLessThanOrEqual(86_400_000);
    expect(report.freshness).toEqual([expect.objectContaining({ factTable: 'handling_records', source: 'approval', stale: true })]);
    const fresh = await qualityReport(database.db, { source: 'approval' });
    expect(fresh.freshness[0]!.stale).toBe(false);
    const refused = await listRejectedRecords(database.db, { factType: 'handling-records' });
    expect(refused[0]).toMatchObject({ source: 'approval', sourceId: 'Q3', errors: [{ field: 'org_unit', reason: expect.stringContaining('999999') }] });
  });
});
