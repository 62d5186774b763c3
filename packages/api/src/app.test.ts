import { AppError, ErrorBodySchema, type ErrorBody } from '@govperf/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from './app';
import type { ApiDeps, ApiLogger } from './deps';
import { createRouter } from './env';
import { errorResponses } from './errors';
import { openApiDocument } from './openapi';
import { DATABASE_CHECK_TIMEOUT_MS, type Health } from './routes/health.routes';

function captureLogger(): ApiLogger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
  };
}

const baseDeps = (extra: Partial<ApiDeps> = {}): ApiDeps => ({ version: '9.9.9-test', startedAt: new Date(Date.now() - 5000), logger: captureLogger(), ...extra });

const echoRoute = createRoute({
  method: 'post',
  path: '/test/echo/{id}',
  summary: 'test-only echo',
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    query: z.object({ mode: z.enum(['short', 'long']).optional() }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ name: z.string().min(1), items: z.array(z.strictObject({ qty: z.number().int() })) }) } },
    },
  },
  responses: { 200: { description: 'echo', content: { 'application/json': { schema: z.object({ id: z.number(), name: z.string() }) } } }, ...errorResponses(400) },
});

/** createApp plus test-only routes: a validated echo, one that throws AppError, one that crashes. */
function testApp(deps: ApiDeps = baseDeps()) {
  const app = createApp(deps);
  const router = createRouter()
    .openapi(echoRoute, (c) => c.json({ id: c.req.valid('param').id, name: c.req.valid('json').name }, 200))
    .get('/test/conflict', () => {
      throw new AppError('conflict', { message: { zh: '周期已锁定', en: 'The period is locked' }, details: { period: '2025-06' } });
    })
    .get('/test/crash', () => {
      throw new Error('connection string postgres://admin:secret@db/govperf refused');
    });
  app.route('/api', router);
  return app;
}

// Response bodies are untyped JSON: these name the shape each test expects (and then checks).
const health = async (res: Response) => (await res.json()) as Health;
const errorBody = async (res: Response) => (await res.json()) as ErrorBody;
const openApi = async (res: Response) => (await res.json()) as ReturnType<typeof openApiDocument>;

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /api/health', () => {
  it('answers ok with the version when no database is wired', async () => {
    const res = await createApp(baseDeps()).request('/api/health');
    expect(res.status).toBe(200);
    const body = await health(res);
    expect(body).toMatchObject({ status: 'ok', version: '9.9.9-test', database: 'not_configured' });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(4);
  });

  it('checks the database when one is wired', async () => {
    const checkDatabase = vi.fn(async () => {});
    const res = await createApp(baseDeps({ checkDatabase })).request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(checkDatabase).toHaveBeenCalledOnce();
  });

  it('answers 503 unavailable when the database check throws, and logs why', async () => {
    const logger = captureLogger();
    const res = await createApp(baseDeps({ logger, checkDatabase: async () => Promise.reject(new Error('ECONNREFUSED')) })).request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', version: '9.9.9-test', database: 'unavailable' });
    expect(logger.lines).toEqual([{ level: 'warn', message: 'health: database check failed', fields: { error: 'ECONNREFUSED' } }]);
  });

  it('answers 503 when the database does not answer in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = createApp(baseDeps({ checkDatabase: () => new Promise(() => {}) })).request('/api/health');
    await vi.advanceTimersByTimeAsync(DATABASE_CHECK_TIMEOUT_MS);
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable' });
  });
});

