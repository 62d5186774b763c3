// govperf import TYPE FILE: streams a CSV or XLSX file into the configured database through the
// same ingestion rules as the HTTP API, with a progress bar, and answers the same way:
// { accepted, duplicates, rejected: [{ index, line, field, reason }] }. Re-running a file is safe.
import { basename, extname } from 'node:path';
import { FACT_TYPES, isFactTypeName } from '@govperf/contracts';
import type { IngestResult } from '@govperf/services';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { withServices } from '../io/services';
import { render, type OutputFormat } from '../io/output';
import { fileProgress } from '../io/progress';
import { readCsv } from '../io/read-csv';
import { readXlsx } from '../io/read-xlsx';

export interface ImportOptions {
  source?: string | undefined;
  format: OutputFormat;
}

/**
 * File line of each record, kept sparsely: only where a record spanning several lines shifts
 * the numbering, so memory stays flat however long the file is.
 */
class LineMap {
  private readonly breaks: { index: number; offset: number }[] = [];
  private offset = 2;
  record(index: number, line: number): void {
    if (line !== index + this.offset) {
      this.offset = line - index;
      this.breaks.push({ index, offset: this.offset });
    }
  }
  lineOf(index: number): number {
    let offset = 2;
    for (const b of this.breaks) {
      if (b.index > index) break;
      offset = b.offset;
    }
    return index + offset;
  }
}

export async function importCommand(type: string, file: string, options: ImportOptions): Promise<string> {
  if (!isFactTypeName(type)) {
    const types = Object.keys(FACT_TYPES).join(', ');
    throw new CliError({ zh: `未知的数据类型 "${type}"（可用类型：${types}）`, en: `unknown type "${type}" (types: ${types})` });
  }
  const columns = FACT_TYPES[type].columns;
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') throw new CliError({ zh: `${file}：应为 .csv 或 .xlsx 文件`, en: `${file}: expected a .csv or .xlsx file` });
  const lines = new LineMap();
  const progress = await fileProgress(file, `导入 importing ${type}`);

  async function* records(): AsyncGenerator<Record<string, string>> {
    let index = 0;
    const rows = extension === '.csv' ? readCsv(file, { required: [], optional: columns }) : readXlsx(file, columns);
    for await (const row of rows) {
      lines.record(index++, row.line);
      if ('bytes' in row) progress.update(row.bytes as number);
      yield row.record;
    }
  }

  let result: IngestResult;
  try {
    result = await withServices((services) => services.ingestion.ingest(operator, { type, source: options.source ?? basename(file), channel: 'file', format: 'csv', fileName: basename(file) }, records()));
  } finally {
    progress.stop();
  }
  const rejected = result.rejected.map((r) => ({ index: r.index, line: lines.lineOf(r.index), field: r.field, reason: r.reason }));
  const json = { ...result, rejected };
  return render(json, options.format, () => ({
    head: ['line 行', 'field 字段', 'reason 原因'],
    rows: rejected.slice(0, 200).map((r) => [r.line, r.field, r.reason]),
    notes: [
      `${file} → ${type}: accepted 接收 ${result.accepted}, duplicates 重复 ${result.duplicates}, rejected 拒收 ${result.rejectedRecords}${result.qualityRejected ? `, failed quality checks 未通过质量校验 ${result.qualityRejected}` : ''} (batch ${result.batchId})`,
      ...(result.rejectedRecords > 200 ? [`… ${result.rejectedRecords - 200} more; see govperf rejected --batch ${result.batchId}`] : []),
    ],
  }));
}
