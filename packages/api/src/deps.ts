// What the composition root (apps/server) hands the HTTP layer. Later issues add services here
// (one field per service); the API never constructs them itself, so tests can pass fakes.
import type { Services } from '@govperf/services';
import type { RateLimits } from './rate-limit';

/** Structured log sink; the server passes one that honours LOG_LEVEL. Defaults to the console. */
export interface ApiLogger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ApiDeps {
  /** Reported by GET /api/health and in the OpenAPI document. */
  version: string;
  startedAt: Date;
  /** Database seam: resolves when the database answers, throws (or times out) when it does not. */
  checkDatabase?: () => Promise<void>;
  /** Largest accepted request body in MB (1 MB = 1,048,576 bytes). Default 10. */
  bodyLimitMb?: number;
  /** Origins allowed to call the API from a browser. Empty or absent: CORS stays off (same-origin only). */
  corsOrigins?: readonly string[];
  logger?: ApiLogger;
  /** The use cases, bound to the database; routes that need data answer 503 without them. */
  services?: Services;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. Default false. */
  trustProxy?: boolean;
  /** Mark the session cookie Secure even when the request arrives over plain HTTP (TLS ends at a proxy). */
  secureCookies?: boolean;
  rateLimits?: Partial<RateLimits>;
}

export const DEFAULT_BODY_LIMIT_MB = 10;

export const consoleLogger: ApiLogger = {
  error: (message, fields) => console.error(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
};
