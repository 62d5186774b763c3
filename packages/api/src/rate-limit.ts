// Per-client request limits for the routes anyone can reach: the public results and signing in.
// In memory per server process (hono-rate-limiter's MemoryStore): the cheap first line. What holds
// across processes is in the database: the login throttle stops password guessing, and the
// public intake limits per IP and per device count in rate_limit_windows (routes/feedback.routes.ts).
import { AppError } from '@govperf/contracts';
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from './env';

export interface RateLimits {
  /** Requests per client and minute to /api/public/*. Default 120. */
  publicPerMinute: number;
  /** Sign-in attempts per client and minute. Default 10. */
  loginPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { publicPerMinute: 120, loginPerMinute: 10 };

export function perClientLimit(limit: number): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => c.get('clientIp'),
    handler: (c) => {
      const reset = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const retryAfterSeconds = reset?.resetTime ? Math.max(1, Math.ceil((reset.resetTime.getTime() - Date.now()) / 1000)) : 60;
      c.header('Retry-After', String(retryAfterSeconds));
      throw new AppError('rate_limited', { details: { limitPerMinute: limit, retryAfterSeconds } });
    },
  });
}
