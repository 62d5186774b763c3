// /widget.js and /sdk.js: content type, caching (ETag, 304), loadable from other sites, built on
// demand from packages/sdk, and mounted by startServer ahead of the console's catch-all route.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './start';
import { mountWidget } from './widget';

function prebuilt(): string {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-sdk-'));
  writeFileSync(join(dir, 'widget.js'), '(()=>{window.Govperf={}})();\n');
  writeFileSync(join(dir, 'sdk.js'), 'export const x = 1;\n');
  return dir;
}

describe('mountWidget', () => {
  it('serves both bundles as JavaScript with a short cache, an ETag and cross-origin loading allowed', async () => {
    const app = new Hono();
    mountWidget(app, { dir: prebuilt() });
    for (const name of ['widget.js', 'sdk.js']) {
      const res = await app.request(`/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = res.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await app.request(`/${name}`, { headers: { 'If-None-Match': `W/${etag}` } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
    expect(await (await app.request('/widget.js')).text()).toContain('window.Govperf');
  });

  it('answers 503 (never a broken script) when the bundle cannot be had', async () => {
    const app = new Hono();
    mountWidget(app, { dir: join(tmpdir(), 'govperf-no-such-dir') });
    const res = await app.request('/widget.js');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('startServer with the widget', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('builds the real bundles on demand and serves them next to the API', async () => {
    server = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', GOVPERF_CORS_ORIGINS: 'https://www.zjzwfw.gov.cn' }), {
      handleSignals: false,
      logger: createLogger('error', { out: () => {}, err: () => {} }),
    });
    const widget = await fetch(`${server.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // The API's security headers keep everything else same-origin, but let these two be embedded.
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await fetch(`${server.url}/api/health`)).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    // A configured site may call the public API from the browser (CORS).
    const preflight = await fetch(`${server.url}/api/public/evaluations`, { method: 'OPTIONS', headers: { Origin: 'https://www.zjzwfw.gov.cn', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.zjzwfw.gov.cn');
    const source = await widget.text();
    expect(source).toContain('Govperf');
    expect(source).not.toContain('innerHTML');
    const sdk = await fetch(`${server.url}/sdk.js`);
    expect(sdk.status).toBe(200);
    expect(await sdk.text()).toMatch(/export\s*\{/);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 60_000);
});
