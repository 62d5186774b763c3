// The SDK's offline queue with a fake fetch, fake storage, a fake clock and recorded timers.
import { describe, expect, it } from 'vitest';
import { backoffDelay, createGovperfClient, isoWithOffset, parseRetryAfter, type ClientEvent, type FetchLike, type GovperfClientOptions, type StorageLike } from './client';
import { FEEDBACK_TEXT_MAX } from './constants';
import { GovperfError } from './errors';

const memory = (): StorageLike & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'offline' | 'accept';

/** A server that answers from a script of replies, recording what it was sent. */
function fakeServer(replies: Reply[] = []) {
  const received: { url: string; body: Record<string, unknown> }[] = [];
  const seen = new Map<string, string>();
  let next = 1;
  const fetch: FetchLike = async (url, init) => {
    const reply = replies.shift() ?? 'accept';
    if (reply === 'offline') throw new TypeError('Failed to fetch');
    const body = JSON.parse(init.body ?? '{}') as Record<string, unknown>;
    received.push({ url, body });
    if (reply === 'accept') {
      const id = body.submissionId as string;
      const known = seen.get(id);
      if (known) return respond(200, { trackingCode: known, status: 'pending_review', duplicate: true });
      const code = `FB-${String(next++).padStart(4, '0')}`;
      seen.set(id, code);
      return respond(201, { trackingCode: code, status: 'pending_review', duplicate: false });
    }
    return respond(reply.status, reply.body ?? {}, reply.headers);
  };
  return { fetch, received, seen };
}
const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { get: (name: string) => headers[name] ?? headers[name.toLowerCase()] ?? null },
  json: async () => body,
});

function harness(options: Partial<GovperfClientOptions> & { storage?: StorageLike } = {}) {
  let t = Date.parse('2026-11-22T02:00:00Z');
  const timers: { at: number; ms: number; fn: () => void; cancelled: boolean }[] = [];
  const events: ClientEvent[] = [];
  const online = new Set<() => void>();
  const make = (fetch: FetchLike, storage: StorageLike) =>
    createGovperfClient({
      endpoint: 'https://govperf.example',
      appVersion: '1.0.0',
      storage,
      fetch,
      now: () => new Date(t),
      random: () => 0.5,
      setTimer: (fn, ms) => {
        const timer = { at: t + ms, ms, fn, cancelled: false };
        timers.push(timer);
        return () => void (timer.cancelled = true);
      },
      events: { addEventListener: (_type, fn) => void online.add(fn), removeEventListener: (_type, fn) => void online.delete(fn) },
      onEvent: (e) => events.push(e),
      ...options,
    });
  return {
    make,
    timers,
    events,
    advance: (ms: number) => void (t += ms),
    now: () => t,
    /** The delay of the timer armed last, if it is still armed. */
    armed: () => timers.filter((x) => !x.cancelled).at(-1)?.ms,
    fireOnline: () => [...online].forEach((fn) => fn()),
    onlineListeners: () => online.size,
  };
}

