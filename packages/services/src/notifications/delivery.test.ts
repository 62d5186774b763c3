// Notification delivery against a REAL local HTTP gateway (node:http): a 503 then a 200 (retried
// after the backoff, the same Idempotency-Key, a valid HMAC signature of the exact body), a 400
// (dead-lettered at once; listed for staff of the unit only; queued again by a retry), a gateway
// that keeps failing (dead-lettered after the attempts), a refused connection and a timeout
// (retried); the log channel masks personal data.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { verifyAuditChain } from '../audit/chain';
import { queueNotification } from '../feedback/history';
import { systemActor, userActor } from '../identity/actor';
import type { OutgoingNotification } from './channel';
import { deliverDueNotifications, deliveryBackoffMs, listNotifications, retryNotification } from './delivery';
import { createLogChannel } from './log-channel';
import { createWebhookChannel, SIGNATURE_HEADER } from './webhook-channel';

const SECRET = 'gateway-shared-secret-2026';
const T0 = new Date('2026-11-22T08:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const westLake = userActor({ username: 'xh-mgr', display_name: '西湖区', role: 'evaluator', org_unit_code: '330106', department_code: null }, null);
const ningbo = userActor({ username: 'nb-mgr', display_name: '宁波市', role: 'evaluator', org_unit_code: '330200', department_code: null }, null);

interface Seen {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A gateway whose answers are scripted per request (then 200), recording what it received. */
async function gateway(): Promise<{ url: string; seen: Seen[]; script: number[]; delayMs: { value: number }; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const script: number[] = [];
  const delayMs = { value: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const status = script.shift() ?? 200;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { accepted: true } : { error: `scripted ${status}` }));
      }, delayMs.value);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`, seen, script, delayMs,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const verify = (s: Seen) => s.headers[SIGNATURE_HEADER] === `sha256=${createHmac('sha256', SECRET).update(s.body).digest('hex')}`;

describe('delivery backoff', () => {
  it('doubles from 30 s with equal jitter, capped at 6 h', () => {
    expect([1, 2, 3].map((a) => deliveryBackoffMs(a, () => 0))).toEqual([15_000, 30_000, 60_000]);
    expect([1, 2, 3].map((a) => deliveryBackoffMs(a, () => 1))).toEqual([30_000, 60_000, 120_000]);
    expect(deliveryBackoffMs(30, () => 1)).toBe(6 * 3600_000);
  });
});

describe('the log channel', () => {
  it('writes the notification to the log, masking contact data that slipped into the text', async () => {
    const lines: string[] = [];
    const channel = createLogChannel((message) => lines.push(message));
    const n: OutgoingNotification = {
      id: '1', idempotencyKey: 'ntf_x', kind: 'callback.done', recipient: 'submitter', to: { trackingCode: 'AB12CD34', orgUnit: '330106' }, itemId: null,
      message: { zh: '已回访，请拨打 13912345678 咨询', en: 'followed up; call 13912345678' }, createdAt: T0.toISOString(), attempt: 1,
    };
    expect(await channel.send(n)).toEqual({ status: 'delivered' });
    expect(lines[0]).toContain('AB12CD34');
    expect(lines[0]).toContain('139****5678');
    expect(lines[0]).not.toContain('13912345678');
    expect(lines[0]).toMatch(/仅写入日志.*log only/);
  });
});

describe.each(testEngines())('notification delivery on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let gw: Awaited<ReturnType<typeof gateway>>;
  const queue = (trackingCode: string, orgUnit = '330106') =>
    queueNotification(database.db, { trackingCode, orgUnit, recipient: 'submitter', kind: 'test.kind', at: T0, message: { zh: `您的反馈 ${trackingCode} 已办结`, en: `your feedback ${trackingCode} is done` } });
  const row = (trackingCode: string) => database.db.selectFrom('feedback_notifications').selectAll().where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    gw = await gateway();
  });
  afterAll(async () => {
    await gw.close();
    await dispose();
  });

  it('retries a 503 after the backoff with the same idempotency key and a valid signature, then records the delivery', async () => {
    await queue('RETRY0001');
    gw.script.push(503);
    const channel = createWebhookChannel({ url: gw.url, secret: SECRET, timeoutMs: 2000 });
    const first = await deliverDueNotifications(database.db, channel, { now: () => T0, random: () => 1 });
    expect(first).toMatchObject({ delivered: 0, retrying: 1, failed: 0 });
    const waiting = await row('RETRY0001');
    expect(waiting).toMatchObject({ attempts: 1, sent_at: null, failed_at: null, last_error: expect.stringContaining('gateway answered 503') });
    expect(new Date(waiting.next_attempt_at!).toISOString()).toBe(later(30_000).toISOString());
    // Not due before the backoff has passed.
    expect(await deliverDueNotifications(database.db, channel, { now: () => later(29_000) })).toMatchObject({ delivered: 0, retrying: 0, batches: 0 });
    expect(await deliverDueNotifications(database.db, channel, { now: () => later(30_000) })).toMatchObject({ delivered: 1, retrying: 0 });
    const sent = await row('RETRY0001');
    expect(sent).toMatchObject({ attempts: 2, delivered_via: 'webhook', last_error: null, next_attempt_at: null });
    expect(new Date(sent.sent_at!).toISOString()).toBe(later(30_000).toISOString());

    const attempts = gw.seen.filter((s) => s.body.includes('RETRY0001'));
    expect(attempts).toHaveLength(2);
    expect(attempts.every(verify)).toBe(true);
    expect(attempts.map((a) => a.headers['idempotency-key'])).toEqual([sent.idempotency_key, sent.idempotency_key]);
    expect(sent.idempotency_key).toMatch(/^ntf_[0-9a-f-]{36}$/);
    const body = JSON.parse(attempts[1]!.body);
    expect(body).toMatchObject({ kind: 'test.kind', recipient: 'submitter', to: { trackingCode: 'RETRY0001', orgUnit: '330106' }, attempt: 2, message: { zh: '您的反馈 RETRY0001 已办结' } });
    // A tampered body does not verify.
    expect(verify({ ...attempts[1]!, body: attempts[1]!.body.replace('RETRY0001', 'RETRY0002') })).toBe(false);
  });

  it('dead-letters a permanent refusal (400) at once; staff of the unit see it and queue it again', async () => {
    await queue('PERM00001');
    gw.script.push(400);
    const channel = createWebhookChannel({ url: gw.url, secret: SECRET });
    expect(await deliverDueNotifications(database.db, channel, { now: () => T0 })).toMatchObject({ delivered: 0, retrying: 0, failed: 1 });
    expect(await row('PERM00001')).toMatchObject({ attempts: 1, sent_at: null, last_error: expect.stringContaining('gateway answered 400') });
    expect((await row('PERM00001')).failed_at).not.toBeNull();
    expect(await deliverDueNotifications(database.db, channel, { now: () => later(86_400_000) })).toMatchObject({ batches: 0 });

    const failed = await listNotifications(database.db, westLake, { state: 'failed' });
    const mine = failed.find((n) => n.trackingCode === 'PERM00001');
    expect(mine).toMatchObject({ state: 'failed', unit: '330106', attempts: 1, message: { zh: '您的反馈 PERM00001 已办结' } });
    expect((await listNotifications(database.db, ningbo, { state: 'failed' })).some((n) => n.trackingCode === 'PERM00001')).toBe(false);
    await expect(retryNotification(database.db, ningbo, mine!.id, T0)).rejects.toMatchObject({ code: 'not_found' });
    const retried = await retryNotification(database.db, westLake, mine!.id, later(60_000));
    expect(retried).toMatchObject({ state: 'pending', attempts: 0, failedAt: null });
    await expect(retryNotification(database.db, westLake, mine!.id, T0)).rejects.toMatchObject({ code: 'conflict', details: { reason: 'still_pending' } });
    expect(await deliverDueNotifications(database.db, channel, { now: () => later(60_000) })).toMatchObject({ delivered: 1 });
    expect((await listNotifications(database.db, westLake, { state: 'sent' })).some((n) => n.id === mine!.id)).toBe(true);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'feedback.notification_retry').execute();
    expect(audit).toEqual([{ action: 'feedback.notification_retry', entity_id: mine!.id }]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('dead-letters after the last attempt when the gateway keeps failing (5xx, 429)', async () => {
    await queue('FAIL00001');
    gw.script.push(500, 429, 502);
    const channel = createWebhookChannel({ url: gw.url, secret: SECRET });
    let t = T0.getTime();
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await deliverDueNotifications(database.db, channel, { now: () => new Date(t), maxAttempts: 3, random: () => 0 }));
      t += 3600_000;
    }
    expect(outcomes.map((o) => [o.retrying, o.failed])).toEqual([[1, 0], [1, 0], [0, 1]]);
    expect(await row('FAIL00001')).toMatchObject({ attempts: 3, sent_at: null, last_error: expect.stringContaining('502') });
    expect((await row('FAIL00001')).failed_at).not.toBeNull();
  });

  it('retries when the gateway cannot be reached or does not answer in time', async () => {
    await queue('NET000001');
    const refused = createWebhookChannel({ url: 'http://127.0.0.1:1/notify', secret: SECRET, timeoutMs: 1000 });
    expect(await deliverDueNotifications(database.db, refused, { now: () => T0 })).toMatchObject({ retrying: 1 });
    expect((await row('NET000001')).last_error).toMatch(/network error/);
    gw.delayMs.value = 1500;
    const slow = createWebhookChannel({ url: gw.url, secret: SECRET, timeoutMs: 200 });
    expect(await deliverDueNotifications(database.db, slow, { now: () => later(3600_000) })).toMatchObject({ retrying: 1 });
    gw.delayMs.value = 0;
    expect((await row('NET000001')).last_error).toBe('timeout after 200 ms');
  });

  it('hides unscoped notifications from unit staff and shows them to the whole tree', async () => {
    await queueNotification(database.db, { recipient: 'supervisor', kind: 'test.unscoped', at: T0, message: { zh: '无单位', en: 'no unit' } });
    const province = await listNotifications(database.db, systemActor(), { state: 'pending' });
    expect(province.some((n) => n.kind === 'test.unscoped' && n.unit === null)).toBe(true);
    expect((await listNotifications(database.db, westLake, { state: 'pending' })).some((n) => n.kind === 'test.unscoped')).toBe(false);
  });
});
