import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMetricCatalogue } from '@govperf/services';
import { openDatabase, migrateToLatest } from '@govperf/storage';
import { loadConfig } from './config';
import { DatabaseNotReadyError, embeddedDirectory, prepareDatabase } from './database';
import { notificationChannel, startPlatform } from './platform';
import type { Logger } from './logger';

const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

describe('the platform on the embedded database', () => {
  it('creates and migrates an empty data directory on first start, then serves health with the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govperf-platform-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', GOVPERF_DATA_DIR: dataDir });
    const first = await startPlatform(config, defaultMetricCatalogue(), { handleSignals: false, logger: quiet });
    try {
      expect(first.fresh).toBe(true);
      const health = await (await fetch(`${first.url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    } finally {
      await first.close();
    }
    // The second start finds the schema in place.
    const second = await startPlatform(config, defaultMetricCatalogue(), { handleSignals: false, logger: quiet });
    expect(second.fresh).toBe(false);
    await second.close();
    await second.close();
  });

  it('refuses to start on a database with some but not all migrations (govperf db migrate is explicit)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govperf-partial-'));
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir }) });
    try {
      await migrateToLatest(database);
      // Simulate an older installation: forget the newest migration.
      await database.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '2026-11-22-0003-evaluation-runs' as never).execute();
      await expect(prepareDatabase(database)).rejects.toThrow(DatabaseNotReadyError);
      await expect(prepareDatabase(database)).rejects.toThrow(/govperf db migrate/);
    } finally {
      await database.close();
    }
  });

  it('writes each notification at debug and one info line per burst when no gateway is configured', async () => {
    const lines: { level: string; message: string }[] = [];
    const record = (level: string) => (message: string) => void lines.push({ level, message });
    const logger: Logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
    const channel = notificationChannel(loadConfig({}), logger);
    for (let i = 1; i <= 3; i++) {
      const sent = await channel.send({ id: String(i), idempotencyKey: `k${i}`, kind: 'status.status', recipient: 'submitter', to: { trackingCode: 'T1', orgUnit: null }, itemId: null, message: { zh: '已受理', en: 'accepted' }, createdAt: '2026-11-22T00:00:00Z', attempt: 1 });
      expect(sent).toEqual({ status: 'delivered' });
    }
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(3);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual(['通知 3 条仅写入日志 / 3 notifications written to the log only (LOG_LEVEL=debug shows each)']);
  });
});