describe('createGovperfClient', () => {
  it('sends feedback with its context and a stable pseudonymous clientId', async () => {
    const storage = memory();
    const server = fakeServer();
    const h = harness();
    const client = h.make(server.fetch, storage);
    const outcome = await client.feedback('页面打不开', { kind: 'bug', pagePath: '/apply' });
    expect(outcome).toMatchObject({ state: 'delivered', receipt: { trackingCode: 'FB-0001', duplicate: false } });
    const body = server.received[0]!.body as { clientId: string; context: Record<string, string> };
    expect(body.clientId).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    expect(body.context).toMatchObject({ pagePath: '/apply', appVersion: '1.0.0', occurredAt: isoWithOffset(new Date(h.now())) });
    // The same device keeps its id across page loads; nothing identifies the person.
    const again = h.make(server.fetch, storage);
    expect(again.clientId).toBe(client.clientId);
    expect(client.pending()).toEqual([]);
    expect(client.receipts().map((r) => r.trackingCode)).toEqual(['FB-0001']);
  });

  it('refuses empty and oversized text locally with a message in both languages, queueing nothing', async () => {
    const server = fakeServer();
    const client = harness().make(server.fetch, memory());
    const tooLong = 'a'.repeat(FEEDBACK_TEXT_MAX + 5);
    const error = await client.feedback(tooLong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovperfError);
    expect((error as GovperfError).code).toBe('text_too_long');
    expect((error as GovperfError).text('zh')).toContain(`超过 ${FEEDBACK_TEXT_MAX} 字的上限，请删减 5 字`);
    expect((error as GovperfError).text('en')).toContain(`over the limit of ${FEEDBACK_TEXT_MAX}`);
    await expect(client.feedback('   ')).rejects.toMatchObject({ code: 'text_empty' });
    await expect(client.feedback('ok', { contact: { phone: '123' } })).rejects.toMatchObject({ code: 'invalid_phone' });
    expect(server.received).toEqual([]);
    expect(client.pending()).toEqual([]);
  });

  it('keeps the queue across a reload while offline and sends it at start-up, once', async () => {
    const storage = memory();
    const h = harness();
    const offline = fakeServer(['offline']);
    const first = h.make(offline.fetch, storage);
    const outcome = await first.feedback('断网时提交的反馈');
    expect(outcome.state).toBe('queued');
    expect(first.pending()).toHaveLength(1);
    first.destroy();

    // The page is reloaded later, online: the new client sends what the old one left.
    h.advance(60_000);
    const server = fakeServer();
    const second = h.make(server.fetch, storage);
    await second.flush();
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.body.text).toBe('断网时提交的反馈');
    expect(server.received[0]!.body.submissionId).toBe(outcome.submissionId);
    expect(second.pending()).toEqual([]);
    await second.flush({ force: true });
    expect(server.received).toHaveLength(1);
  });

  it('retries with exponential backoff and jitter, and at once on the online event', async () => {
    const h = harness();
    const server = fakeServer(['offline', { status: 503 }, 'offline', 'offline']);
    const client = h.make(server.fetch, memory());
    await client.feedback('x');
    // random() = 0.5: three quarters of 2 s, 4 s, 8 s …
    expect(h.armed()).toBe(1500);
    h.advance(1500);
    await client.flush();
    expect(h.armed()).toBe(3000);
    h.advance(3000);
    await client.flush();
    expect(h.armed()).toBe(6000);
    // Back online before the timer: sent at once.
    h.fireOnline();
    await client.flush();
    expect(h.armed()).toBe(12_000);
    h.fireOnline();
    await client.flush();
    expect(server.received).toHaveLength(2); // the 503 and the last one; offline attempts never arrive
    expect(client.pending()).toEqual([]);
    expect(h.events.filter((e) => e.type === 'retrying').map((e) => (e as { delayMs: number }).delayMs)).toEqual([1500, 3000, 6000, 12_000]);
    expect(h.events.filter((e) => e.type === 'delivered')).toHaveLength(1);
  });

  it('caps the backoff and always jitters within half to all of it', () => {
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(30, () => 1)).toBe(300_000);
    expect(backoffDelay(30, () => 0)).toBe(150_000);
  });

  it('counts a 200 duplicate as delivered (the answer to the first attempt was lost)', async () => {
    const h = harness();
    const server = fakeServer();
    // The server stores the submission but the answer never comes back.
    let dropAnswer = true;
    const lossy: FetchLike = async (url, init) => {
      const response = await server.fetch(url, init);
      if (dropAnswer) {
        dropAnswer = false;
        throw new TypeError('connection reset');
      }
      return response;
    };
    const client = h.make(lossy, memory());
    const outcome = await client.feedback('只应保存一次');
    expect(outcome.state).toBe('queued');
    h.fireOnline();
    await client.flush();
    expect(server.seen.size).toBe(1);
    expect(server.received).toHaveLength(2);
    expect(server.received[0]!.body.submissionId).toBe(server.received[1]!.body.submissionId);
    expect(client.pending()).toEqual([]);
    const delivered = h.events.find((e) => e.type === 'delivered') as { receipt: { duplicate: boolean; trackingCode: string } };
    expect(delivered.receipt).toEqual({ trackingCode: 'FB-0001', status: 'pending_review', duplicate: true });
  });

  it('honours Retry-After on 429 and pauses the whole queue', async () => {
    const h = harness();
    const server = fakeServer([{ status: 429, body: { error: { code: 'rate_limited', message: 'too many' } }, headers: { 'Retry-After': '42' } }]);
    const client = h.make(server.fetch, memory());
    expect((await client.feedback('one')).state).toBe('queued');
    expect(h.armed()).toBe(42_000);
    // A second submission during the pause waits too.
    expect((await client.feedback('two')).state).toBe('queued');
    expect(server.received).toHaveLength(1);
    h.advance(41_000);
    await client.flush({ force: true });
    expect(server.received).toHaveLength(1);
    h.advance(1000);
    await client.flush();
    expect(server.received.map((r) => r.body.text)).toEqual(['one', 'one', 'two']);
    expect(client.pending()).toEqual([]);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
  });

  it('retries 408 but reports other 4xx once, with the server message, and keeps it in rejected()', async () => {
    const h = harness();
    const server = fakeServer([
      { status: 408 },
      { status: 400, body: { error: { code: 'validation_failed', message: 'text: text is empty', details: [{ path: ['text'] }] } } },
      { status: 413, body: { error: { code: 'payload_too_large', message: { zh: '请求体超过 1 MB 的上限', en: 'The request body exceeds the limit of 1 MB' } } } },
    ]);
    const client = h.make(server.fetch, memory());
    expect((await client.feedback('first')).state).toBe('queued');
    h.advance(10_000);
    await client.flush();
    const rejected = h.events.find((e) => e.type === 'rejected') as { error: GovperfError };
    expect(rejected.error.status).toBe(400);
    expect(rejected.error.serverCode).toBe('validation_failed');
    expect(rejected.error.text('zh')).toBe('text: text is empty');
    const second = await client.feedback('second');
    expect(second.state).toBe('rejected');
    if (second.state === 'rejected') expect(second.error.text('en')).toBe('The request body exceeds the limit of 1 MB');
    expect(client.pending()).toEqual([]);
    expect(client.rejected().map((r) => r.status)).toEqual([400, 413]);
    expect(server.received).toHaveLength(3);
  });

  it('reports a second rating of the same case and stage (409) as final', async () => {
    const h = harness();
    const server = fakeServer(['accept', { status: 409, body: { error: { code: 'conflict', message: '该办件在此阶段已评价' } } }]);
    const client = h.make(server.fetch, memory());
    expect((await client.rate('case-9', { level: 5, dimensions: { efficiency: 5 } })).state).toBe('delivered');
    const again = await client.rate('case-9', { level: 4 });
    expect(again).toMatchObject({ state: 'rejected', error: { status: 409 } });
    await expect(client.rate('case-9', { level: 6 })).rejects.toMatchObject({ code: 'invalid_rating' });
    await expect(client.rate('case-9', { level: 3, channel: 'offline', dimensions: { usability: 3 } })).rejects.toMatchObject({ code: 'invalid_rating' });
  });

  it('sends in order and keeps what another tab queued', async () => {
    const storage = memory();
    const h = harness();
    const offline = fakeServer(['offline', 'offline']);
    const tabA = h.make(offline.fetch, storage);
    const tabB = h.make(offline.fetch, storage);
    await tabA.feedback('from A');
    await tabB.feedback('from B');
    expect(tabA.pending().map((i) => i.body.text)).toEqual(['from A', 'from B']);
    tabA.destroy();
    tabB.destroy();
    const server = fakeServer();
    const client = h.make(server.fetch, storage);
    await client.flush({ force: true });
    expect(server.received.map((r) => r.body.text)).toEqual(['from A', 'from B']);
  });

  it('works without any storage (memory) and refuses when the queue is full', async () => {
    const h = harness();
    const client = h.make(fakeServer(['offline', 'offline', 'offline']).fetch, memory());
    const small = createGovperfClient({ endpoint: '', appVersion: '1', storage: memory(), fetch: fakeServer(['offline']).fetch, maxQueue: 1, events: null, setTimer: () => () => {} });
    await small.feedback('one');
    await expect(small.feedback('two')).rejects.toMatchObject({ code: 'queue_full' });
    client.destroy();
    expect(h.onlineListeners()).toBe(0);
  });
});

