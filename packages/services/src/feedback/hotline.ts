// 12345-hotline records and service-hall forms (issue 6 §1; docs/feedback-loop.md §9): both become
// feedback submissions through the public intake's own store-then-process path (submitFeedback:
// the submission, its work order and the feedback.process job in one transaction), so they are
// processed, routed, timed and tracked like every other item. The channel shows in the stored
// payload: appId `hotline-12345` / `service-hall`, context.device and context.pagePath.
//
// Hotline import: rows are validated (header aliases zh/en, 来电时间 as Beijing time, the intake's
// length limits, the division code must exist and lie in the caller's subtree) and taken in
// chunks; the 工单编号 is the idempotency key (submissionId `hl-<工单编号>`, hashed when it has other
// characters), so a re-import creates nothing and reports duplicates. Rejected rows are kept in
// rejected_records (fact type `hotline`, one ingestion_batches row per import), phone and name
// encrypted, where `govperf rejected --batch` and GET /api/ingest/rejected find them.
import { createHash, randomUUID } from 'node:crypto';
import {
  AppError, HallFormSchema, HOTLINE_CATEGORY_KINDS, HOTLINE_COLUMNS, HotlineRowSchema, hotlineColumnOf, hotlineHeaderOf,
  type FeedbackSubmission, type HallFormReceipt, type HotlineImportResult, type HotlineRow,
} from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { requireWithinArea, type Actor } from '../identity/actor';
import type { FieldCipher } from '../privacy/cipher';
import { parseInput } from '../validation';
import { submitFeedback, submitRating } from './intake';

export const HOTLINE_APP_ID = 'hotline-12345';
export const HALL_APP_ID = 'service-hall';
export const HOTLINE_FACT_TYPE = 'hotline';
const CHUNK = 200;
const MAX_REPORTED = 1000;
const MAX_RECEIPTS = 1000;

/** One input row: its cells by header, and optionally the file line (or sheet row) it came from. */
export interface HotlineInputRow {
  record: Record<string, unknown>;
  /** The row number to report (header = 1); defaults to the data row's position + 1. */
  line?: number;
}

export interface HotlineImportOptions {
  source?: string;
  fileName?: string;
  now?: Date;
  onProgress?: (rows: number) => void;
}

const safeId = (prefix: string, key: string) => (/^[A-Za-z0-9_-]{1,60}$/.test(key) ? `${prefix}-${key}` : `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`);
const clientOf = (prefix: string, key: string) => `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

/** A file's cells keyed by canonical column; unknown headers are reported, blank ones ignored. */
export function hotlineRecord(cells: Record<string, unknown>): { record: Record<string, unknown>; unknown: string[] } {
  const record: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [header, value] of Object.entries(cells)) {
    if (header.trim() === '') continue;
    const column = hotlineColumnOf(header);
    if (!column) unknown.push(header);
    else if (record[column] === undefined || record[column] === '') record[column] = typeof value === 'string' ? value : value === null || value === undefined ? undefined : String(value);
  }
  return { record, unknown };
}

/** Columns a hotline file must have (under any of their names). */
const REQUIRED_COLUMNS = ['ticketId', 'calledAt', 'content', 'orgUnit'] as const;

const badFile = (zh: string, en: string) => new AppError('validation_failed', { message: { zh: `file：${zh}`, en: `file: ${en}` }, details: [{ in: 'body', path: ['file'], message: en }] });

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, a leading BOM) as rows of cells with their line. */
function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else if (ch === '\r' && src[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') { cells.push(cell); rows.push({ line: start, cells }); cells = []; cell = ''; line++; start = line; }
    else cell += ch;
  }
  if (quoted) throw badFile(`第 ${start} 行的引号未闭合`, `line ${start}: a quoted field is not closed`);
  if (cell !== '' || cells.length) { cells.push(cell); rows.push({ line: start, cells }); }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** Excel stores wall-clock time: kept naive, so the schema reads it as Beijing time. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())} ${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}:${pad2(value.getUTCSeconds())}`;
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value);
}

