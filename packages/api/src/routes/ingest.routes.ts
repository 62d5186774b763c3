// POST /api/ingest/{type}: batch ingestion for machines, authenticated by an API token. A JSON
// array (held to the body limit) or NDJSON (streamed, one record per line, for large batches).
// The answer is always { accepted, duplicates, rejected: [{ index, field, reason }] }.
import { z } from '@hono/zod-openapi';
import { AppError, FACT_TYPE_NAMES } from '@govperf/contracts';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { actorOf, guardedRoute, permission } from '../access';
import { requireServices } from './shared';
import { ndjsonRecords } from './ndjson';

const IngestResultSchema = z
  .object({
    batchId: z.string(),
    accepted: z.number().int().describe('records stored (new or changed) / 已接收'),
    duplicates: z.number().int().describe('records already stored with the same content / 重复'),
    qualityRejected: z.number().int().describe('stored, but failing the arrival quality checks: never scored / 未通过质量校验（保留但不计分）'),
    rejected: z.array(z.object({ index: z.number().int(), field: z.string(), reason: z.string() })).describe('problems, first 1,000 / 拒收原因'),
    rejectedRecords: z.number().int().describe('records rejected, all kept for inspection / 拒收记录数'),
  })
  .openapi('IngestResult');

const route = guardedRoute(permission('ingest.write'), {
  method: 'post',
  path: '/ingest/{type}',
  tags: ['ingestion'],
  summary: '批量数据接入 / Batch ingestion',
  description:
    '以 JSON 数组或 NDJSON（每行一条，适合大批量）提交一类数据；按 source + source_id 幂等，重复发送是安全的。/ Send one fact type as a JSON array or as NDJSON (one record per line, for large batches); idempotent by source + source_id, so re-sending is safe. Authorization: Bearer <API token>.',
  request: {
    params: z.object({ type: z.enum(FACT_TYPE_NAMES as [string, ...string[]]).openapi({ param: { name: 'type', in: 'path' } }) }),
    query: z.object({ source: z.string().min(1).max(100).optional().describe('the sending system (default: the token name) / 来源系统') }),
    body: {
      content: {
        'application/json': { schema: z.array(z.unknown(), { error: 'expected a JSON array of records' }) },
        'application/x-ndjson': { schema: z.string().describe('one JSON record per line') },
      },
      // Not `required`: the validator would then parse NDJSON as JSON. The handler insists on a body.
      required: false,
    },
  },
  responses: {
    200: { description: '处理结果 / Outcome', content: { 'application/json': { schema: IngestResultSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 503),
  },
});

export const ingestRoutes: RouteModule = (deps) =>
  createRouter().openapi(
    route,
    async (c) => {
      const svc = requireServices(deps);
      const actor = actorOf(c);
      const type = c.req.param('type');
      const contentType = (c.req.header('content-type') ?? '').toLowerCase();
      let records: AsyncIterable<unknown> | Iterable<unknown>;
      if (contentType.startsWith('application/x-ndjson')) {
        records = ndjsonRecords(c.req.raw.body);
      } else if (contentType.startsWith('application/json')) {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch (error) {
          throw new AppError('bad_request', { message: { zh: '请求体不是合法的 JSON', en: `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` } });
        }
        if (!Array.isArray(body)) throw new AppError('validation_failed', { details: [{ in: 'body', path: [], message: 'expected a JSON array of records' }] });
        records = body;
      } else {
        throw new AppError('unsupported_media_type', { message: { zh: '请使用 application/json 或 application/x-ndjson', en: 'use application/json or application/x-ndjson' } });
      }
      const result = await svc.ingestion.ingest(actor, { type, source: c.req.query('source') ?? actor.displayName, channel: 'http', format: 'json' }, records);
      return c.json(result, 200);
    },
  );