describe('getContributor', () => {
  it('asks for this device’s own standing by default, and rejects on refusal or offline', async () => {
    const storage = memory();
    const h = harness();
    const standing = { clientId: 'x', feedback: 2, accepted: 1, delivered: 0, points: 7, stars: 1, title: { zh: '见习体验官', en: 'Trainee reviewer' }, nextAt: 10, history: [] };
    const urls: string[] = [];
    const replies: Reply[] = [{ status: 200, body: standing }, { status: 200, body: standing }, { status: 400, body: { error: { code: 'validation_failed', message: { zh: 'clientId 无效', en: 'bad clientId' } } } }, 'offline'];
    const fetch: FetchLike = async (url, init) => {
      urls.push(`${init.method} ${url}`);
      const reply = replies.shift()!;
      if (reply === 'offline' || reply === 'accept') throw new TypeError('Failed to fetch');
      return respond(reply.status, reply.body);
    };
    const client = h.make(fetch, storage);
    expect(await client.getContributor()).toEqual(standing);
    expect(urls[0]).toBe(`GET https://govperf.example/api/public/contributors/${client.clientId}`);
    await client.getContributor('other/id x');
    expect(urls[1]).toBe('GET https://govperf.example/api/public/contributors/other%2Fid%20x');
    await expect(client.getContributor()).rejects.toBeInstanceOf(GovperfError);
    await expect(client.getContributor()).rejects.toThrow('Failed to fetch');
  });
});

describe('personal data in storage', () => {
  it('keeps no contact details of a refused submission', async () => {
    const storage = memory();
    const h = harness();
    const server = fakeServer([{ status: 400, body: { error: { code: 'validation_failed', message: 'bad' } } }]);
    const client = h.make(server.fetch, storage);
    expect((await client.feedback('请回电', { contact: { name: '李四', phone: '13912345678' } })).state).toBe('rejected');
    expect(client.rejected()[0]!.item.body.text).toBe('请回电');
    expect([...storage.map.values()].join('')).not.toContain('13912345678');
  });
});
