import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './start';

const started: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

function quietLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { out: (l) => lines.push(l), err: (l) => lines.push(l) }) };
}

async function start(overrides: Parameters<typeof startServer>[1] = {}, env: Record<string, string> = {}) {
  const { lines, logger } = quietLogger();
  const server = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', ...env }), { logger, handleSignals: false, ...overrides });
  started.push(server);
  return { server, lines };
}

describe('startServer', () => {
  it('listens on a free port and answers /api/health over real HTTP', async () => {
    const { server, lines } = await start({ version: '7.7.7' });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 'ok', version: '7.7.7', database: 'not_configured' });
    expect(lines.join('')).toContain(`govperf listening on ${server.url} (docs: ${server.url}/api/docs)`);
    expect(lines.join('')).toContain(`govperf 已启动：${server.url}（接口文档：${server.url}/api/docs）`);
  });

  it('reports its own package version by default, and passes the database check through', async () => {
    const { server } = await start({ checkDatabase: async () => Promise.reject(new Error('down')) });
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('applies the configured body limit', async () => {
    const { server } = await start({}, { GOVPERF_BODY_LIMIT_MB: '0.01' });
    const res = await fetch(`${server.url}/api/health`, { method: 'POST', body: 'x'.repeat(20_000), headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large', message: 'The request body exceeds the limit of 0.01 MB' } });
  });

  it('closes: stops accepting connections, resolves `closed`, and close() is idempotent', async () => {
    const { server } = await start();
    // A keep-alive connection left idle must not hold the shutdown open.
    await new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/api/health`, { agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    await Promise.all([server.close(), server.close()]);
    await server.closed;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  it('shuts down gracefully on SIGTERM and removes its signal handlers', async () => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const { server, lines } = await start({ handleSignals: true });
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    process.emit('SIGTERM', 'SIGTERM');
    await server.closed;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    expect(lines.join('')).toContain('SIGTERM received, shutting down');
    expect(lines.join('')).toContain('govperf stopped');
    expect({ int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') }).toEqual(before);
  });

  it('fails to start, with the system error, when the port is taken', async () => {
    const { server } = await start();
    await expect(startServer(loadConfig({ HOST: '127.0.0.1', PORT: String(server.port) }), { logger: quietLogger().logger, handleSignals: false })).rejects.toThrow(/EADDRINUSE/);
  });
});
