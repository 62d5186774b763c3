// govperf db migrate: brings the configured database (DATABASE_URL, or the embedded one in
// GOVPERF_DATA_DIR) up to the latest schema and says what it did.
import { migrateToLatest } from '@govperf/storage';
import { openConfiguredDatabase } from '@govperf/server';
import { CliError } from '../errors';
import { render, type OutputFormat } from '../io/output';
import { serveConfig } from './serve';

export async function dbMigrateCommand(options: { format: OutputFormat }): Promise<string> {
  const config = serveConfig({});
  const database = await openConfiguredDatabase(config);
  try {
    const outcome = await migrateToLatest(database);
    if (outcome.error) {
      throw new CliError(`migration ${outcome.error.migration ?? '(unknown)'} failed: ${outcome.error.message}; the migrations before it are applied and kept`);
    }
    const target = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
    return render({ database: target, applied: outcome.applied, alreadyApplied: outcome.alreadyApplied }, options.format, () => ({
      head: ['migration 迁移', 'status 状态'],
      rows: outcome.applied.length ? outcome.applied.map((m) => [m, 'applied 已执行']) : [['—', `up to date 已是最新 (${outcome.alreadyApplied})`]],
      notes: [`database 数据库: ${target}`],
    }));
  } finally {
    await database.close();
  }
}
