// The services for a CLI command: the ready database, the data key (loaded on first use), the
// default metric catalogue; service errors become one-line CLI errors.
import { createServices, defaultMetricCatalogue, type Services } from '@govperf/services';
import type { Database } from '@govperf/storage';
import { rethrowAsCliError } from '../errors';
import { withReadyDatabase } from './database';

export async function withServices<T>(work: (services: Services, database: Database) => Promise<T>): Promise<T> {
  return withReadyDatabase(async (database, cipher) => {
    try {
      return await work(createServices(database, defaultMetricCatalogue(), cipher), database);
    } catch (error) {
      rethrowAsCliError(error);
    }
  });
}
