// The audit trail for auditors: browse it, verify the hash chain, and export it with its head
// digest (NDJSON, streamed; the export is itself an audited event).
import { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { actorOf, guardedRoute, permission } from '../access';
import { createRouter, type RouteModule } from '../env';
import { errorResponses } from '../errors';
import { json, requireServices } from './shared';

const Entry = z
  .object({
    seq: z.string(),
    at: z.string(),
    actor: z.string(),
    actorKind: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    orgUnit: z.string().nullable(),
    clientIp: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const list = guardedRoute(permission('audit.read'), {
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: '审计日志 / Audit entries in your area, newest first',
  request: {
    query: z.object({
      action: z.string().optional().describe("exact, or a prefix like 'auth.*'"),
      actor: z.string().optional(),
      entityType: z.string().optional(),
      entityId: z.string().optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      beforeSeq: z.string().regex(/^[1-9]\d*$/).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: { 200: json(z.object({ entries: z.array(Entry) }), 'Entries'), ...errorResponses(400, 401, 403, 503) },
});

const verify = guardedRoute(permission('audit.read'), {
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  summary: '校验审计链 / Verify the hash chain',
  responses: { 200: json(z.unknown(), '{ ok, entries, head } or { ok: false, firstBroken: { seq, action, at, reason } }'), ...errorResponses(401, 403, 503) },
});

const exportRoute = guardedRoute(permission('audit.export'), {
  method: 'get',
  path: '/audit/export',
  tags: ['audit'],
  summary: '导出审计链 / Export the chain with its head digest',
  description: 'NDJSON：每行一条，最后一行 {"head": {"seq", "hash"}, "entries": n} / One entry per line, then the head digest.',
  responses: { 200: { description: 'NDJSON', content: { 'application/x-ndjson': { schema: z.string() } } }, ...errorResponses(401, 403, 503) },
});

export const auditRoutes: RouteModule = (deps) =>
  createRouter()
    .openapi(list, async (c) => c.json({ entries: await requireServices(deps).audit.list(actorOf(c), c.req.valid('query')) }, 200))
    .openapi(verify, async (c) => c.json(await requireServices(deps).audit.verify(actorOf(c)), 200))
    .openapi(exportRoute, async (c) => {
      const { head, entries } = await requireServices(deps).audit.export(actorOf(c));
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="govperf-audit.ndjson"');
      return stream(c, async (out) => {
        let count = 0;
        for await (const entry of entries) {
          // Entries appended after the head was read (the export's own entry among them) belong to the next export.
          if (head && BigInt(entry.seq) > BigInt(head.seq)) break;
          await out.write(`${JSON.stringify(entry)}\n`);
          count++;
        }
        await out.write(`${JSON.stringify({ head: head ? { seq: head.seq, hash: head.hash } : null, entries: count })}\n`);
      }) as never;
    });
