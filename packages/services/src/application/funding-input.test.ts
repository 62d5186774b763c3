import { parseIndicatorSystemText } from '@govperf/contracts';
import { allocateFunding, compileSystem, evaluate } from '@govperf/engine';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fundingUnitsOfRun, peerGroupWeights } from './funding-input';
import { ALLOCATION_SHEET, METHOD_SHEET, fundingWorkbook } from './funding-workbook';

const yaml = `
format: govperf/indicator-system@1
code: T
version: "1"
name: { zh: 测试, en: Test }
indicators:
  - code: A
    name: { zh: 效能, en: Efficiency }
    weight: 60
    children:
      - code: A1
        name: { zh: 按时办结率, en: On-time rate }
        weight: 3
        formula: h.on_time
        scoring: { method: identity }
      - code: A2
        name: { zh: 好评率, en: Good ratings }
        weight: 1
        formula: r.good
        scoring: { method: identity }
  - code: B
    name: { zh: 体验, en: Experience }
    weight: 40
    formula: r.satisfaction
    scoring: { method: identity }
`;

describe('from a run to the funding workbook', () => {
  const parsed = parseIndicatorSystemText(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const system = compileSystem(parsed.system);
  const units = ['c1', 'c2', 'c3'].map((id) => ({ id, name: `县${id}`, peerGroup: 'county' })).concat([{ id: 'd1', name: '区d1', peerGroup: 'district' }]);
  // Identity scores: composite = 0.6 × (0.75·A1 + 0.25·A2) + 0.4·B.
  //   c1: 0.6 × (0.75·100 + 0.25·80) + 0.4·90 = 0.6 × 95 + 36 = 93
  //   c2: 0.6 × (0.75·80 + 0.25·80) + 0.4·70 = 0.6 × 80 + 28 = 76
  //   c3: no data at all → no score, no grade
  const facts = [
    ...Object.entries({ 'h.on_time': 100, 'r.good': 80, 'r.satisfaction': 90 }).map(([metric, value]) => ({ unit: 'c1', metric, value })),
    ...Object.entries({ 'h.on_time': 80, 'r.good': 80, 'r.satisfaction': 70 }).map(([metric, value]) => ({ unit: 'c2', metric, value })),
    { unit: 'd1', metric: 'r.satisfaction', value: 50 },
  ];
  const result = evaluate(system, { period: '2025-Q4', units, facts });

  it('takes the group’s units with published scores and the weights the run used', () => {
    expect(fundingUnitsOfRun(result, 'county')).toEqual([
      { unit: 'c1', name: '县c1', peerGroup: 'county', score: 93, grade: 'excellent' },
      { unit: 'c2', name: '县c2', peerGroup: 'county', score: 76, grade: 'fair' },
      { unit: 'c3', name: '县c3', peerGroup: 'county', score: null, grade: null },
    ]);
    // A 0.6 (A1 0.6 × 0.75 = 0.45, A2 0.6 × 0.25 = 0.15), B 0.4.
    const weights = peerGroupWeights(result, 'county', system.nodes);
    // Products of binary fractions (0.6 × 0.75 is 0.44999999999999996): compared to 12 decimals.
    expect(weights.map((w) => [w.code, w.depth, w.local, Number(w.weight.toFixed(12))])).toEqual([
      ['A', 1, 0.6, 0.6],
      ['A1', 2, 0.75, 0.45],
      ['A2', 2, 0.25, 0.15],
      ['B', 1, 0.4, 0.4],
    ]);
    expect(weights[1]!.name).toEqual({ zh: '按时办结率', en: 'On-time rate' });
    expect(() => fundingUnitsOfRun(result, 'city')).toThrow('peer group city is not in the run (groups: county, district)');
  });

  it('allocates and exports', async () => {
    // Proportional, pool 100 000: 93 + 76 = 169; c1 100000 × 93/169 = 55029.585… → 55030 (the yuan left, .585 > .414),
    // c2 100000 × 76/169 = 44970.414… → 44970; c3 nothing.
    const allocation = allocateFunding(fundingUnitsOfRun(result, 'county'), { method: 'proportional' }, 100_000);
    expect(allocation.lines.map((l) => l.amount)).toEqual([55_030, 44_970, 0]);
    const buffer = await fundingWorkbook({ allocation, run: { id: 'r1', systemCode: system.code, systemVersion: system.version, period: result.period }, weights: peerGroupWeights(result, 'county', system.nodes) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(ALLOCATION_SHEET)!;
    expect(sheet.getRow(5).getCell(8).value).toEqual({ formula: 'SUM(H2:H4)', result: 100_000 });
    const rows: unknown[][] = [];
    workbook.getWorksheet(METHOD_SHEET)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const a1 = rows.find((r) => r[0] === 'A1')!;
    expect(a1.slice(0, 2)).toEqual(['A1', '　按时办结率 / On-time rate']);
    expect(a1[2]).toBeCloseTo(0.45, 12);
    expect(a1[3]).toBe(0.75);
    expect(rows).toContainEqual(['分配方法 Method', '按得分比例分配（proportional） / Proportional to score (proportional)']);
    expect(rows).toContainEqual(['指标体系 Indicator system', 'T 1']);
  });
});
