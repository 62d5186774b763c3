// The whole platform in one process: the configured database (prepared, migrated on a fresh
// embedded start), the services bound to it, and the HTTP server.
import { createServices, loadFieldCipher, type FieldCipher, type MetricCatalogue } from '@govperf/services';
import type { Database } from '@govperf/storage';
import type { ServerConfig } from './config';
import { openConfiguredDatabase, prepareDatabase } from './database';
import { createLogger, type Logger } from './logger';
import { startServer, type RunningServer, type StartOverrides } from './start';

export interface RunningPlatform extends RunningServer {
  database: Database;
  /** True when this start created the embedded database. */
  fresh: boolean;
}

export interface PlatformOptions extends Omit<StartOverrides, 'services' | 'checkDatabase'> {
  logger?: Logger;
  /** Runs once, before the server listens, when this start created the embedded database. */
  onFreshDatabase?: (database: Database, cipher: FieldCipher) => Promise<void>;
  /** Run the job scheduler (daily quality checks, periodic evaluations) every this many ms; 0 turns it off. Default 60 s. */
  schedulerIntervalMs?: number;
}

export async function startPlatform(config: ServerConfig, catalogue: MetricCatalogue, overrides: PlatformOptions = {}): Promise<RunningPlatform> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  // Before the database: PostgreSQL without a configured data key stops here, with what to do.
  const cipher = loadFieldCipher(config);
  const database = await openConfiguredDatabase(config);
  try {
    const prepared = await prepareDatabase(database);
    if (prepared.migrated.length) logger.info(`已初始化数据库 / database initialised: ${prepared.migrated.length} migrations`);
    if (prepared.fresh && overrides.onFreshDatabase) await overrides.onFreshDatabase(database, cipher);
    const services = createServices(database, catalogue, cipher);
    const { onFreshDatabase: _fresh, schedulerIntervalMs = 60_000, ...serverOverrides } = overrides;
    const server = await startServer(config, { ...serverOverrides, logger, services, checkDatabase: () => services.checkDatabase() });
    // The scheduler: one tick at a time; a failing tick is logged and the next one tries again.
    let ticking = false;
    const tick = async () => {
      if (ticking) return;
      ticking = true;
      try {
        const outcome = await services.jobs.tick();
        if (outcome.succeeded || outcome.failed || outcome.retrying) logger.info(`定时任务 / jobs: ${outcome.succeeded} done, ${outcome.retrying} retrying, ${outcome.failed} failed`);
      } catch (error) {
        logger.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        ticking = false;
      }
    };
    const timer = schedulerIntervalMs > 0 ? setInterval(() => void tick(), schedulerIntervalMs) : undefined;
    timer?.unref();
    if (timer) void tick();
    // However the server stops (close() or a signal): stop the scheduler, let a running tick
    // finish, then close the database so the embedded one is flushed cleanly.
    const shutdown = (async () => {
      await server.closed;
      if (timer) clearInterval(timer);
      while (ticking) await new Promise((r) => setTimeout(r, 50));
      await database.close();
    })();
    const closeAll = async () => {
      await server.close();
      await shutdown;
    };
    return { ...server, close: closeAll, database, fresh: prepared.fresh };
  } catch (error) {
    await database.close();
    throw error;
  }
}
