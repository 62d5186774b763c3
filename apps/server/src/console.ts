// Serves the web console's built bundle: hashed assets (cached for good) and index.html for every
// other page path (the console routes in the browser).
import { readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
/** Vite's output names: no slashes, no dot-dot, nothing to escape the directory with. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|png|woff2|ico)$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mounts on any Hono app, whatever its variables.
export function mountConsole(app: Hono<any>, dir: string): void {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`the console is not built: ${indexFile} is missing`);
  const index = readFileSync(indexFile, 'utf8');

  app.get('/assets/:name', async (c) => {
    const name = c.req.param('name');
    if (!ASSET_NAME.test(name)) return c.notFound();
    try {
      const body = await readFile(join(dir, 'assets', name));
      return c.body(body, 200, { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
    } catch {
      return c.notFound();
    }
  });
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return c.notFound();
    return c.html(index, 200, { 'Cache-Control': 'no-cache' });
  });
}
