// The whole platform in one process: the configured database (prepared, migrated on a fresh
// embedded start), the services bound to it, and the HTTP server.
import { createServices, type MetricCatalogue } from '@govperf/services';
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
  onFreshDatabase?: (database: Database) => Promise<void>;
}

export async function startPlatform(config: ServerConfig, catalogue: MetricCatalogue, overrides: PlatformOptions = {}): Promise<RunningPlatform> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config);
  try {
    const prepared = await prepareDatabase(database);
    if (prepared.migrated.length) logger.info(`已初始化数据库 / database initialised: ${prepared.migrated.length} migrations`);
    if (prepared.fresh && overrides.onFreshDatabase) await overrides.onFreshDatabase(database);
    const services = createServices(database, catalogue);
    const { onFreshDatabase: _fresh, ...serverOverrides } = overrides;
    const server = await startServer(config, { ...serverOverrides, logger, services, checkDatabase: () => services.checkDatabase() });
    const closeAll = async () => {
      await server.close();
      await database.close();
    };
    void server.closed.then(() => database.close()).catch(() => undefined);
    return { ...server, close: closeAll, database, fresh: prepared.fresh };
  } catch (error) {
    await database.close();
    throw error;
  }
}
