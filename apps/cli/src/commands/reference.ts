// govperf reference import FILE --system CODE: reference values such as the national average
// (全国平均) from a CSV (header indicator,period,reference,label_zh,label_en,value,source; reference
// optional, default national-average) or a JSON file (an array of such objects, or { "rows": [...] }).
// Rows are checked one by one; rejected rows come back with their line, field and reason; the same
// file again changes nothing (docs/data-model.md, reference values).
import { extname } from 'node:path';
import { REFERENCE_COLUMNS, type ReferenceImportResult, type ReferenceImportRow } from '@govperf/services';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { readCsv } from '../io/read-csv';
import { readJsonFile } from '../io/read-json';
import { withServices } from '../io/services';

export interface ReferenceImportOptions {
  system: string;
  format: OutputFormat;
}

const REQUIRED = REFERENCE_COLUMNS.filter((c) => c !== 'reference');

async function rowsOf(file: string): Promise<ReferenceImportRow[]> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') {
    const rows: ReferenceImportRow[] = [];
    for await (const row of readCsv(file, { required: REQUIRED, optional: ['reference'] })) rows.push({ record: row.record, line: row.line });
    return rows;
  }
  if (extension === '.json') {
    const json = await readJsonFile(file);
    const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { rows?: unknown }).rows) ? (json as { rows: unknown[] }).rows : null;
    if (!list) throw new CliError({ zh: `${file}：应为参照值数组或 {"rows": [...]}`, en: `${file}: expected an array of reference values or {"rows": [...]}` });
    // JSON rows are numbered from 1 (the array index + 1).
    return list.map((record, i) => ({ record: record && typeof record === 'object' ? (record as Record<string, unknown>) : {}, line: i + 1 }));
  }
  throw new CliError({ zh: `${file}：应为 .csv 或 .json 文件`, en: `${file}: expected a .csv or .json file` });
}

export async function referenceImportCommand(file: string, options: ReferenceImportOptions): Promise<string> {
  const rows = await rowsOf(file);
  const result: ReferenceImportResult = await withServices((services) => services.referenceValues.import(operator, options.system, rows));
  return render(result, options.format, () => ({
    head: ['row 行', 'field 字段', 'reason 原因'],
    rows: result.rejected.map((r) => [r.row, r.field, r.reason]),
    notes: [
      `${file} → ${result.system} 参照值 reference values: accepted 接收 ${result.accepted} (new 新增 ${result.created}, updated 更新 ${result.updated}, unchanged 未变 ${result.unchanged}), rejected 拒收 ${new Set(result.rejected.map((r) => r.row)).size}`,
    ],
  }));
}
