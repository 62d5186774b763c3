// govperf feedback import-hotline FILE.csv|FILE.xlsx: streams a 12345-hotline export into the
// feedback loop (docs/feedback-loop.md §9). Headers may be the export's Chinese ones or their
// English aliases (HOTLINE_COLUMNS); each valid row becomes a feedback submission stored with its
// processing job, idempotent by 工单编号, so re-running a file only reports duplicates. Progress on
// stderr (large CSV files, on a terminal), the summary on stdout:
// { batchId, accepted, duplicates, rejected: [{ row, field, reason }], receipts }.
import { basename, extname } from 'node:path';
import { HOTLINE_COLUMNS, HOTLINE_HEADERS, hotlineColumnOf, type HotlineImportResult } from '@govperf/contracts';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { fileProgress } from '../io/progress';
import { readCsv } from '../io/read-csv';
import { readXlsx } from '../io/read-xlsx';
import { withServices } from '../io/services';

export interface HotlineImportOptions {
  source?: string | undefined;
  format: OutputFormat;
}

/** Columns a hotline file must have (under any of their names). */
const REQUIRED = ['ticketId', 'calledAt', 'content', 'orgUnit'] as const;

function checkHeader(file: string, headers: string[]): void {
  const present = new Set(headers.map(hotlineColumnOf));
  const missing = REQUIRED.filter((c) => !present.has(c));
  if (missing.length) {
    throw new CliError(`${file}: line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `${HOTLINE_COLUMNS[c][0]} (${HOTLINE_COLUMNS[c].slice(1).join(' / ')})`).join(', ')}`);
  }
}

export async function hotlineImportCommand(file: string, options: HotlineImportOptions): Promise<string> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') throw new CliError(`${file}: expected a .csv or .xlsx file`);
  const progress = await fileProgress(file, `导入 12345 热线 importing hotline records`);

  async function* rows(): AsyncGenerator<{ record: Record<string, unknown>; line: number }> {
    const source = extension === '.csv' ? readCsv(file, { required: [], optional: HOTLINE_HEADERS }) : readXlsx(file, HOTLINE_HEADERS);
    let first = true;
    for await (const row of source) {
      if (first) checkHeader(file, Object.keys(row.record));
      first = false;
      if ('bytes' in row) progress.update(row.bytes as number);
      yield { record: row.record, line: row.line };
    }
  }

  let result: HotlineImportResult;
  try {
    result = await withServices((services) => services.hotline.importRows(operator, rows(), { source: options.source ?? basename(file), fileName: basename(file) }));
  } finally {
    progress.stop();
  }
  return render(result, options.format, () => ({
    head: ['row 行', 'field 字段', 'reason 原因'],
    rows: result.rejected.slice(0, 200).map((r) => [r.row, r.field, r.reason]),
    notes: [
      `${file} → 12345 热线 hotline: accepted 接收 ${result.accepted}, duplicates 重复 ${result.duplicates}, rejected 拒收 ${new Set(result.rejected.map((r) => r.row)).size} (batch ${result.batchId})`,
      ...(result.rejected.length > 200 ? [`… ${result.rejected.length - 200} more; see govperf rejected --batch ${result.batchId}`] : []),
      '已接收的记录在作业队列中处理；立即处理：govperf feedback process  Accepted rows are processed by the job queue; to process now: govperf feedback process',
    ],
  }));
}
