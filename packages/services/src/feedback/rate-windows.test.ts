// The shared fixed-window counter: atomic counting per key and window, a new window starts from
// one, concurrent hits are all counted, and the daily purge removes windows older than a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { hitRateWindow, purgeRateWindows } from './rate-windows';

const T = new Date('2026-11-22T08:00:10Z');

describe.each(testEngines())('rate limit windows on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());

  it('counts hits per key and fixed window, with the seconds left in the window', async () => {
    const db = database.db;
    expect(await hitRateWindow(db, 'k:a', 2, 60_000, T)).toEqual({ count: 1, ok: true, retryAfterSeconds: 50 });
    expect(await hitRateWindow(db, 'k:a', 2, 60_000, T)).toMatchObject({ count: 2, ok: true });
    expect(await hitRateWindow(db, 'k:a', 2, 60_000, new Date(T.getTime() + 49_500))).toEqual({ count: 3, ok: false, retryAfterSeconds: 1 });
    expect(await hitRateWindow(db, 'k:b', 2, 60_000, T)).toMatchObject({ count: 1, ok: true });
    expect(await hitRateWindow(db, 'k:a', 2, 60_000, new Date(T.getTime() + 50_000))).toMatchObject({ count: 1, ok: true });
    const hits = await Promise.all(Array.from({ length: 20 }, () => hitRateWindow(db, 'k:c', 100, 60_000, T)));
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('purges windows that ended more than a day ago', async () => {
    const db = database.db;
    await hitRateWindow(db, 'k:old', 5, 60_000, new Date(T.getTime() - 2 * 86_400_000));
    expect(await purgeRateWindows(db, T)).toBe(1);
    expect((await db.selectFrom('rate_limit_windows').select('key').where('key', '=', 'k:old').execute()).length).toBe(0);
    expect((await db.selectFrom('rate_limit_windows').select('key').where('key', '=', 'k:a').execute()).length).toBe(2);
  });
});
