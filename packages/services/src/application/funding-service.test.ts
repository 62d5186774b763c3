// Budget linkage (以效定补) of a stored, published run, on both engines: a pool of 1 000 000 yuan
// divided across a five-unit peer group by each rule, amounts worked out by hand; the workbook
// read back with exceljs; the facade's permission check and audit entry.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { listAuditEntries } from '../audit/chain';
import { runEvaluation } from '../evaluation/run-evaluation';
import { publishRun } from '../evaluation/runs';
import { registerIndicatorSystem } from '../evaluation/systems';
import { tokenActor, userActor } from '../identity/actor';
import { createServices } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { allocateRunFunding, fundingWorkbookOfRun } from './funding-service';
import { ALLOCATION_SHEET, METHOD_SHEET } from './funding-workbook';

/** Two indicators scored as is, weighed 3 : 1, over the same on-time rate: a unit's score is its rate in per cent. */
const SYSTEM = {
  format: 'govperf/indicator-system@1',
  code: 'FUND',
  version: '1',
  name: { zh: '以效定补测试', en: 'Funding test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 3, unit: '%', formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } },
    { code: 'B1', name: { zh: '按时办结率（复核）', en: 'On-time rate (check)' }, weight: 1, unit: '%', formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } },
  ],
};

/** June, 10 cases each: scores 100, 100, 90, 70, 50; grades excellent, excellent, excellent, fair, poor. */
const ON_TIME: Record<string, number> = { '330102': 10, '330105': 10, '330106': 9, '330108': 7, '330109': 5 };
const POOL = 1_000_000;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const amounts = (lines: { unit: string; amount: number }[]) => Object.fromEntries(lines.map((l) => [l.unit, l.amount]));

