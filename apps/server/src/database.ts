// Opens the configured database and brings it to a usable state. An empty embedded database
// is migrated on its first start (the demo must run with one command); anything else with
// pending migrations refuses to start: migrations run through `govperf db migrate`, never
// silently on every boot.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, pendingMigrations, MIGRATIONS, type Database } from '@govperf/storage';
import type { ServerConfig } from './config';

export class DatabaseNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseNotReadyError';
  }
}

export function embeddedDirectory(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'pgdata');
}

export async function openConfiguredDatabase(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ kind: 'postgres', url: config.databaseUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return openDatabase({ kind: 'embedded', dataDir: embeddedDirectory(config) });
}

export interface PreparedDatabase {
  database: Database;
  /** Migrations applied now (only on a brand-new embedded database). */
  migrated: string[];
  /** True when the database had no schema at all before this start. */
  fresh: boolean;
}

export async function prepareDatabase(database: Database): Promise<PreparedDatabase> {
  const pending = await pendingMigrations(database);
  const fresh = pending.length === Object.keys(MIGRATIONS).length;
  if (pending.length === 0) return { database, migrated: [], fresh: false };
  if (database.kind === 'pglite' && fresh) {
    const outcome = await migrateToLatest(database);
    if (outcome.error) throw new DatabaseNotReadyError(`migration ${outcome.error.migration} failed: ${outcome.error.message}`);
    return { database, migrated: outcome.applied, fresh: true };
  }
  throw new DatabaseNotReadyError(
    `the database needs ${pending.length} migration(s) (${pending.join(', ')}); run \`govperf db migrate\` first / 数据库需要迁移，请先运行 govperf db migrate`,
  );
}