async function xlsxRows(bytes: Uint8Array): Promise<{ line: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as never);
  } catch (error) {
    throw badFile('不是可读取的 .xlsx 工作簿', `not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badFile('工作簿没有工作表', 'the workbook has no worksheet');
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow((row) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: row.number, cells });
  });
  return rows;
}

/**
 * An uploaded hotline file (CSV, UTF-8, or the first worksheet of an XLSX workbook) as input rows
 * keyed by its header row; a file without the required columns is refused as a whole (field `file`).
 */
export async function hotlineRowsFromFile(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<HotlineInputRow[]> {
  const rows = format === 'csv' ? csvRows(new TextDecoder('utf-8').decode(bytes)) : await xlsxRows(bytes);
  const [head, ...data] = rows;
  if (!head) throw badFile('文件为空', 'the file is empty');
  const header = head.cells.map((h) => h.trim());
  const present = new Set(header.map(hotlineColumnOf));
  const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c));
  if (missing.length) throw badFile(`缺少列 ${missing.map((c) => HOTLINE_COLUMNS[c][0]).join('、')}`, `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `${HOTLINE_COLUMNS[c][0]} (${HOTLINE_COLUMNS[c].slice(1).join(' / ')})`).join(', ')}`);
  return data.map((r) => {
    const record: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h) record[h] = r.cells[i] ?? '';
    });
    return { record, line: r.line };
  });
}

/** The feedback submission a hotline record becomes (before the contact is sealed by the intake). */
export function hotlineSubmission(row: HotlineRow): FeedbackSubmission {
  const kind = row.category ? HOTLINE_CATEGORY_KINDS[row.category] : undefined;
  return {
    clientId: clientOf('hl', row.ticketId),
    submissionId: safeId('hl', row.ticketId),
    text: row.content,
    ...(kind ? { kind } : {}),
    orgUnit: row.orgUnit,
    appId: HOTLINE_APP_ID,
    ...(row.itemCode ? { itemCode: row.itemCode } : {}),
    context: { occurredAt: row.calledAt, pagePath: `12345/${row.ticketId}`.slice(0, 500), device: `12345热线 hotline${row.category ? ` · ${row.category}` : ''}`.slice(0, 200), appVersion: 'hotline-import', locale: 'zh-CN' },
    ...(row.phone ? { contact: { ...(row.contactName ? { name: row.contactName } : {}), phone: row.phone } } : {}),
  };
}

function sealRejected(record: Record<string, unknown>, cipher: FieldCipher | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = { ...record, org_unit: typeof record.orgUnit === 'string' ? record.orgUnit.trim() : null };
  for (const key of ['contactName', 'phone']) {
    const value = kept[key];
    if (typeof value !== 'string' || value === '') continue;
    if (cipher) kept[key] = cipher.encrypt(value);
    else delete kept[key];
  }
  return kept;
}

/**
 * Imports hotline records for `actor` (scoped to its subtree): each valid row becomes a feedback
 * submission; returns accepted, duplicates and the rejected rows with their row, field and reason.
 */
export async function importHotline(
  db: Kysely<DB>,
  cipher: FieldCipher | undefined,
  actor: Actor,
  rows: AsyncIterable<HotlineInputRow> | Iterable<HotlineInputRow>,
  options: HotlineImportOptions = {},
): Promise<HotlineImportResult> {
  const batchId = `batch_${randomUUID()}`;
  const source = options.source ?? HOTLINE_APP_ID;
  await db.insertInto('ingestion_batches').values({ id: batchId, fact_type: HOTLINE_FACT_TYPE, channel: 'file', source, file_name: options.fileName ?? null }).execute();
  const result: HotlineImportResult = { batchId, accepted: 0, duplicates: 0, rejected: [], receipts: [] };
  let rejectedRecords = 0;
  const pending: { line: number; raw: Record<string, unknown>; ticket: string | null; errors: { field: string; reason: string }[] }[] = [];
  const reject = (line: number, raw: Record<string, unknown>, errors: { field: string; reason: string }[]) => {
    const ticket = typeof raw.ticketId === 'string' && raw.ticketId.trim() ? raw.ticketId.trim() : null;
    pending.push({ line, raw: sealRejected(raw, cipher), ticket, errors });
    rejectedRecords++;
    for (const e of errors) if (result.rejected.length < MAX_REPORTED) result.rejected.push({ row: line, ...e });
  };

  const flush = async (chunk: { line: number; raw: Record<string, unknown>; row: HotlineRow }[]) => {
    // The chunk's division codes: they must exist and lie in the caller's subtree.
    const codes = [...new Set(chunk.map((c) => c.row.orgUnit))];
    const known = new Set(codes.length ? (await db.selectFrom('org_units').select('code').where('code', 'in', codes).execute()).map((r) => r.code) : []);
    const inside =
      actor.area === '*'
        ? known
        : new Set(codes.length ? (await db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area).where('descendant_code', 'in', codes).execute()).map((r) => r.descendant_code) : []);
    const field = hotlineHeaderOf('orgUnit');
    for (const c of chunk) {
      if (!known.has(c.row.orgUnit)) {
        reject(c.line, c.raw, [{ field, reason: `${c.row.orgUnit} is not a known administrative division code (未知的行政区划代码)` }]);
        continue;
      }
      if (!inside.has(c.row.orgUnit)) {
        reject(c.line, c.raw, [{ field, reason: `${c.row.orgUnit} is outside your area ${actor.area} (不在您的管辖范围内)` }]);
        continue;
      }
      if (c.row.phone && !cipher) {
        reject(c.line, c.raw, [{ field: hotlineHeaderOf('phone'), reason: 'this server has no data key and cannot store contact details (未配置数据密钥，不能保存联系方式)' }]);
        continue;
      }
      const receipt = await submitFeedback(db, hotlineSubmission(c.row), { cipher, ...(options.now ? { now: options.now } : {}) });
      if (receipt.duplicate) result.duplicates++;
      else {
        result.accepted++;
        if (result.receipts.length < MAX_RECEIPTS) result.receipts.push({ ticketId: c.row.ticketId, trackingCode: receipt.trackingCode });
      }
    }
    if (pending.length) {
      await db
        .insertInto('rejected_records')
        .values(pending.map((r) => ({ batch_id: batchId, fact_type: HOTLINE_FACT_TYPE, source, source_id: r.ticket, record_index: r.line, payload: JSON.stringify(r.raw), errors: JSON.stringify(r.errors) })))
        .execute();
      pending.length = 0;
    }
  };

  let chunk: { line: number; raw: Record<string, unknown>; row: HotlineRow }[] = [];
  let index = 0;
  for await (const input of rows) {
    index++;
    const line = input.line ?? index + 1;
    const { record, unknown } = hotlineRecord(input.record);
    if (unknown.length) {
      reject(line, record, unknown.map((h) => ({ field: h, reason: 'unknown column (未知的列)' })));
    } else {
      const parsed = HotlineRowSchema.safeParse(record);
      if (parsed.success) chunk.push({ line, raw: record, row: parsed.data });
      else reject(line, record, parsed.error.issues.map((i) => ({ field: i.path.length ? hotlineHeaderOf(String(i.path[0])) : '(record)', reason: i.message })));
    }
    if (chunk.length >= CHUNK || pending.length >= CHUNK) {
      await flush(chunk);
      chunk = [];
      options.onProgress?.(index);
    }
  }
  await flush(chunk);
  options.onProgress?.(index);
  await db.updateTable('ingestion_batches').set({ accepted: result.accepted, duplicates: result.duplicates, rejected: rejectedRecords, finished_at: new Date() }).where('id', '=', batchId).execute();
  return result;
}

/**
 * A service-hall form entered by staff: stored and processed like a public submission (and its
 * rating, when given, like a public offline rating); answers the tracking code for the citizen.
 */
export async function submitHallForm(db: Kysely<DB>, cipher: FieldCipher | undefined, actor: Actor, input: unknown, now = new Date()): Promise<HallFormReceipt> {
  const form = parseInput(HallFormSchema, input);
  await requireWithinArea(db, actor, form.orgUnit, 'orgUnit');
  if (form.itemCode) {
    const item = await db.selectFrom('service_items').select('org_unit_code').where('code', '=', form.itemCode).executeTakeFirst();
    if (!item) throw new AppError('validation_failed', { message: { zh: `itemCode：未知的事项编码 ${form.itemCode}`, en: `itemCode: unknown service item ${form.itemCode}` }, details: [{ in: 'body', path: ['itemCode'], message: 'unknown service item' }] });
  }
  const formId = form.formId ?? `hf-${randomUUID()}`;
  if (form.rating?.caseId) {
    // Checked before anything is stored, so a refused rating leaves no half-entered form behind.
    const taken = await db.selectFrom('feedback_submissions').select('submission_id').where('case_id', '=', form.rating.caseId).where('stage', '=', 'completion').executeTakeFirst();
    if (taken && taken.submission_id !== safeId('hallr', formId)) {
      throw new AppError('conflict', {
        message: { zh: '该办件在办结阶段已评价过：每个办件每个阶段只能评价一次', en: 'this case has already been rated at completion: one rating per case and stage' },
        details: { reason: 'already_rated', caseId: form.rating.caseId, stage: 'completion' },
      });
    }
  }
  const submission: FeedbackSubmission = {
    clientId: clientOf('hall', formId),
    submissionId: safeId('hall', formId),
    text: form.text,
    ...(form.kind ? { kind: form.kind } : {}),
    orgUnit: form.orgUnit,
    appId: HALL_APP_ID,
    ...(form.itemCode ? { itemCode: form.itemCode } : {}),
    context: { occurredAt: now.toISOString(), pagePath: `hall/${form.window ?? ''}`.slice(0, 500), device: `服务大厅代录 service hall (${actor.id})`.slice(0, 200), appVersion: 'hall-form', locale: 'zh-CN' },
    ...(form.contact ? { contact: form.contact } : {}),
  };
  const receipt = await submitFeedback(db, submission, { cipher, now });
  let ratingTrackingCode: string | undefined;
  if (form.rating) {
    const rating = await submitRating(
      db,
      {
        clientId: submission.clientId, submissionId: safeId('hallr', formId), caseId: form.rating.caseId ?? `hall-${formId}`.slice(0, 64), stage: 'completion', channel: 'offline',
        level: form.rating.level, dimensions: form.rating.dimensions, ...(form.contact ? { contact: form.contact } : {}),
      },
      // Without a case id the rating is about the hall itself: its unit (checked above) and item.
      { cipher, now, ...(form.rating.caseId ? {} : { attribution: { orgUnit: form.orgUnit, itemCode: form.itemCode } }) },
    );
    ratingTrackingCode = rating.trackingCode;
  }
  return { trackingCode: receipt.trackingCode, status: receipt.status, duplicate: receipt.duplicate, formId, ...(ratingTrackingCode ? { ratingTrackingCode } : {}) };
}