describe.each(testEngines())('budget linkage of stored runs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let published: string;
  let unpublished: string;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await upsertOrgUnits(db, [
      { code: '330108', name: '滨江区', level: 'county', parentCode: '330100' },
      { code: '330109', name: '萧山区', level: 'county', parentCode: '330100' },
    ]);
    await createProbeCases(db, Object.entries(ON_TIME).map(([unit, onTime]) => ({ unit, at: '2025-06-10T10:00:00+08:00', total: 10, onTime })));
    await registerIndicatorSystem(db, SYSTEM);
    published = (await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'FUND', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
    await publishRun(db, published, '*');
    unpublished = (await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'FUND', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
  });
  afterAll(async () => dispose());

  it('divides 1 000 000 yuan in proportion to the scores, by largest remainder', async () => {
    // Total score 100 + 100 + 90 + 70 + 50 = 410. Quotas 1 000 000 × score / 410:
    //   上城区 243 902.439, 拱墅区 243 902.439, 西湖区 219 512.195, 滨江区 170 731.707, 萧山区 121 951.220.
    // Floors add up to 999 998: 2 yuan left. Largest remainders: 滨江区 .707, then .439 twice —
    // equal remainders and equal scores, so the smaller code 330102 (上城区) gets the second yuan.
    const { run, allocation, weights } = await allocateRunFunding(database.db, published, { peerGroup: 'county', pool: POOL, rule: { method: 'proportional' } }, '*');
    expect(run).toMatchObject({ id: published, system: { code: 'FUND', version: '1', name: { zh: '以效定补测试' } }, period: '2025-06', scope: '330100' });
    expect(allocation).toMatchObject({ pool: POOL, peerGroup: 'county', totalBasis: 410, leftover: 2 });
    expect(amounts(allocation.lines)).toEqual({ '330102': 243_903, '330105': 243_902, '330106': 219_512, '330108': 170_732, '330109': 121_951 });
    expect(allocation.lines.filter((l) => l.roundedUp).map((l) => l.unit)).toEqual(['330102', '330108']);
    expect(allocation.lines.find((l) => l.unit === '330102')).toMatchObject({ name: '上城区', score: 100, grade: 'excellent', basis: 100, floor: 243_902 });
    expect(allocation.lines.reduce((s, l) => s + l.amount, 0)).toBe(POOL);
    expect(weights.map((w) => [w.code, w.weight])).toEqual([['A1', 0.75], ['B1', 0.25]]);
    expect(weights[0]!.name).toEqual({ zh: '按时办结率', en: 'On-time rate' });
  });

  it('divides the pool above a floor of 60 and by grade coefficients', async () => {
    // Above 60: bases 40, 40, 30, 10, 0 (total 120) → quotas 333 333.33, 333 333.33, 250 000, 83 333.33, 0;
    // 1 yuan left, three equal remainders .33: the higher scores (100, 100) first, then the smaller code → 上城区.
    const floor = await allocateRunFunding(database.db, published, { peerGroup: 'county', pool: POOL, rule: { method: 'above-floor', floor: 60 } }, '*');
    expect(amounts(floor.allocation.lines)).toEqual({ '330102': 333_334, '330105': 333_333, '330106': 250_000, '330108': 83_333, '330109': 0 });
    // Coefficients excellent 1.2, good 1, fair 0.8, poor 0: bases 1.2, 1.2, 1.2, 0.8, 0 (total 4.4) →
    // quotas 272 727.27 (×3), 181 818.18, 0; 1 yuan left among the three .27s → highest score, smallest code: 上城区.
    const graded = await allocateRunFunding(database.db, published, { peerGroup: 'county', pool: POOL, rule: { method: 'grade-coefficients', coefficients: { excellent: 1.2, good: 1, fair: 0.8, poor: 0 } } }, '*');
    expect(amounts(graded.allocation.lines)).toEqual({ '330102': 272_728, '330105': 272_727, '330106': 272_727, '330108': 181_818, '330109': 0 });
  });

  it('writes the workbook: amounts summing to the pool, the method and the weights stated', async () => {
    const file = await fundingWorkbookOfRun(database.db, published, { peerGroup: 'county', pool: POOL, rule: { method: 'proportional' } }, '*', new Date('2025-07-05T08:00:00Z'));
    expect(file.filename).toBe('funding-FUND-2025-06-county.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.workbook as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(ALLOCATION_SHEET)!;
    const rows = sheet.getSheetValues().slice(2, 7) as unknown[][];
    expect(rows.map((r) => [r[1], r[2], r[4], r[5], r[8]])).toEqual([
      ['330102', '上城区', 100, '优秀 excellent', 243_903],
      ['330105', '拱墅区', 100, '优秀 excellent', 243_902],
      ['330106', '西湖区', 90, '优秀 excellent', 219_512],
      ['330108', '滨江区', 70, '一般 fair', 170_732],
      ['330109', '萧山区', 50, '较差 poor', 121_951],
    ]);
    expect(sheet.getCell('H7').value).toMatchObject({ formula: 'SUM(H2:H6)', result: POOL });
    const about = workbook.getWorksheet(METHOD_SHEET)!;
    const text = (about.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.filter((c) => c !== undefined && c !== null).join(' | '));
    expect(text).toContain('分配方法 Method | 按得分比例分配（proportional） / Proportional to score (proportional)');
    expect(text).toContain(`评价批次 Evaluation run | ${published}`);
    expect(text).toContain('资金池（元）Pool (yuan) | 1000000');
    expect(text).toContain('A1 | 按时办结率 / On-time rate | 0.75 | 0.75');
    expect(text).toContain('B1 | 按时办结率（复核） / On-time rate (check) | 0.25 | 0.25');
  });

  it('refuses unpublished runs and bad requests, naming the field', async () => {
    const plan = { peerGroup: 'county', pool: POOL, rule: { method: 'proportional' } };
    const notPublished = await refusal(allocateRunFunding(database.db, unpublished, plan, '*'));
    expect(notPublished.code).toBe('conflict');
    expect(notPublished.message).toMatch(/not published/);
    expect((await refusal(allocateRunFunding(database.db, published, plan, '330200'))).code).toBe('not_found');
    const cases: [unknown, (string | number)[], RegExp][] = [
      [{ ...plan, pool: 1000.5 }, ['pool'], /whole yuan/],
      [{ ...plan, pool: -1 }, ['pool'], /more than 0/],
      [{ ...plan, peerGroup: 'city' }, ['peerGroup'], /not a peer group of the run \(groups: county\)/],
      [{ pool: POOL, rule: { method: 'proportional' } }, ['peerGroup'], /peerGroup/],
      [{ ...plan, rule: { method: 'share' } }, ['rule', 'method'], /method must be one of/],
      [{ ...plan, rule: { method: 'above-floor' } }, ['rule', 'floor'], /floor must be a number/],
      [{ ...plan, rule: { method: 'above-floor', floor: 100 } }, ['units'], /no unit scores above the floor 100/],
      [{ ...plan, rule: { method: 'grade-coefficients', coefficients: { excellent: 1 } } }, ['rule', 'coefficients'], /no coefficient for grade "fair"/],
    ];
    for (const [request, path, message] of cases) {
      const error = await refusal(allocateRunFunding(database.db, published, request, '*'));
      expect(error.code, JSON.stringify(request)).toBe('validation_failed');
      expect(error.details, JSON.stringify(request)).toMatchObject([{ path, message: expect.stringMatching(message) }]);
    }
  });

  it('through the facade: evaluation.read to preview and export, the export on the audit trail', async () => {
    const services = createServices(database, PROBE_CATALOGUE);
    const expert = userActor({ username: 'zj', display_name: '专家', role: 'expert', org_unit_code: '330100', department_code: null }, null);
    const plan = { peerGroup: 'county', pool: 10_000, rule: { method: 'proportional' } };
    expect((await services.application.allocate(expert, published, plan)).allocation.pool).toBe(10_000);
    expect((await services.application.lists(expert, published)).missingPeriods).toEqual(['2025-05']);
    const file = await services.application.fundingWorkbook(expert, published, plan);
    expect(file.workbook.subarray(0, 2).toString()).toBe('PK');
    const [entry] = await listAuditEntries(database.db, { action: 'funding.export', orgUnits: '*' });
    expect(entry).toMatchObject({ action: 'funding.export', actor: 'zj', entityType: 'evaluation_run', entityId: published, orgUnit: '330100', details: { peerGroup: 'county', pool: 10_000, rule: { method: 'proportional' } } });
    // A machine token only sends data; a user elsewhere in the tree does not see the run.
    const token = tokenActor({ id: 'tok_x', name: '采集', org_unit_code: '330100', fact_types: ['ratings'] }, null);
    expect((await refusal(services.application.allocate(token, published, plan))).code).toBe('forbidden');
    expect((await refusal(services.application.fundingWorkbook(token, published, plan))).code).toBe('forbidden');
    expect((await refusal(services.application.lists(token, published))).code).toBe('forbidden');
    const ningbo = userActor({ username: 'nb', display_name: '宁波专家', role: 'expert', org_unit_code: '330200', department_code: null }, null);
    expect((await refusal(services.application.fundingWorkbook(ningbo, published, plan))).code).toBe('not_found');
    expect(await listAuditEntries(database.db, { action: 'funding.export', orgUnits: '*' })).toHaveLength(1);
  });
});
