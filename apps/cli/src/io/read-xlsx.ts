// Streams the first worksheet of an .xlsx file as rows of strings keyed by the header row, the
// way a CSV file is read, so both go through the same CSV schemas.
import ExcelJS from 'exceljs';
import { CliError } from '../errors';
import { assertReadable } from './read-csv';

export interface SheetRow {
  /** The row number in the sheet (the header is row 1). */
  line: number;
  record: Record<string, string>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel stores wall-clock time: keep it naive, so the schema reads it as Beijing time. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const d = value;
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value);
}

export async function* readXlsx(file: string, allowed: readonly string[]): AsyncGenerator<SheetRow> {
  await assertReadable(file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  let header: string[] | undefined;
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!header) {
          header = values.map((v) => v.trim());
          const unknown = header.filter((h) => h && !allowed.includes(h));
          if (unknown.length) throw new CliError(`${file}: row 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
          continue;
        }
        if (values.every((v) => v.trim() === '')) continue;
        const record: Record<string, string> = {};
        header.forEach((h, i) => {
          if (h) record[h] = values[i] ?? '';
        });
        yield { line: row.number, record };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError({ zh: `${file}：不是可读取的 .xlsx 工作簿（${reason}）`, en: `${file}: not a readable .xlsx workbook (${reason})` });
  }
}
