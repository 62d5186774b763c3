// POST /api/feedback/hotline-imports (issue 6 §1; docs/feedback-loop.md §9): a 12345-hotline
// export uploaded from the console — multipart/form-data (field `file`), or the file itself as the
// body with its content type (text/csv, or the XLSX type) — or, for machines, a JSON body of rows
// keyed by header. Each valid row becomes a feedback submission through the intake's own path
// (idempotent by 工单编号); rows whose unit lies outside the caller's subtree are rejected with a
// reason, like any other invalid row. Permission feedback.manage; files above HOTLINE_UPLOAD_LIMIT_MB
// are refused with 413 naming the limit.
import { z } from '@hono/zod-openapi';
import { AppError, HotlineImportResultSchema } from '@govperf/contracts';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { asComponent } from '../schema';
import { json, requireServices } from './shared';

/** The largest upload taken (a year of one city's hotline records is well below it). */
export const HOTLINE_UPLOAD_LIMIT_MB = 5;
const LIMIT_BYTES = HOTLINE_UPLOAD_LIMIT_MB * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_JSON_ROWS = 20_000;

const Result = asComponent('HotlineImportResult', HotlineImportResultSchema);
const JsonRows = z
  .object({
    fileName: z.string().max(200, 'fileName is longer than 200 characters').optional(),
    rows: z.array(z.record(z.string(), z.unknown())).max(MAX_JSON_ROWS, `rows: at most ${MAX_JSON_ROWS} rows per request`),
  })
  .openapi('HotlineImportRows');

const route = guardedRoute(permission('feedback.manage'), {
  method: 'post', path: '/feedback/hotline-imports', tags: ['feedback'], summary: '12345 热线工单导入 / Import a 12345-hotline export',
  description:
    `上传 CSV（UTF-8）或 XLSX（第一个工作表），表头为 工单编号、来电时间、诉求类型、诉求内容、所属区县(行政区划代码)、联系人、联系电话、事项编码 或其英文别名；按工单编号幂等；不在您管辖范围内的区县整行拒收。/ ` +
    `Upload a CSV (UTF-8) or XLSX (first worksheet) file as multipart/form-data (field \`file\`) or as the body with its content type (text/csv or ${XLSX_TYPE}); or send { rows: [...] } as JSON. ` +
    `Idempotent by 工单编号 (re-imports count as duplicates); rows for units outside your area are rejected with the reason. At most ${HOTLINE_UPLOAD_LIMIT_MB} MB (413 otherwise).`,
  request: {
    body: {
      content: {
        'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary', description: 'the .csv or .xlsx file' }) }) },
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string() },
        'application/json': { schema: JsonRows },
      },
      // Not `required`: the validator would then try to parse each kind; the handler reads the body itself.
      required: false,
    },
  },
  responses: { 200: json(Result, 'accepted, duplicates and the rejected rows (row, field, reason)'), ...errorResponses(400, 401, 403, 413, 415, 503) },
});

const tooLarge = (bytes: number) =>
  new AppError('payload_too_large', {
    message: { zh: `上传文件超过 ${HOTLINE_UPLOAD_LIMIT_MB} MB 的上限（${(bytes / 1024 / 1024).toFixed(1)} MB）`, en: `the uploaded file exceeds the limit of ${HOTLINE_UPLOAD_LIMIT_MB} MB (${(bytes / 1024 / 1024).toFixed(1)} MB)` },
    details: { limitMb: HOTLINE_UPLOAD_LIMIT_MB },
  });
const unsupported = () =>
  new AppError('unsupported_media_type', {
    message: { zh: '请上传 .csv 或 .xlsx 文件（multipart/form-data、text/csv 或 XLSX 类型），或以 JSON 提交 rows', en: 'upload a .csv or .xlsx file (multipart/form-data, text/csv or the XLSX type), or send rows as JSON' },
  });

function formatOf(contentType: string, name: string | undefined): 'csv' | 'xlsx' | undefined {
  const lowerName = name?.toLowerCase() ?? '';
  if (contentType.startsWith(XLSX_TYPE) || lowerName.endsWith('.xlsx')) return 'xlsx';
  if (contentType.startsWith('text/csv') || contentType.startsWith('application/csv') || lowerName.endsWith('.csv')) return 'csv';
  return undefined;
}

export const hotlineImportRoutes: RouteModule = (deps) =>
  createRouter().openapi(route, async (c) => {
    const svc = requireServices(deps);
    const actor = actorOf(c);
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > LIMIT_BYTES) throw tooLarge(declared);
    const contentType = (c.req.header('content-type') ?? '').toLowerCase();
    if (contentType.startsWith('application/json')) {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch (error) {
        throw new AppError('bad_request', { message: { zh: '请求体不是合法的 JSON', en: `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` } });
      }
      const parsed = JsonRows.safeParse(body);
      if (!parsed.success) throw new AppError('validation_failed', { details: parsed.error.issues.map((i) => ({ in: 'body' as const, path: i.path.map(String), message: i.message })) });
      const rows = parsed.data.rows.map((record, i) => ({ record, line: i + 2 }));
      return c.json(await svc.hotline.importFile(actor, { rows, name: parsed.data.fileName ?? 'api' }), 200);
    }
    let bytes: Uint8Array;
    let name: string | undefined;
    let format: 'csv' | 'xlsx' | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      let form: FormData;
      try {
        // The validator has parsed (and cached) the form already; this is not a second read.
        form = await c.req.formData();
      } catch {
        throw new AppError('bad_request', { message: { zh: '无法读取上传的表单', en: 'the multipart form could not be read' } });
      }
      const file = form.get('file');
      if (!file || typeof file === 'string') throw new AppError('validation_failed', { message: { zh: 'file：请选择要上传的文件', en: 'file: choose a file to upload' }, details: [{ in: 'body', path: ['file'], message: 'a file is required' }] });
      name = file.name;
      bytes = new Uint8Array(await file.arrayBuffer());
      format = formatOf((file.type || '').toLowerCase(), name);
    } else {
      name = c.req.query('fileName') ?? undefined;
      format = formatOf(contentType, undefined);
      if (!format) throw unsupported();
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    if (bytes.byteLength > LIMIT_BYTES) throw tooLarge(bytes.byteLength);
    if (!format) throw unsupported();
    return c.json(await svc.hotline.importFile(actor, { bytes, format, name }), 200);
  });
