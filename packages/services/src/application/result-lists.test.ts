// The result-application lists of stored runs, on both engines: a five-unit peer group evaluated
// and published for two consecutive months, the lists worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { runEvaluation } from '../evaluation/run-evaluation';
import { publishRun } from '../evaluation/runs';
import { registerIndicatorSystem } from '../evaluation/systems';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { periodBefore, runResultLists } from './result-lists';

/** One indicator, scored as is: a unit's score is its on-time rate in per cent. */
const SYSTEM = {
  format: 'govperf/indicator-system@1',
  code: 'LISTS',
  version: '1',
  name: { zh: '名单测试', en: 'Lists test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } }],
};

/** On-time cases out of 10 per county and month: the score is ten times this. */
const ON_TIME: Record<string, Record<string, number>> = {
  '2025-05': { '330102': 10, '330105': 9, '330106': 8, '330108': 7, '330109': 6 },
  '2025-06': { '330102': 10, '330105': 10, '330106': 9, '330108': 7, '330109': 5 },
  '2025-07': { '330102': 5, '330105': 6, '330106': 7, '330108': 8, '330109': 9 },
};

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('periodBefore', () => {
  it('steps back a month, a quarter or a year across the year boundary', () => {
    expect([periodBefore('2026-01'), periodBefore('2025-07'), periodBefore('2026-Q1'), periodBefore('2025-Q3'), periodBefore('2026')]).toEqual(['2025-12', '2025-06', '2025-Q4', '2025-Q2', '2025']);
  });
});

describe.each(testEngines())('result-application lists of stored runs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await upsertOrgUnits(db, [
      { code: '330108', name: '滨江区', level: 'county', parentCode: '330100' },
      { code: '330109', name: '萧山区', level: 'county', parentCode: '330100' },
    ]);
    await createProbeCases(
      db,
      Object.entries(ON_TIME).flatMap(([period, units]) => Object.entries(units).map(([unit, onTime]) => ({ unit, at: `${period}-10T10:00:00+08:00`, total: 10, onTime }))),
    );
    await registerIndicatorSystem(db, SYSTEM);
    // April: evaluated but never published (no facts either); July: evaluated, not published.
    for (const period of ['2025-04', '2025-05', '2025-06', '2025-07']) {
      runs[period] = (await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'LISTS', period, scope: '330100', levels: ['county'] })).runId;
      if (period === '2025-05' || period === '2025-06') await publishRun(db, runs[period]!, '*');
    }
  });
  afterAll(async () => dispose());

  it('draws both lists for June from the published May and June runs', async () => {
    // Peer group county, 5 ranked units each month.
    // Commendation: top 20 % → k = max(1, ⌊5 × 0.2⌋) = 1, in both May and June.
    //   May:  上城区 100 (1), 拱墅区 90, 西湖区 80, 滨江区 70, 萧山区 60 → top 1: 上城区.
    //   June: 上城区 100 (1), 拱墅区 100 (1), 西湖区 90, 滨江区 70, 萧山区 50 → tied at rank 1, both in the top 1.
    //   In both: 上城区 only (拱墅区 was second in May).
    // Interview: bottom 10 % of June → k = ⌈0.5⌉ = 1: 萧山区 (50, rank 5).
    const lists = await runResultLists(database.db, runs['2025-06']!, {}, '*');
    expect(lists.run).toMatchObject({ id: runs['2025-06'], system: { code: 'LISTS', version: '1' }, period: '2025-06', scope: '330100' });
    expect(lists.basis.map((b) => [b.period, b.runId])).toEqual([['2025-05', runs['2025-05']], ['2025-06', runs['2025-06']]]);
    expect(lists.missingPeriods).toEqual([]);
    expect(lists.note).toBeNull();
    expect(lists.commendation).toEqual([
      {
        unit: '330102', name: '上城区', peerGroup: 'county', rank: 1, score: 100,
        placements: [
          { period: '2025-05', peerGroup: 'county', score: 100, rank: 1, groupSize: 5, quota: 1 },
          { period: '2025-06', peerGroup: 'county', score: 100, rank: 1, groupSize: 5, quota: 1 },
        ],
      },
    ]);
    expect(lists.interview).toEqual([{ unit: '330109', name: '萧山区', peerGroup: 'county', rank: 5, score: 50, placements: [{ period: '2025-06', peerGroup: 'county', score: 50, rank: 5, groupSize: 5, quota: 1 }] }]);
  });

  it('takes the shares from the settings: top 40 % names 拱墅区 too only if it was top 2 both months', async () => {
    // Top 40 % → k = 2. May top 2: 上城区, 拱墅区; June top 2: 上城区, 拱墅区 (tied first). Bottom 40 % → k = 2: 萧山区, 滨江区.
    const lists = await runResultLists(database.db, runs['2025-06']!, { topShare: 0.4, bottomShare: 0.4 }, '*');
    expect(lists.commendation.map((e) => [e.unit, e.rank])).toEqual([['330102', 1], ['330105', 1]]);
    expect(lists.interview.map((e) => [e.unit, e.rank])).toEqual([['330108', 4], ['330109', 5]]);
  });

  it('gives an empty commendation list naming the missing period when an earlier period is not published', async () => {
    // May has no published April before it (April's run exists but was never published).
    const may = await runResultLists(database.db, runs['2025-05']!, {}, '*');
    expect(may.missingPeriods).toEqual(['2025-04']);
    expect(may.commendation).toEqual([]);
    expect(may.note?.en).toContain('2025-04');
    expect(may.note?.zh).toContain('2025-04');
    expect(may.basis.map((b) => b.period)).toEqual(['2025-05']);
    expect(may.interview.map((e) => [e.unit, e.score])).toEqual([['330109', 60]]);
    // Three periods for June: April is missing, May is there.
    const three = await runResultLists(database.db, runs['2025-06']!, { consecutivePeriods: 3 }, '*');
    expect(three.missingPeriods).toEqual(['2025-04']);
    expect(three.commendation).toEqual([]);
  });

  it('refuses an unpublished run, a run outside the caller’s area and bad settings, naming the field', async () => {
    const unpublished = await refusal(runResultLists(database.db, runs['2025-07']!, {}, '*'));
    expect(unpublished.code).toBe('conflict');
    expect(unpublished.message).toMatch(/not published/);
    expect((await refusal(runResultLists(database.db, runs['2025-06']!, {}, '330200'))).code).toBe('not_found');
    expect((await refusal(runResultLists(database.db, 'run_00000000-0000-0000-0000-000000000000', {}, '*'))).code).toBe('not_found');
    // The run's own area and its ancestors see it.
    expect((await runResultLists(database.db, runs['2025-06']!, {}, '330000')).commendation).toHaveLength(1);
    const bad = await refusal(runResultLists(database.db, runs['2025-06']!, { topShare: 1.5 }, '*'));
    expect(bad.code).toBe('validation_failed');
    expect(bad.details).toEqual([{ path: ['topShare'], message: 'topShare must be at most 1' }]);
    const unknown = await refusal(runResultLists(database.db, runs['2025-06']!, { top: 0.2 }, '*'));
    expect(unknown.details).toMatchObject([{ path: [] }]);
  });
});
