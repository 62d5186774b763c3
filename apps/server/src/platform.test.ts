import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMetricCatalogue } from '@govperf/services';
import { openDatabase, migrateToLatest } from '@govperf/storage';
import { loadConfig } from './config';
import { DatabaseNotReadyError, embeddedDirectory, prepareDatabase } from './database';
import { startPlatform } from './platform';

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
});
