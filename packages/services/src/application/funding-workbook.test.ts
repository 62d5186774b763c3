import { allocateFunding } from '@govperf/engine';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ALLOCATION_SHEET, METHOD_SHEET, fundingWorkbook } from './funding-workbook';

const run = { id: 'run_2025q4_county', systemCode: 'ZJ-GOV', systemVersion: '2025.1', period: '2025-Q4', systemName: { zh: '政务服务绩效', en: 'Government service performance' } };
const weights = [
  { code: 'A', name: { zh: '服务效能', en: 'Service efficiency' }, weight: 0.6 },
  { code: 'B', name: { zh: '用户体验', en: 'User experience' }, weight: 0.4 },
];

/** A cell's value, or a formula's cached result. */
function value(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  return v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
}

async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('fundingWorkbook', () => {
  it('writes the allocation with a total equal to the pool, and states the method and weights', async () => {
    // Floor 60, pool 10 000: bases 30, 20, 10, 0 → 5000, 3333.33 → 3333, 1666.67 → 1667 (the 1 yuan left), 0.
    const units = [
      { unit: '330102', name: '上城区', peerGroup: 'district', score: 90, grade: 'excellent' },
      { unit: '330105', name: '拱墅区', peerGroup: 'district', score: 80, grade: 'good' },
      { unit: '330106', name: '西湖区', peerGroup: 'district', score: 70, grade: 'fair' },
      { unit: '330108', name: '滨江区', peerGroup: 'district', score: 60, grade: 'fair' },
    ];
    const allocation = allocateFunding(units, { method: 'above-floor', floor: 60 }, 10_000);
    const buffer = await fundingWorkbook({ allocation, run, weights, gradeNames: { good: { zh: '良好', en: 'Good' } }, generatedAt: new Date('2026-01-05T02:00:00Z') });
    const workbook = await read(buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([ALLOCATION_SHEET, METHOD_SHEET]);

    const sheet = workbook.getWorksheet(ALLOCATION_SHEET)!;
    expect(sheet.getRow(1).getCell(8).value).toBe('金额（元）Amount (yuan)');
    const rows = [2, 3, 4, 5].map((r) => sheet.getRow(r));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value, r.getCell(6).value, r.getCell(8).value])).toEqual([
      ['330102', '上城区', 'district', 30, 5000],
      ['330105', '拱墅区', 'district', 20, 3333],
      ['330106', '西湖区', 'district', 10, 1667],
      ['330108', '滨江区', 'district', 0, 0],
    ]);
    expect(rows[1]!.getCell(5).value).toBe('良好 good');
    expect(rows[0]!.getCell(7).value).toBeCloseTo(0.5, 12);
    const amounts = rows.map((r) => r.getCell(8).value as number);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(10_000);
    const total = sheet.getRow(6);
    expect(total.getCell(1).value).toBe('合计 Total');
    expect(total.getCell(8).value).toEqual({ formula: 'SUM(H2:H5)', result: 10_000 });
    expect(value(total.getCell(8))).toBe(10_000);

    const about = workbook.getWorksheet(METHOD_SHEET)!;
    const facts = new Map<string, unknown>();
    about.eachRow((row) => facts.set(String(row.getCell(1).value), value(row.getCell(2))));
    expect(facts.get('分配方法 Method')).toBe('按超出基准分的部分分配（above-floor） / Proportional to the score above a floor (above-floor)');
    expect(facts.get('参数 Parameters')).toBe('分配基数 = max(0, 得分 − 60)；基准分 = 60 / basis = max(0, score − 60); floor = 60');
    expect(facts.get('资金池（元）Pool (yuan)')).toBe(10_000);
    expect(String(facts.get('取整 Rounding'))).toMatch(/^最大余额法（汉密尔顿法）.* \/ Largest remainder \(Hamilton\)/);
    expect(facts.get('评价批次 Evaluation run')).toBe('run_2025q4_county');
    expect(facts.get('指标体系 Indicator system')).toBe('ZJ-GOV 2025.1 政务服务绩效 / Government service performance');
    expect(facts.get('评价期间 Period')).toBe('2025-Q4');
    expect(facts.get('按余数补足（元）Yuan given by remainder')).toBe(1);

    // The weights table: code, name, weight.
    const weightRows: unknown[][] = [];
    about.eachRow((row) => {
      if (row.getCell(1).value === 'A' || row.getCell(1).value === 'B') weightRows.push([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]);
    });
    expect(weightRows).toEqual([
      ['A', '服务效能 / Service efficiency', 0.6],
      ['B', '用户体验 / User experience', 0.4],
    ]);
  });

  it('states grade coefficients and refuses an allocation that does not add up', async () => {
    const allocation = allocateFunding(
      [
        { unit: 'a', score: 92, grade: 'excellent' },
        { unit: 'b', score: 85, grade: 'good' },
      ],
      { method: 'grade-coefficients', coefficients: { excellent: 1.2, good: 1 } },
      1_100,
    );
    // 1100 × 1.2/2.2 = 600, 1100 × 1/2.2 = 500.
    const workbook = await read(await fundingWorkbook({ allocation, run, weights, unitNames: { a: '甲', b: '乙' } }));
    const sheet = workbook.getWorksheet(ALLOCATION_SHEET)!;
    expect([sheet.getRow(2).getCell(2).value, sheet.getRow(2).getCell(8).value, sheet.getRow(3).getCell(8).value]).toEqual(['甲', 600, 500]);
    const about = workbook.getWorksheet(METHOD_SHEET)!;
    expect(about.getRow(3).getCell(2).value).toBe("分配基数 = 所获等次的系数；excellent = 1.2; good = 1 / basis = the coefficient of the unit's grade; excellent = 1.2; good = 1");
    const broken = { ...allocation, lines: allocation.lines.map((l) => ({ ...l, amount: l.amount + 1 })) };
    await expect(fundingWorkbook({ allocation: broken, run, weights })).rejects.toThrow('allocation amounts sum to 1102, not the pool 1100');
  });
});
