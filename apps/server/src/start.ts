// Starts the HTTP server: builds the API from the configuration, listens, logs where, and shuts
// down gracefully (stop accepting, let requests in flight finish) on SIGINT or SIGTERM.
import type { Server } from 'node:http';
import { createApp, type ApiDeps } from '@govperf/api';
import { createAdaptorServer } from '@hono/node-server';
import serverPackage from '../package.json' with { type: 'json' };
import type { ServerConfig } from './config';
import { mountConsole } from './console';
import { mountWidget } from './widget';
import { createLogger, type Logger } from './logger';

export interface StartOverrides {
  /**
   * DATABASE SEAM: resolves when the database answers, throws when it does not; GET /api/health
   * reports it. The storage wiring (PGlite or config.databaseUrl) will pass it here.
   */
  checkDatabase?: ApiDeps['checkDatabase'];
  /** The services bound to the opened database (see platform.ts). */
  services?: ApiDeps['services'];
  logger?: Logger;
  /** Reported by /api/health and the OpenAPI document; defaults to this package's version. */
  version?: string;
  /** The built web console to serve at / (see @govperf/web ensureConsole), or its build under way; absent: API only. */
  consoleDir?: string | Promise<string>;
  /** Install SIGINT/SIGTERM handlers that close the server (default true; tests turn it off). */
  handleSignals?: boolean;
  /** After this long, connections still open at shutdown are cut (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080, with the port actually bound (PORT=0 picks a free one). */
  url: string;
  port: number;
  /** Stops accepting connections and resolves once open requests have finished. Idempotent. */
  close(): Promise<void>;
  /** Resolves when the server has stopped, by close() or by a signal. */
  closed: Promise<void>;
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function startServer(config: ServerConfig, overrides: StartOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const app = createApp({
    version: overrides.version ?? serverPackage.version,
    startedAt: new Date(),
    bodyLimitMb: config.bodyLimitMb,
    ...(config.corsOrigins.length ? { corsOrigins: config.corsOrigins } : {}),
    logger,
    ...(overrides.checkDatabase ? { checkDatabase: overrides.checkDatabase } : {}),
    ...(overrides.services ? { services: overrides.services } : {}),
  });

  mountWidget(app); // /widget.js and /sdk.js, before the console's catch-all page route
  if (overrides.consoleDir) mountConsole(app, await overrides.consoleDir);

  // Created with node:http's createServer (the default), so this is an http.Server.
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${urlHost(config.host)}:${port}`;
  logger.info(`govperf 已启动：${url}（接口文档：${url}/api/docs）`);
  logger.info(`govperf listening on ${url} (docs: ${url}/api/docs)`);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Keep-alive connections would hold close() open: drop the idle ones now, the busy ones when
      // their response is sent, and cut whatever is left after the timeout.
      const force = setTimeout(() => server.closeAllConnections(), overrides.shutdownTimeoutMs ?? 10_000);
      force.unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    })
      .then(() => logger.info('govperf 已停止 / govperf stopped'))
      .finally(resolveClosed);
    return closing;
  };

  // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
  function onSignal(signal: NodeJS.Signals): void {
    logger.info(`收到 ${signal}，正在停止 / ${signal} received, shutting down`);
    close().catch((error: unknown) => logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) }));
  }
  if (overrides.handleSignals ?? true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  return { url, port, close, closed };
}
