// The configured database for commands that need data (import, evaluate by code, reports):
// it must already be migrated, otherwise the command says what to run.
import { openConfiguredDatabase } from '@govperf/server';
import { pendingMigrations, type Database } from '@govperf/storage';
import { serveConfig } from '../commands/serve';
import { CliError } from '../errors';

export async function withReadyDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const config = serveConfig({});
  const database = await openConfiguredDatabase(config);
  try {
    const pending = await pendingMigrations(database);
    if (pending.length) {
      throw new CliError(`the database ${config.databaseUrl ? '(DATABASE_URL)' : `in ${config.dataDir}`} needs ${pending.length} migration(s); run \`govperf db migrate\` first`);
    }
    return await fn(database);
  } finally {
    await database.close();
  }
}
