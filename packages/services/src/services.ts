// The services the HTTP layer and the CLI call, bound to one database. The API depends on
// these interfaces only, never on storage.
import type { Database } from '@govperf/storage';
import { runEvaluation, type MetricCatalogue, type RunEvaluationOutcome, type RunEvaluationRequest } from './evaluation/run-evaluation';
import { registerIndicatorSystem } from './evaluation/systems';
import { authenticateToken, type TokenPrincipal } from './identity/credentials';
import { ingestRecords, type IngestContext, type IngestResult } from './ingestion/ingest';

export interface Services {
  checkDatabase(): Promise<void>;
  systems: {
    register(document: unknown): Promise<{ code: string; version: string; hash: string; outcome: 'created' | 'unchanged' }>;
  };
  evaluations: {
    run(request: RunEvaluationRequest): Promise<RunEvaluationOutcome>;
  };
  auth: {
    authenticateToken(token: string): Promise<TokenPrincipal>;
  };
  ingestion: {
    ingest(context: IngestContext, records: AsyncIterable<unknown> | Iterable<unknown>): Promise<IngestResult>;
  };
}

export function createServices(database: Database, catalogue: MetricCatalogue): Services {
  const db = database.db;
  return {
    async checkDatabase() {
      await db.selectFrom('org_units').select('code').limit(1).execute();
    },
    systems: { register: (document) => registerIndicatorSystem(db, document) },
    evaluations: { run: (request) => runEvaluation(db, catalogue, request) },
    auth: { authenticateToken: (token) => authenticateToken(db, token) },
    ingestion: { ingest: (context, records) => ingestRecords(db, context, records) },
  };
}
