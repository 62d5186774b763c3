// The tracking page's client: what it accepts from the server and how it reports failures.
import { describe, expect, it } from 'vitest';
import { codeFromPath, fetchTrack, parseTrackResult, TrackError } from './api';

const good = {
  trackingCode: 'FB-2026-000001',
  status: 'rejected',
  statusLabel: { zh: '不予采纳', en: 'Not adopted' },
  history: [
    { status: 'pending_review', at: '2026-11-20T09:00:00+08:00' },
    { status: 'rejected', at: '2026-11-21T10:00:00+08:00', note: '<b>note</b>' },
  ],
  reason: '与现行政策不符',
};
const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => (async () => new Response(JSON.stringify(body), { status, headers })) as unknown as typeof fetch;

describe('the tracking page client', () => {
  it('accepts the documented response and refuses a malformed one', () => {
    expect(parseTrackResult(good)).toEqual(good);
    expect(parseTrackResult({ ...good, history: [{ status: 1 }] })).toBeNull();
    expect(parseTrackResult({ ...good, statusLabel: 'x' })).toBeNull();
    expect(parseTrackResult(null)).toBeNull();
  });

  it('reads the code from the path', () => {
    expect(codeFromPath('/track/FB-1234')).toBe('FB-1234');
    expect(codeFromPath('/track/FB-1234/')).toBe('FB-1234');
    expect(codeFromPath('/track')).toBeNull();
    expect(codeFromPath('/track/%E0%A4%A')).toBeNull();
  });

  it('calls the public endpoint, anonymously, and names each failure', async () => {
    let called = '';
    const spy = (async (url: string, init: RequestInit) => {
      called = `${url} ${init.credentials}`;
      return new Response(JSON.stringify(good), { status: 200 });
    }) as unknown as typeof fetch;
    expect(await fetchTrack(' FB-2026-000001 ', 'zh', spy)).toEqual(good);
    expect(called).toBe('/api/public/track/FB-2026-000001 omit');
    const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e as TrackError).failure);
    expect(await failure(fetchTrack('<script>', 'zh', spy))).toEqual({ kind: 'bad_code' });
    expect(await failure(fetchTrack('FB-0001', 'zh', reply(404, {})))).toEqual({ kind: 'not_found' });
    expect(await failure(fetchTrack('FB-0001', 'zh', reply(429, {}, { 'Retry-After': '30' })))).toEqual({ kind: 'too_many', retryAfterSeconds: 30 });
    expect(await failure(fetchTrack('FB-0001', 'zh', reply(500, { error: { code: 'internal', message: 'boom' } })))).toEqual({ kind: 'failed', message: 'boom' });
    expect(await failure(fetchTrack('FB-0001', 'zh', reply(200, { nope: true })))).toEqual({ kind: 'failed' });
  });
});
