// govperf lists | funding on the embedded database: a five-unit peer group (the counties of 杭州市)
// evaluated and published for May and June 2025, the lists and the money worked out by hand.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { ALLOCATION_SHEET, METHOD_SHEET, publishRun, registerIndicatorSystem, runEvaluation } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import { openDatabase, upsertOrgUnits } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';
import { parseCoefficients } from './application';

/** One indicator scored as is: a county's score is its on-time rate in per cent. */
const system = {
  format: 'govperf/indicator-system@1',
  code: 'CLI-APPLY',
  version: '1',
  name: { zh: '命令行结果运用测试', en: 'CLI result application test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } }],
};

/** On-time cases out of 10: May 100, 90, 80, 70, 60; June 100, 100, 90, 70, 50. */
const ON_TIME: Record<string, Record<string, number>> = {
  '2025-05': { '330102': 10, '330105': 9, '330106': 8, '330108': 7, '330109': 6 },
  '2025-06': { '330102': 10, '330105': 10, '330106': 9, '330108': 7, '330109': 5 },
};

describe('govperf lists and funding on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-application-cli-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  const file = (name: string) => join(dir, name);
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    // PGlite holds its data directory alone: the CLI opens it only after this closes.
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      const { db } = database;
      await seedTestOrgTree(db);
      await upsertOrgUnits(db, [
        { code: '330108', name: '滨江区', level: 'county', parentCode: '330100' },
        { code: '330109', name: '萧山区', level: 'county', parentCode: '330100' },
      ]);
      await createProbeCases(
        db,
        Object.entries(ON_TIME).flatMap(([period, units]) => Object.entries(units).map(([unit, onTime]) => ({ unit, at: `${period}-10T10:00:00+08:00`, total: 10, onTime }))),
      );
      await registerIndicatorSystem(db, system);
      for (const period of Object.keys(ON_TIME)) {
        runs[period] = (await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'CLI-APPLY', period, scope: '330100', levels: ['county'] })).runId;
        await publishRun(db, runs[period]!, '*');
      }
      runs.draft = (await runEvaluation(db, PROBE_CATALOGUE, { systemCode: 'CLI-APPLY', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
    } finally {
      await database.close();
    }
  });

  it('prints the lists of June: 上城区 commended (top in May and June), 萧山区 to interview (last in June)', async () => {
    // Top 20 % of 5 → 1 unit a period (ties included): May 上城区; June 上城区 and 拱墅区 tied first. Both periods: 上城区.
    // Bottom 10 % of 5 → ⌈0.5⌉ = 1: June's last, 萧山区 (50).
    const json = await cli(env, 'lists', '--run', runs['2025-06']!, '--format', 'json');
    expect({ code: json.code, err: json.err }).toEqual({ code: 0, err: '' });
    const lists = JSON.parse(json.out);
    expect(lists.commendation.map((e: { unit: string; name: string; rank: number; score: number }) => [e.unit, e.name, e.rank, e.score])).toEqual([['330102', '上城区', 1, 100]]);
    expect(lists.interview.map((e: { unit: string; name: string; rank: number; score: number }) => [e.unit, e.name, e.rank, e.score])).toEqual([['330109', '萧山区', 5, 50]]);
    expect(lists.basis.map((b: { period: string }) => b.period)).toEqual(['2025-05', '2025-06']);
    const table = await cli(env, 'lists', '--run', runs['2025-06']!);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/通报表扬 commendation.*county.*1.*330102.*上城区.*100.*2025-05 #1\/5, 2025-06 #1\/5/);
    expect(table.out).toMatch(/约谈 interview.*county.*5.*330109.*萧山区.*50/);
    expect(table.out).toContain('periods used 依据期间: 2025-05, 2025-06');
    // May has no published April: no commendation list, and the table says why.
    const may = await cli(env, 'lists', '--run', runs['2025-05']!);
    expect(may.code).toBe(0);
    expect(may.out).toContain('缺少 2025-04 的已发布结果');
    expect(may.out).not.toContain('通报表扬 commendation');
  });

  it('writes the funding workbook: 1 000 000 yuan in proportion to the June scores', async () => {
    // Total 410. Quotas 243 902.439 ×2, 219 512.195, 170 731.707, 121 951.220; floors 999 998, 2 yuan left:
    // 滨江区 (.707), then the tied .439s — equal scores, so the smaller code, 上城区.
    const out = file('funding.xlsx');
    const r = await cli(env, 'funding', '--run', runs['2025-06']!, '--group', 'county', '--pool', '1,000,000', '--method', 'proportional', '--out', out, '--format', 'json');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(r.out)).toMatchObject({ out, filename: 'funding-CLI-APPLY-2025-06-county.xlsx', allocation: { pool: 1_000_000, leftover: 2 } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet(ALLOCATION_SHEET)!.getSheetValues().slice(2, 8) as unknown[][];
    expect(Object.fromEntries(rows.map((row) => [row[1], row[8]]))).toEqual({
      '330102': 243_903, '330105': 243_902, '330106': 219_512, '330108': 170_732, '330109': 121_951,
      '合计 Total': { formula: 'SUM(H2:H6)', result: 1_000_000 },
    });
    const method = (workbook.getWorksheet(METHOD_SHEET)!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.filter((c) => c != null).join(' | '));
    expect(method).toContain('分配方法 Method | 按得分比例分配（proportional） / Proportional to score (proportional)');
    expect(method).toContain('A1 | 按时办结率 / On-time rate | 1 | 1');
    // The export is on the audit trail.
    const audit = await cli(env, 'audit', 'list', '--action', 'funding.export', '--format', 'json');
    expect(JSON.parse(audit.out)).toMatchObject({ entries: [{ action: 'funding.export', entityId: runs['2025-06'], details: { pool: 1_000_000, peerGroup: 'county' } }] });
  });

  it('previews the allocation without --out: above a floor of 60 and by grade coefficients', async () => {
    // Above 60: bases 40, 40, 30, 10, 0 → 333 333.33 ×2, 250 000, 83 333.33, 0; the 1 yuan left to 上城区 (highest score, smaller code).
    const floor = await cli(env, 'funding', '--run', runs['2025-06']!, '--group', 'county', '--pool', '1000000', '--method', 'above-floor', '--floor', '60', '--format', 'json');
    expect(floor.code).toBe(0);
    const amounts = (out: string) => Object.fromEntries(JSON.parse(out).allocation.lines.map((l: { unit: string; amount: number }) => [l.unit, l.amount]));
    expect(amounts(floor.out)).toEqual({ '330102': 333_334, '330105': 333_333, '330106': 250_000, '330108': 83_333, '330109': 0 });
    // Grades excellent (100, 100, 90), fair (70), poor (50): 1.2 ×3, 0.8, 0 → 272 727.27 ×3, 181 818.18, 0 → 上城区 gets the last yuan.
    const graded = await cli(env, 'funding', '--run', runs['2025-06']!, '--group', 'county', '--pool', '1000000', '--method', 'grade-coefficients', '--coefficients', 'excellent=1.2,good=1,fair=0.8,poor=0', '--format', 'json');
    expect(amounts(graded.out)).toEqual({ '330102': 272_728, '330105': 272_727, '330106': 272_727, '330108': 181_818, '330109': 0 });
    const table = await cli(env, 'funding', '--run', runs['2025-06']!, '--group', 'county', '--pool', '1000000', '--method', 'proportional');
    expect(table.out).toMatch(/合计 Total.*410.*1,000,000/);
  });

  it('names the option in its errors', async () => {
    const run = runs['2025-06']!;
    const base = ['funding', '--run', run, '--group', 'county', '--pool', '1000000'];
    const cases: [string[], RegExp][] = [
      [['lists'], /--run: an evaluation run id/],
      [['lists', '--run', run, '--format', 'csv'], /--format: table or json/],
      [['lists', '--run', run, '--top-share', '2'], /--top-share: topShare must be at most 1/],
      [['lists', '--run', runs.draft!], /not published/],
      [['funding', '--run', run, '--pool', '1000000', '--method', 'proportional'], /--group: the peer group/],
      [['funding', '--run', run, '--group', 'county', '--method', 'proportional'], /--pool: the funding pool in whole yuan/],
      [[...base.slice(0, 5), '--pool', 'lots', '--method', 'proportional'], /--pool: whole yuan as digits/],
      [[...base.slice(0, 5), '--pool', '1000.5', '--method', 'proportional'], /--pool: pool must be whole yuan/],
      [[...base], /--method: one of proportional, above-floor, grade-coefficients/],
      [[...base, '--method', 'share'], /--method: one of/],
      [[...base, '--method', 'above-floor'], /--floor: needed with --method above-floor/],
      [[...base, '--method', 'proportional', '--floor', '60'], /--floor: only with --method above-floor/],
      [[...base, '--method', 'above-floor', '--floor', '120'], /--floor: floor must be at most 100/],
      [[...base, '--method', 'above-floor', '--floor', '100'], /--method: .*no unit scores above the floor 100/],
      [[...base, '--method', 'grade-coefficients'], /--coefficients: needed/],
      [[...base, '--method', 'grade-coefficients', '--coefficients', 'excellent:1'], /--coefficients: GRADE=NUMBER pairs/],
      [[...base, '--method', 'grade-coefficients', '--coefficients', 'excellent=1'], /--coefficients: no coefficient for grade "fair"/],
      [['funding', '--run', run, '--group', 'city', '--pool', '1000', '--method', 'proportional'], /--group: not a peer group of the run \(groups: county\)/],
      [[...base, '--method', 'proportional', '--out', file('x.docx')], /--out: the workbook is an .xlsx file/],
      [['funding', '--run', runs.draft!, '--group', 'county', '--pool', '1000', '--method', 'proportional'], /not published/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(env, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
      expect(r.err, argv.join(' ')).toMatch(message);
    }
    expect(existsSync(file('x.docx'))).toBe(false);
  });

  it('parses grade coefficients', () => {
    expect(parseCoefficients('excellent=1.2, good=1,fair = 0.8,poor=0')).toEqual({ excellent: 1.2, good: 1, fair: 0.8, poor: 0 });
    expect(() => parseCoefficients('a=1,a=2')).toThrow(/--coefficients: grade a is given twice/);
    expect(() => parseCoefficients(',')).toThrow(/at least one/);
  });
});
