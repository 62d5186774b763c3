// Serves the browser SDK's bundles (packages/sdk, docs/sdk.md): /widget.js, the embeddable
// feedback widget for a plain <script> tag, and /sdk.js, the SDK as an ES module. Both are built
// on demand (esbuild, about a second) when missing or older than their sources, then kept in
// memory. Their addresses carry no hash because other sites embed them, so they are cached briefly
// and revalidated by ETag. They are public and credential-free, so any site may load them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureSdk, SDK_BUNDLES } from '@govperf/sdk/build';
import type { Hono } from 'hono';

export interface WidgetMountOptions {
  /** A directory holding widget.js and sdk.js already built; default: packages/sdk/dist, built if stale. */
  dir?: string;
  /** Cache-Control max-age in seconds (default 300). */
  maxAgeSeconds?: number;
}

interface Bundle {
  body: string;
  etag: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mounts on any Hono app, whatever its variables.
export function mountWidget(app: Hono<any>, options: WidgetMountOptions = {}): void {
  const maxAge = options.maxAgeSeconds ?? 300;
  let loading: Promise<Map<string, Bundle>> | null = null;
  const load = () =>
    (loading ??= (async () => {
      const dir = options.dir ?? (await ensureSdk());
      const bundles = new Map<string, Bundle>();
      for (const name of SDK_BUNDLES) {
        const body = await readFile(join(dir, name), 'utf8');
        bundles.set(name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
      }
      return bundles;
    })().catch((error: unknown) => {
      loading = null; // try again on the next request
      throw error;
    }));

  for (const name of SDK_BUNDLES) {
    app.get(`/${name}`, async (c) => {
      let bundle: Bundle | undefined;
      try {
        bundle = (await load()).get(name);
      } catch {
        bundle = undefined;
      }
      if (!bundle) {
        return c.body(`/* govperf: ${name} is not available (the SDK bundle could not be built) */\n`, 503, {
          'Content-Type': 'text/javascript; charset=utf-8',
          'Cache-Control': 'no-store',
          'Retry-After': '30',
        });
      }
      const headers = {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': `public, max-age=${maxAge}, must-revalidate`,
        ETag: bundle.etag,
        // Loaded by other sites' pages: as a classic script (widget.js) or a module (sdk.js, CORS).
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      };
      const match = c.req.header('If-None-Match');
      if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bundle.etag)) return c.body(null, 304, headers);
      return c.body(bundle.body, 200, headers);
    });
  }
}
