// Cross-cutting middleware, applied to every request in createApp.
import { AppError } from '@govperf/contracts';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

export const BYTES_PER_MB = 1024 * 1024;

/** NDJSON batch ingestion streams record by record, so it is not held to the whole-body limit. */
export const isStreamingIngest = (path: string, contentType: string | undefined) =>
  path.startsWith('/api/ingest/') && (contentType ?? '').toLowerCase().startsWith('application/x-ndjson');

/** Refuses bodies above the limit before any handler reads them (413 payload_too_large, naming the limit). */
export function bodyLimitMiddleware(limitMb: number): MiddlewareHandler {
  const limited = bodyLimit({
    maxSize: Math.floor(limitMb * BYTES_PER_MB),
    onError: () => {
      throw new AppError('payload_too_large', {
        message: { zh: `请求体超过 ${limitMb} MB 的上限`, en: `The request body exceeds the limit of ${limitMb} MB` },
        details: { limitMb },
      });
    },
  });
  return (c, next) => (isStreamingIngest(c.req.path, c.req.header('content-type')) ? next() : limited(c, next));
}

/**
 * Security headers on every response. The Content-Security-Policy only allows this origin: the
 * platform runs on closed government networks, so nothing (scripts, styles, fonts) may come from
 * a CDN, and the browser enforces that for the documentation page too. Inline styles are allowed:
 * the console's component library (Ant Design) injects <style> elements at run time, not all of
 * them able to carry a nonce; inline scripts never are, so injected markup still cannot run code.
 */
export function securityHeaders(): MiddlewareHandler {
  const headers = (crossOriginResourcePolicy: 'same-origin' | 'cross-origin') =>
    secureHeaders({
      crossOriginResourcePolicy,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
    });
  const sameOrigin = headers('same-origin');
  // The feedback widget and the SDK are embedded by other government sites: only they may be loaded cross-origin.
  const embeddable = headers('cross-origin');
  return (c, next) => (EMBEDDABLE_SCRIPTS.has(c.req.path) ? embeddable(c, next) : sameOrigin(c, next));
}

export const EMBEDDABLE_SCRIPTS: ReadonlySet<string> = new Set(['/widget.js', '/sdk.js']);

/** CORS is off unless origins are listed: the console is served from the same origin as the API. */
export function corsMiddleware(origins: readonly string[]): MiddlewareHandler {
  return cors({ origin: [...origins], exposeHeaders: ['X-Request-Id', 'Content-Language'], maxAge: 600 });
}
