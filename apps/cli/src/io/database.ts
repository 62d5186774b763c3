// The configured database for commands that need data (import, evaluate by code, reports):
// it must already be migrated, otherwise the command says what to run. Commands also get the
// field cipher of the configured data key, to store and show personal data (docs/data-model.md §7).
import { openConfiguredDatabase } from '@govperf/server';
import { DataKeyError, deferredFieldCipher, FieldCipherError, type FieldCipher } from '@govperf/services';
import { pendingMigrations, type Database } from '@govperf/storage';
import { serveConfig } from '../commands/serve';
import { CliError, databaseUnreachable } from '../errors';

/**
 * Runs `fn` with the migrated configured database and the field cipher of the configured data key
 * (GOVPERF_DATA_KEY, or for the embedded database the key in <dataDir>/keys/data.key). The key is
 * loaded on first use, so a command that never touches personal data neither needs it nor creates
 * a key file; a missing or wrong key then fails that command with a CliError saying what to set.
 */
export async function withReadyDatabase<T>(fn: (database: Database, cipher: FieldCipher) => Promise<T>): Promise<T> {
  const config = serveConfig({});
  const where = config.databaseUrl ? 'DATABASE_URL' : config.dataDir;
  let database: Database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (error) {
    throw databaseUnreachable(error, where) ?? error;
  }
  try {
    let pending: Awaited<ReturnType<typeof pendingMigrations>>;
    try {
      pending = await pendingMigrations(database);
    } catch (error) {
      // A pool connects on its first query: this is where an unreachable server shows.
      throw databaseUnreachable(error, where) ?? error;
    }
    if (pending.length) {
      throw new CliError({
        zh: `数据库（${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}）有 ${pending.length} 个迁移尚未执行；请先运行 \`govperf db migrate\``,
        en: `the database ${config.databaseUrl ? '(DATABASE_URL)' : `in ${config.dataDir}`} needs ${pending.length} migration(s); run \`govperf db migrate\` first`,
      });
    }
    return await fn(database, deferredFieldCipher(config));
  } catch (error) {
    if (error instanceof DataKeyError || error instanceof FieldCipherError) throw new CliError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}
