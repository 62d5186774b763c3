// The whole platform in one process: the configured database (prepared, migrated on a fresh
// embedded start), the services bound to it, and the HTTP server.
import { createLogChannel, createServices, createWebhookChannel, loadFieldCipher, startJobWorker, type FieldCipher, type MetricCatalogue, type NotificationChannel } from '@govperf/services';
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
  /**
   * The job worker (recurring work, intake processing, notification delivery): polls every this
   * many ms when idle, every second while jobs keep coming, and soon after an enqueue in this
   * process; 0 turns it off. Default 60 s.
   */
  schedulerIntervalMs?: number;
}

/** The configured notification channel: the province's gateway, or the server log (the demo; it sends nothing). */
export function notificationChannel(config: ServerConfig, logger: Logger): NotificationChannel {
  if (config.notify) return createWebhookChannel({ url: config.notify.url, secret: config.notify.secret, timeoutMs: config.notify.timeoutMs });
  // Each message at debug; at info one line per burst, so a backlog (the demo's first start writes
  // over a thousand) does not flood the log.
  let pending = 0;
  return createLogChannel((message, fields) => {
    logger.debug(message, fields);
    if (pending++ === 0) {
      setTimeout(() => {
        logger.info(`通知 ${pending} 条仅写入日志 / ${pending} notifications written to the log only (LOG_LEVEL=debug shows each)`);
        pending = 0;
      }, 1000).unref();
    }
  });
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
    const services = createServices(database, catalogue, cipher, { notifications: notificationChannel(config, logger), ...(config.minPeerGroup === undefined ? {} : { minPeerGroup: config.minPeerGroup }) });
    logger.info(config.notify ? `通知经网关发送 / notifications go to the gateway ${new URL(config.notify.url).origin}` : '通知仅写入日志 / notifications are written to the log only (GOVPERF_NOTIFY_WEBHOOK_URL not set)');
    const { onFreshDatabase: _fresh, schedulerIntervalMs = 60_000, ...serverOverrides } = overrides;
    const server = await startServer(config, { ...serverOverrides, logger, services, checkDatabase: () => services.checkDatabase() });
    // The job worker: one tick at a time (schedule, then drain what is due batch after batch); a
    // failing tick is logged and the next one tries again.
    const worker = schedulerIntervalMs > 0
      ? startJobWorker({
          tick: () => services.jobs.tick(),
          idleIntervalMs: schedulerIntervalMs,
          // After loading the demo into the embedded database, give the first visitors a minute: the
          // scheduled work then due (period evaluations, the daily quality check over a million
          // records) runs in PGlite on this thread and holds every request up while it does.
          firstTickDelayMs: prepared.fresh && database.kind === 'pglite' ? Math.min(60_000, schedulerIntervalMs) : 0,
          busyIntervalMs: Math.min(1_000, schedulerIntervalMs),
          // The delivery job runs every minute: routine success is debug, retries and failures are info.
          onOutcome: (outcome) => (outcome.retrying || outcome.failed ? logger.info : logger.debug)(`定时任务 / jobs: ${outcome.succeeded} done, ${outcome.retrying} retrying, ${outcome.failed} failed`),
          onError: (error) => logger.error('scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }),
        })
      : undefined;
    // However the server stops (close() or a signal): stop the scheduler, let a running tick
    // finish, then close the database so the embedded one is flushed cleanly.
    const shutdown = (async () => {
      await server.closed;
      await worker?.stop();
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
