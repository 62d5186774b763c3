import { Migrator, type MigrationResult } from 'kysely';
import type { Database } from './database';
import { MIGRATIONS } from './migrations';

export interface MigrateOutcome {
  applied: string[];
  /** Migrations already applied before this run. */
  alreadyApplied: number;
  error?: { migration: string | null; message: string };
}

function migrator(database: Database): Migrator {
  return new Migrator({ db: database.db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Brings the schema up to date; never dies half-way: a failure names the migration. */
export async function migrateToLatest(database: Database): Promise<MigrateOutcome> {
  const m = migrator(database);
  const before = (await m.getMigrations()).filter((x) => x.executedAt !== undefined).length;
  const { error, results } = await m.migrateToLatest();
  const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? null;
    return { applied, alreadyApplied: before, error: { migration: failed, message: error instanceof Error ? error.message : String(error) } };
  }
  return { applied, alreadyApplied: before };
}

/** Names of migrations not applied yet. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await migrator(database).getMigrations()).filter((x) => x.executedAt === undefined).map((x) => x.name);
}
