// The services the HTTP layer and the CLI call, bound to one database. The API depends on
// these interfaces only, never on storage.
import type { Database } from '@govperf/storage';
import { runEvaluation, type MetricCatalogue, type RunEvaluationOutcome, type RunEvaluationRequest } from './evaluation/run-evaluation';
import { explainRun, getEvaluationRun, listRuns, publishRun, type RunSummary } from './evaluation/runs';
import { registerIndicatorSystem } from './evaluation/systems';
import { authenticateToken, isWithinArea, type TokenPrincipal } from './identity/credentials';
import { ingestRecords, type IngestContext, type IngestResult } from './ingestion/ingest';
import { runDueJobs, type JobRunSummary } from './jobs/queue';
import { recurringHandlers, scheduleRecurringJobs } from './jobs/schedule';
import { flagConcentratedRatings, listRejectedRecords, qualityReport, type QualityReport, type RejectedRecordView } from './quality/report';

export interface Services {
  checkDatabase(): Promise<void>;
  systems: {
    register(document: unknown): Promise<{ code: string; version: string; hash: string; outcome: 'created' | 'unchanged' }>;
  };
  evaluations: {
    run(request: RunEvaluationRequest): Promise<RunEvaluationOutcome>;
    /** `area`: the caller's org unit ('*' for the operator); runs outside it do not exist for them. */
    get(id: string, area: string): ReturnType<typeof getEvaluationRun>;
    list(filter: { systemCode?: string | undefined; period?: string | undefined }, area: string): Promise<RunSummary[]>;
    publish(id: string, area: string): Promise<RunSummary>;
    explain(id: string, unit: string, indicator: string, area: string): ReturnType<typeof explainRun>;
  };
  auth: {
    authenticateToken(token: string): Promise<TokenPrincipal>;
    isWithinArea(area: string, unit: string): Promise<boolean>;
  };
  ingestion: {
    ingest(context: IngestContext, records: AsyncIterable<unknown> | Iterable<unknown>): Promise<IngestResult>;
  };
  quality: {
    report(options: { from?: string | undefined; to?: string | undefined; source?: string | undefined }): Promise<QualityReport>;
    rejected(filter: { factType?: string | undefined; batchId?: string | undefined; source?: string | undefined; limit?: number | undefined }): Promise<RejectedRecordView[]>;
    /** The daily checks for one local date; returns how many records were flagged. */
    runDailyChecks(day: string): Promise<{ concentratedRatings: number }>;
  };
  jobs: {
    /** Schedules the recurring work and runs whatever is due. */
    tick(now?: Date): Promise<JobRunSummary & { scheduled: number }>;
  };
}

export function createServices(database: Database, catalogue: MetricCatalogue): Services {
  const db = database.db;
  return {
    async checkDatabase() {
      await db.selectFrom('org_units').select('code').limit(1).execute();
    },
    systems: { register: (document) => registerIndicatorSystem(db, document) },
    evaluations: {
      run: (request) => runEvaluation(db, catalogue, request),
      get: (id, area) => getEvaluationRun(db, id, area),
      list: (filter, area) => listRuns(db, filter, area),
      publish: (id, area) => publishRun(db, id, area),
      explain: (id, unit, indicator, area) => explainRun(db, id, unit, indicator, area, catalogue),
    },
    auth: { authenticateToken: (token) => authenticateToken(db, token), isWithinArea: (area, unit) => isWithinArea(db, area, unit) },
    ingestion: { ingest: (context, records) => ingestRecords(db, context, records) },
    quality: {
      report: (options) => qualityReport(db, options),
      rejected: (filter) => listRejectedRecords(db, filter),
      runDailyChecks: async (day) => ({ concentratedRatings: await flagConcentratedRatings(db, day) }),
    },
    jobs: {
      async tick(now = new Date()) {
        const scheduled = await scheduleRecurringJobs(db, now);
        const handlers = recurringHandlers({
          runDailyChecks: (day) => flagConcentratedRatings(db, day),
          runEvaluation: (r) => runEvaluation(db, catalogue, r),
        });
        return { scheduled, ...(await runDueJobs(db, handlers)) };
      },
    },
  };
}
