import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, defaultMetricCatalogue, issueApiToken } from '@govperf/services';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';

// Response bodies are read loosely in these tests; the route's schema is checked elsewhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const json = async (r: Response): Promise<Loose> => r.json();

const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../../../../examples/ingest/${type}.json`, import.meta.url), 'utf8'));

describe.each(testEngines())('POST /api/ingest/{type} on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let ratingsOnly: string;
  const post = (type: string, body: string, headers: Record<string, string> = {}, bearer: string | null = token) =>
    app.request(`/api/ingest/${type}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers } });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    app = createApp({ version: 'test', startedAt: new Date(), bodyLimitMb: 0.05, services: createServices(database, defaultMetricCatalogue()), logger: { error: () => {}, warn: () => {} } });
    // The platform's own root exists before anybody can be given a token for it.
    await upsertOrgUnits(database.db, [{ code: '330000', name: '浙江省', level: 'province', parentCode: null }]);
    ({ token } = await issueApiToken(database.db, { name: 'province-hub', factTypes: ['*'], orgUnit: '330000' }));
    for (const type of ['org-units', 'departments', 'apps', 'service-items']) {
      const response = await post(type, JSON.stringify(example(type)));
      expect(response.status).toBe(200);
    }
    ({ token: ratingsOnly } = await issueApiToken(database.db, { name: 'haochaping', factTypes: ['ratings'], orgUnit: '330000' }));
  });
  afterAll(async () => dispose());

  it('accepts a JSON array and answers accepted, duplicates and rejected', async () => {
    const records = example('handling-records');
    const first = await post('handling-records', JSON.stringify(records));
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ accepted: records.length, duplicates: 0, rejected: [] });
    const again = await post('handling-records', JSON.stringify(records));
    expect(await json(again)).toMatchObject({ accepted: 0, duplicates: records.length, rejected: [] });
  });

  it('streams NDJSON past the body limit and rejects only the bad lines', async () => {
    const base = example('events')[0]!;
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ ...base, event_id: `EV-${i}`, source_id: `EV-${i}`, page_path: `/items/${'x'.repeat(200)}` }));
    lines.splice(10, 0, '{not json');
    const body = `${lines.join('\n')}\n`;
    expect(body.length).toBeGreaterThan(0.05 * 1024 * 1024);
    const response = await post('events', body, { 'content-type': 'application/x-ndjson' });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result).toMatchObject({ accepted: 300, rejectedRecords: 1 });
    expect(result.rejected[0]).toMatchObject({ index: 10, field: '(record)', reason: expect.stringMatching(/^line 11 is not valid JSON/) });
  });

  it('answers 413 naming the limit for an oversized JSON array', async () => {
    const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ ...example('events')[0]!, event_id: `BIG-${i}` })));
    const response = await post('events', big);
    expect(response.status).toBe(413);
    const body = await json(response);
    expect(body.error).toMatchObject({ code: 'payload_too_large', details: { limitMb: 0.05 } });
    expect(body.error.message).toContain('0.05 MB');
  });

  it('refuses missing, forged and under-privileged tokens', async () => {
    expect((await post('ratings', '[]', {}, null)).status).toBe(401);
    const forged = await post('ratings', '[]', {}, 'gp_forged');
    expect(forged.status).toBe(401);
    expect((await json(forged)).error.code).toBe('unauthenticated');
    const denied = await post('events', '[]', {}, ratingsOnly);
    expect(denied.status).toBe(403);
  });

  it('names the problem for malformed bodies, wrong media types and unknown types', async () => {
    const malformed = await post('ratings', '[{"rating_id": ');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe('bad_request');
    const notArray = await post('ratings', '{"rating_id": "x"}');
    expect(notArray.status).toBe(400);
    expect((await json(notArray)).error.details[0].message).toBe('expected a JSON array of records');
    expect((await post('ratings', 'a,b', { 'content-type': 'text/csv' })).status).toBe(415);
    const unknown = await post('weather', '[]');
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.details[0]).toMatchObject({ in: 'path', path: ['type'] });
  });

  it('rejects wrong types and unknown fields per record, and keeps the rest', async () => {
    const good = example('ratings')[0]!;
    const response = await post('ratings', JSON.stringify([good, { ...good, rating_id: 'bad-1', source_id: 'bad-1', level: 'five' }, { ...good, rating_id: 'bad-2', source_id: 'bad-2', extra: 1 }]));
    const result = await json(response);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, 'level'],
      [2, 'extra'],
    ]);
  });
});
