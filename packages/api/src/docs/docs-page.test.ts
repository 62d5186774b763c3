import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { DOCS_JS } from './docs-page';

const app = createApp({ version: '1.2.3', startedAt: new Date() });

/** Every absolute URL in a text: a page on a closed network may not reference any other host. */
const externalUrls = (text: string) => text.match(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi) ?? [];

describe('GET /api/docs', () => {
  it('serves a self-contained HTML page: no URL to another host in the page, its script or its stylesheet', async () => {
    const page = await app.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('govperf API');
    expect(html).not.toMatch(/https?:\/\//);
    expect(externalUrls(html)).toEqual([]);

    // The page loads only its own assets, by relative URL.
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.sort()).toEqual(['docs.css', 'docs.js', 'openapi.json', 'openapi.json', 'openapi.json'].sort());

    for (const [path, type] of [['/api/docs.js', 'text/javascript'], ['/api/docs.css', 'text/css']] as const) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      const text = await res.text();
      expect(text).not.toMatch(/https?:\/\//);
      expect(externalUrls(text)).toEqual([]);
      expect(text).not.toMatch(/@import|url\(/);
    }
  });

  it('is served under a Content-Security-Policy that only allows this origin', async () => {
    const csp = (await app.request('/api/docs')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // Scripts only from this origin, never inline (inline styles are allowed for the console's components).
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/default-src[^;]*unsafe-inline/);
  });

  it('renders every operation of the real OpenAPI document readably', async () => {
    const script = await (await app.request('/api/docs.js')).text();
    const spec = await (await app.request('/api/openapi.json')).json();
    const sandbox: { govperfDocs?: { renderSpec: (spec: unknown) => string } } = {};
    vm.runInNewContext(script, sandbox);
    const html = sandbox.govperfDocs?.renderSpec(spec) ?? '';
    expect(html).toContain('govperf API');
    expect(html).toContain('v1.2.3');
    expect(html).toContain('<code>/api/health</code>');
    expect(html).toContain('>GET</span>');
    expect(html).toContain('健康检查 / Health check');
    expect(html).toContain('<code>uptimeSeconds</code>');
    expect(html).toContain('<span class="status">503</span>');
    expect(html).toContain('id="schema-ErrorBody"');
    expect(html).toContain('validation_failed');
  });

  it('renders parameters and request bodies, and escapes everything it prints', () => {
    const spec = {
      openapi: '3.1.0',
      info: { title: '<b>T</b>', version: '1' },
      paths: {
        '/api/units/{id}': {
          post: {
            summary: '<img src=x onerror=alert(1)>',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{6}$' } }],
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Unit' } } } },
            responses: { '204': { description: 'saved' } },
          },
        },
      },
      components: { schemas: { Unit: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: '名称' }, parent: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } } },
    };
    const sandbox: { govperfDocs?: { renderSpec: (spec: unknown) => string } } = {};
    vm.runInNewContext(DOCS_JS, sandbox);
    const html = sandbox.govperfDocs?.renderSpec(spec) ?? '';
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>T</b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<code>id</code><span class="req">必填 required</span>');
    expect(html).toContain('pattern: ^[0-9]{6}$');
    expect(html).toContain('请求体 Request body');
    expect(html).toContain('<code>name</code><span class="req">必填 required</span>');
    expect(html).toContain('名称');
    expect(html).toContain('<span class="status">204</span>');
  });
});
