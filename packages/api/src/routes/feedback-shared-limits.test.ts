// Intake limits shared across server processes: two apps (two processes' worth of in-memory
// limiters) on the same database share one budget per device and per address, counted in
// rate_limit_windows; the request beyond it gets 429 with Retry-After from whichever app takes it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFieldCipher, createServices } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { intakeLimits } from './feedback.routes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();
const PER_MINUTE = 24;
let n = 0;
const submission = (clientId: string) => ({
  clientId, submissionId: `shared-limit-${String(++n).padStart(4, '0')}`, text: '办事指南里的材料清单和窗口要求不一致', orgUnit: '330102',
  context: { occurredAt: '2026-11-20T09:59:00+08:00', pagePath: '/guide', device: 'Android 14', appVersion: '3.2.1' },
});

describe.each(testEngines())('intake limits shared by two processes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let apps: ReturnType<typeof createApp>[];
  const post = (app: ReturnType<typeof createApp>, body: unknown, ip: string) =>
    app.request('/api/public/feedback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 6), keyId: 'shared-limits' });
    // Two processes: each its own services and its own in-memory limiters, one database.
    apps = [0, 1].map(() =>
      createApp({ version: 'test', startedAt: new Date(), services: createServices(database, PROBE_CATALOGUE, cipher), trustProxy: true, rateLimits: { publicPerMinute: PER_MINUTE }, logger: { error: () => {}, warn: () => {} } }),
    );
  });
  afterAll(async () => dispose());
  // The windows are fixed minutes: do not start a test in the last seconds of one.
  beforeEach(async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
  });

  it('refuses the device\'s third submission on the other process (429, Retry-After)', async () => {
    expect(intakeLimits(PER_MINUTE)).toEqual({ perIp: 6, perClient: 2 });
    const device = 'shared-device-0001';
    expect((await post(apps[0]!, submission(device), '198.51.100.1')).status).toBe(201);
    expect((await post(apps[0]!, submission(device), '198.51.100.2')).status).toBe(201);
    // Each process alone would still allow this one: its memory has seen no request from the device.
    const refused = await post(apps[1]!, submission(device), '198.51.100.3');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await json(refused)).toMatchObject({ error: { code: 'rate_limited', details: { per: 'client', limitPerMinute: 2 } } });
    // Another device from the same address is still welcome on either.
    expect((await post(apps[1]!, submission('shared-device-0002'), '198.51.100.3')).status).toBe(201);
  });

  it('shares the per-address budget too', async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post(apps[i % 2]!, submission(`addr-device-${i}`), ip)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    const counted = await database.db.selectFrom('rate_limit_windows').select(['key', 'count']).where('key', '=', `intake:ip:${ip}`).execute();
    expect(counted.map((r) => r.count)).toEqual([7]);
  });
});
