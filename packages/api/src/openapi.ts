// The OpenAPI 3.1 document, generated from the zod schemas of the registered routes, and the
// self-contained documentation page that renders it.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs/docs-page';
import { PUBLIC, registerAccess } from './access';
import type { AppEnv } from './env';

const DESCRIPTION = [
  'govperf 数字政务服务绩效管理平台接口。错误响应统一为 {"error": {"code", "message", "details"}}；',
  'message 的语言按 Accept-Language 协商（默认简体中文）。每个响应带 X-Request-Id，报告问题时请附上。',
  '',
  'The govperf API: performance management for digital government services. Every error response is',
  '{"error": {"code", "message", "details"}}; the message follows Accept-Language (Simplified Chinese',
  'by default). Every response carries X-Request-Id; quote it when reporting a problem.',
].join('\n');

export function openApiDocument(app: OpenAPIHono<AppEnv>, version: string) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'govperf API', version, description: DESCRIPTION },
    tags: [{ name: 'system', description: '系统 / System' }],
  });
}

/** GET /api/openapi.json, /api/docs and the docs page's own script and stylesheet. */
export function registerDocs(app: OpenAPIHono<AppEnv>, version: string): void {
  // Generated per request (it takes well under a millisecond), so routes added later are never missing.
  for (const path of ['/api/openapi.json', '/api/docs', '/api/docs.js', '/api/docs.css']) registerAccess('GET', path, PUBLIC);
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: 'govperf_session', description: '登录会话（POST /api/auth/login）；修改类请求须带 X-CSRF-Token / Session from POST /api/auth/login; state-changing requests also need X-CSRF-Token' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: '数据接入 API 令牌 / API token for machine ingestion' });
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(app, version)));
  app.get('/api/docs', (c) => c.html(DOCS_HTML));
  app.get('/api/docs.js', (c) => c.body(DOCS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/api/docs.css', (c) => c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}
