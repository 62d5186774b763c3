// The budget-linkage workbook (以效定补, docs/result-application.md §3): the allocation of a funding
// pool as an .xlsx file a finance office can check by hand — every unit's basis, share and amount,
// a total equal to the pool, and a sheet that states the method, its parameters, the rounding, the
// evaluation run it came from and the indicator weights behind the scores.
import type { LocalizedText } from '@govperf/contracts';
import type { FundingAllocation } from '@govperf/engine';
import ExcelJS from 'exceljs';

export const ALLOCATION_SHEET = '资金分配 Allocation';
export const METHOD_SHEET = '方法说明 Method';

export interface FundingWorkbookInput {
  allocation: FundingAllocation;
  /** The published evaluation run whose scores were used. */
  run: { id: string; systemCode: string; systemVersion: string; period: string; systemName?: LocalizedText | undefined };
  /** The indicator weights the run used for this peer group (e.g. peerGroupWeights): `weight` is the share of the composite. */
  weights: ReadonlyArray<{ code: string; name?: LocalizedText | null | undefined; weight: number; local?: number | undefined; depth?: number | undefined }>;
  /** Unit names when the allocation does not carry them. */
  unitNames?: Readonly<Record<string, string>> | undefined;
  /** Grade names for the grade column, e.g. good → 良好. */
  gradeNames?: Readonly<Record<string, LocalizedText>> | undefined;
  /** Stamped into the file's properties; defaults to now. */
  generatedAt?: Date | undefined;
}

/** The rule in both languages, with its parameters. */
export function describeFundingRule(allocation: FundingAllocation): { method: LocalizedText; parameters: LocalizedText } {
  const rule = allocation.rule;
  switch (rule.method) {
    case 'proportional':
      return {
        method: { zh: '按得分比例分配（proportional）', en: 'Proportional to score (proportional)' },
        parameters: { zh: '分配基数 = 得分', en: 'basis = score' },
      };
    case 'above-floor':
      return {
        method: { zh: '按超出基准分的部分分配（above-floor）', en: 'Proportional to the score above a floor (above-floor)' },
        parameters: { zh: `分配基数 = max(0, 得分 − ${rule.floor})；基准分 = ${rule.floor}`, en: `basis = max(0, score − ${rule.floor}); floor = ${rule.floor}` },
      };
    case 'grade-coefficients': {
      const pairs = Object.entries(rule.coefficients).map(([grade, c]) => `${grade} = ${c}`).join('; ');
      return {
        method: { zh: '按等次系数分配（grade-coefficients）', en: 'By grade coefficients (grade-coefficients)' },
        parameters: { zh: `分配基数 = 所获等次的系数；${pairs}`, en: `basis = the coefficient of the unit's grade; ${pairs}` },
      };
    }
  }
}

const ROUNDING: LocalizedText = {
  zh: '最大余额法（汉密尔顿法）：额度 = 资金池 × 分配基数 ÷ 基数合计；先向下取整到元，剩余的元逐一分给余数最大的单位；余数相同时得分高者优先，再按单位代码顺序。各单位金额之和恰好等于资金池。',
  en: 'Largest remainder (Hamilton): quota = pool × basis ÷ total basis; every unit first gets its quota rounded down to whole yuan, and the yuan left over go one each to the largest remainders; equal remainders go to the higher score, then by unit code. The amounts add up to the pool exactly.',
};

const bold = { bold: true } as const;

/** Builds the workbook. Refuses an allocation whose amounts do not add up to its pool. */
export async function fundingWorkbook(input: FundingWorkbookInput): Promise<Buffer> {
  const { allocation, run } = input;
  const total = allocation.lines.reduce((s, l) => s + l.amount, 0);
  if (total !== allocation.pool) throw new Error(`allocation amounts sum to ${total}, not the pool ${allocation.pool}`);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'govperf';
  workbook.created = input.generatedAt ?? new Date();
  workbook.modified = workbook.created;

  const sheet = workbook.addWorksheet(ALLOCATION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '单位代码 Unit code', key: 'unit', width: 16 },
    { header: '单位名称 Name', key: 'name', width: 24 },
    { header: '同组 Peer group', key: 'peerGroup', width: 14 },
    { header: '得分 Score', key: 'score', width: 10, style: { numFmt: '0.00' } },
    { header: '等次 Grade', key: 'grade', width: 14 },
    { header: '分配基数 Basis', key: 'basis', width: 14, style: { numFmt: '0.######' } },
    { header: '占比 Share', key: 'share', width: 12, style: { numFmt: '0.0000%' } },
    { header: '金额（元）Amount (yuan)', key: 'amount', width: 20, style: { numFmt: '#,##0' } },
  ];
  sheet.getRow(1).font = bold;
  for (const line of allocation.lines) {
    const grade = line.grade === null ? null : input.gradeNames?.[line.grade] ? `${input.gradeNames[line.grade]!.zh} ${line.grade}` : line.grade;
    sheet.addRow({
      unit: line.unit,
      name: line.name ?? input.unitNames?.[line.unit] ?? null,
      peerGroup: line.peerGroup ?? allocation.peerGroup,
      score: line.score,
      grade,
      basis: line.basis,
      share: line.share,
      amount: line.amount,
    });
  }
  // A live SUM, with its value cached, so the total still checks out after a hand edit.
  const first = 2;
  const last = allocation.lines.length + 1;
  const totalRow = sheet.addRow({
    unit: '合计 Total',
    basis: allocation.totalBasis,
    share: 1,
    amount: { formula: `SUM(H${first}:H${last})`, result: total },
  });
  totalRow.font = bold;

  const { method, parameters } = describeFundingRule(allocation);
  const about = workbook.addWorksheet(METHOD_SHEET);
  // Only the weights table at the bottom uses the third and fourth columns.
  [28, 90, 16, 16].forEach((width, i) => (about.getColumn(i + 1).width = width));
  about.addRow(['项目 Item', '内容 Value']).font = bold;
  const facts: Array<[string, string | number]> = [
    ['分配方法 Method', `${method.zh} / ${method.en}`],
    ['参数 Parameters', `${parameters.zh} / ${parameters.en}`],
    ['资金池（元）Pool (yuan)', allocation.pool],
    ['取整 Rounding', `${ROUNDING.zh} / ${ROUNDING.en}`],
    ['评价批次 Evaluation run', run.id],
    ['指标体系 Indicator system', `${run.systemCode} ${run.systemVersion}${run.systemName ? ` ${run.systemName.zh} / ${run.systemName.en}` : ''}`],
    ['评价期间 Period', run.period],
    ['同组 Peer group', allocation.peerGroup ?? ''],
    ['基数合计 Total basis', allocation.totalBasis],
    ['按余数补足（元）Yuan given by remainder', allocation.leftover],
  ];
  for (const [item, value] of facts) about.addRow([item, value]);
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  about.addRow([]);
  const weightsHeader = about.addRow(['指标权重 Indicator weights']);
  weightsHeader.font = bold;
  const columns = about.addRow(['指标代码 Indicator', '名称 Name', '综合权重 Weight', '组内权重 Local weight']);
  columns.font = bold;
  for (const w of input.weights) {
    // Indent by depth so the tree reads as one.
    const indent = '　'.repeat(Math.max(0, (w.depth ?? 1) - 1));
    const row = about.addRow([w.code, w.name ? `${indent}${w.name.zh} / ${w.name.en}` : '', w.weight, w.local ?? null]);
    row.getCell(3).numFmt = '0.00%';
    row.getCell(4).numFmt = '0.00%';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