describe('errors', () => {
  it('renders unknown routes as 404 not_found in the error shape, in zh-CN by default', async () => {
    const res = await createApp(baseDeps()).request('/api/no-such-thing');
    expect(res.status).toBe(404);
    const body = await errorBody(res);
    expect(body).toEqual({ error: { code: 'not_found', message: '请求的资源不存在' } });
    expect(ErrorBodySchema.safeParse(body).success).toBe(true);
    expect(res.headers.get('content-language')).toBe('zh-CN');
    expect((await createApp(baseDeps()).request('/elsewhere')).status).toBe(404);
  });

  it('turns route-schema failures into 400 validation_failed listing every issue with its location', async () => {
    const res = await testApp().request('/api/test/echo/abc?mode=medium', json({ name: '', items: [{ qty: 1.5 }], extra: true }), undefined);
    expect(res.status).toBe(400);
    const body = await errorBody(res);
    expect(ErrorBodySchema.safeParse(body).success).toBe(true);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('请求内容未通过校验');
    // Validators run in order (query, path, body); the first failing part is reported in full.
    expect(body.error.details).toEqual([{ in: 'query', path: ['mode'], message: expect.any(String) }]);

    const bodyIssues = await errorBody(await testApp().request('/api/test/echo/7', json({ name: '', items: [{ qty: 1.5 }], extra: true })));
    expect(bodyIssues.error.details).toEqual(
      expect.arrayContaining([
        { in: 'body', path: ['name'], message: expect.any(String) },
        { in: 'body', path: ['items', 0, 'qty'], message: expect.any(String) },
        { in: 'body', path: [], message: expect.stringContaining('extra') },
      ]),
    );
    expect(bodyIssues.error.details).toHaveLength(3);

    const pathIssues = await errorBody(await testApp().request('/api/test/echo/abc', json({ name: 'x', items: [] })));
    expect(pathIssues.error.details).toEqual([{ in: 'path', path: ['id'], message: expect.any(String) }]);
  });

  it('lets valid requests through to the handler', async () => {
    const res = await testApp().request('/api/test/echo/7?mode=short', json({ name: '办件', items: [{ qty: 2 }] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 7, name: '办件' });
  });

  it('answers malformed JSON with 400 bad_request and a wrong content type with 415', async () => {
    const malformed = await testApp().request('/api/test/echo/7', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect((await errorBody(malformed)).error.code).toBe('bad_request');

    const text = await testApp().request('/api/test/echo/7', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect((await errorBody(text)).error).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('renders an AppError with its status, overridden message and details', async () => {
    const res = await testApp().request('/api/test/conflict', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: 'The period is locked', details: { period: '2025-06' } } });
  });

  it('logs unknown errors with the request id and answers a bare 500 internal', async () => {
    const logger = captureLogger();
    const res = await testApp(baseDeps({ logger })).request('/api/test/crash', { headers: { 'X-Request-Id': 'req-42' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: '服务器内部错误' } });
    expect(text).not.toContain('secret');
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'error', fields: { requestId: 'req-42', method: 'GET', path: '/api/test/crash' } });
    expect(String(logger.lines[0]?.fields?.error)).toContain('refused');
  });

  it('logs to console.error when no logger is given', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await testApp({ version: '1', startedAt: new Date() }).request('/api/test/crash', { headers: { 'X-Request-Id': 'req-43' } });
      expect(res.status).toBe(500);
      expect(spy).toHaveBeenCalledWith('unhandled error', expect.objectContaining({ requestId: 'req-43' }));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('language negotiation', () => {
  const cases: [string | undefined, string, string][] = [
    [undefined, '请求的资源不存在', 'zh-CN'],
    ['zh-CN,zh;q=0.9', '请求的资源不存在', 'zh-CN'],
    ['zh-TW', '请求的资源不存在', 'zh-CN'],
    ['en-US,en;q=0.9,zh;q=0.8', 'The requested resource does not exist', 'en'],
    ['fr-FR', 'The requested resource does not exist', 'en'],
    ['fr, zh;q=0.5', '请求的资源不存在', 'zh-CN'],
    ['en;q=0.3, zh-CN;q=0.8', '请求的资源不存在', 'zh-CN'],
  ];
  it.each(cases)('Accept-Language %s', async (header, message, language) => {
    const res = await createApp(baseDeps()).request('/api/nothing', { headers: header ? { 'Accept-Language': header } : {} });
    expect((await errorBody(res)).error.message).toBe(message);
    expect(res.headers.get('content-language')).toBe(language);
    expect(res.headers.get('vary')).toContain('Accept-Language');
  });
});

describe('body limit', () => {
  it('refuses bodies above the default 10 MB with 413 payload_too_large naming the limit', async () => {
    const res = await testApp().request('/api/test/echo/1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: '请求体超过 10 MB 的上限', details: { limitMb: 10 } } });
  });

  it('uses the configured limit, with or without Content-Length', async () => {
    const app = testApp(baseDeps({ bodyLimitMb: 1 }));
    const big = 'x'.repeat(1024 * 1024 + 1);
    const streamed = await app.request('/api/test/echo/1', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en' }, body: big });
    expect(streamed.status).toBe(413);
    expect((await errorBody(streamed)).error.message).toBe('The request body exceeds the limit of 1 MB');
    const declared = await app.request('/api/test/echo/1', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    const small = await app.request('/api/test/echo/1', json({ name: 'ok', items: [] }));
    expect(small.status).toBe(200);
  });

  it('rejects a non-positive limit when the app is built', () => {
    expect(() => createApp(baseDeps({ bodyLimitMb: 0 }))).toThrow(/bodyLimitMb/);
  });
});

describe('middleware', () => {
  it('echoes X-Request-Id, or generates one', async () => {
    const app = createApp(baseDeps());
    const given = await app.request('/api/health', { headers: { 'X-Request-Id': 'gateway-7f3a' } });
    expect(given.headers.get('x-request-id')).toBe('gateway-7f3a');
    const generated = await app.request('/api/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await app.request('/api/health', { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const onError = await app.request('/api/missing', { headers: { 'X-Request-Id': 'gateway-7f3b' } });
    expect(onError.headers.get('x-request-id')).toBe('gateway-7f3b');
  });

  it('sets security headers on every response, errors included', async () => {
    const app = createApp(baseDeps());
    for (const path of ['/api/health', '/api/missing', '/api/docs']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps CORS off by default', async () => {
    const res = await createApp(baseDeps()).request('/api/health', { headers: { Origin: 'http://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows only the configured origins when CORS is turned on', async () => {
    const app = createApp(baseDeps({ corsOrigins: ['http://console.example'] }));
    const allowed = await app.request('/api/health', { headers: { Origin: 'http://console.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://console.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const other = await app.request('/api/health', { headers: { Origin: 'http://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/health', { method: 'OPTIONS', headers: { Origin: 'http://console.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://console.example');
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 generated from the route schemas, listing /api/health', async () => {
    const res = await createApp(baseDeps()).request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await openApi(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'govperf API', version: '9.9.9-test' });
    expect(doc.info.description).toMatch(/数字政务/);
    expect(doc.info.description).toMatch(/digital government/);
    expect(doc.paths?.['/api/health']?.get).toMatchObject({
      summary: expect.stringContaining('Health check'),
      responses: {
        200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
        500: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
      },
    });
    expect(doc.components?.schemas?.ErrorBody).toMatchObject({ properties: { error: { properties: { code: { enum: expect.arrayContaining(['validation_failed']) } } } } });
    // The documentation endpoints themselves are not API operations.
    expect(Object.keys(doc.paths ?? {})).toEqual(expect.arrayContaining(['/api/health', '/api/ingest/{type}']));
  });

  it('includes routes registered by route modules, with their parameters and body', async () => {
    const doc = await openApi(await testApp().request('/api/openapi.json'));
    const echo = doc.paths?.['/api/test/echo/{id}']?.post;
    expect(echo?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'path', name: 'id' }), expect.objectContaining({ in: 'query', name: 'mode' })]));
    expect(echo?.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: ['name', 'items'] } } } });
  });
});
