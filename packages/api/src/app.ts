// createApp: the whole HTTP API as one Hono app, built from its dependencies. No I/O happens here;
// apps/server listens, tests call app.request().
import type { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { consoleLogger, DEFAULT_BODY_LIMIT_MB, type ApiDeps } from './deps';
import { createRouter, type AppEnv } from './env';
import { createErrorHandler, handleNotFound } from './errors';
import { authentication } from './authentication';
import { bodyLimitMiddleware, corsMiddleware, securityHeaders } from './middleware';
import { DEFAULT_RATE_LIMITS, perClientLimit } from './rate-limit';
import { registerDocs } from './openapi';
import { routeModules } from './routes';

const AUTH_BODY_LIMIT_MB = 1 / 16;

export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const resolved: ApiDeps = { ...deps, logger: deps.logger ?? consoleLogger };
  const bodyLimitMb = deps.bodyLimitMb ?? DEFAULT_BODY_LIMIT_MB;
  if (!(bodyLimitMb > 0)) throw new RangeError(`bodyLimitMb must be positive, got ${bodyLimitMb}`);

  const app = createRouter();
  // Order matters: the request id first so that every later failure can be logged with it.
  app.use('*', requestId());
  app.use('*', securityHeaders());
  if (deps.corsOrigins?.length) app.use('/api/*', corsMiddleware(deps.corsOrigins));
  app.use('*', bodyLimitMiddleware(bodyLimitMb));
  // Signing in needs a few hundred bytes; anything more is refused before it is read.
  app.use('/api/auth/*', bodyLimitMiddleware(AUTH_BODY_LIMIT_MB));
  app.use('/api/*', authentication(resolved));
  const limits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  app.use('/api/public/*', perClientLimit(limits.publicPerMinute));
  app.use('/api/auth/login', perClientLimit(limits.loginPerMinute));

  for (const routes of routeModules) app.route('/api', routes(resolved));
  registerDocs(app, deps.version);

  app.notFound(handleNotFound);
  app.onError(createErrorHandler(resolved.logger ?? consoleLogger));
  return app;
}
