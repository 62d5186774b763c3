// Evaluation runs: written once in one transaction, read many times by the cockpit.
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export interface RunRecord {
  id: string;
  systemCode: string;
  systemVersion: string;
  systemHash: string;
  period: string;
  scopeOrgUnit: string;
  inputHash: string;
  result: unknown;
  warnings: string[];
  startedAt: Date;
  correctsRunId?: string | undefined;
  inputs: { unit: string; metric: string; value: number }[];
  units: { unit: string; peerGroup: string; score: number | null; scoreRounded: number | null; grade: string | null; rank: number | null; vetoed: boolean; vetoes: unknown }[];
  indicators: { unit: string; indicator: string; value: number | null; score: number | null; weight: number; contribution: number | null; light: 'green' | 'yellow' | 'red' | null; noData: string | null }[];
}

const CHUNK = 1000;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function insertEvaluationRun(db: Kysely<DB>, run: RunRecord): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('evaluation_runs')
      .values({
        id: run.id,
        system_code: run.systemCode,
        system_version: run.systemVersion,
        system_hash: run.systemHash,
        period: run.period,
        scope_org_unit: run.scopeOrgUnit,
        input_hash: run.inputHash,
        status: 'succeeded',
        result: JSON.stringify(run.result),
        warnings: JSON.stringify(run.warnings),
        started_at: run.startedAt,
        finished_at: new Date(),
        corrects_run_id: run.correctsRunId ?? null,
      })
      .execute();
    await insertChunked(run.inputs, (chunk) => tx.insertInto('evaluation_inputs').values(chunk.map((r) => ({ run_id: run.id, ...r }))).execute());
    await insertChunked(run.units, (chunk) =>
      tx
        .insertInto('evaluation_unit_results')
        .values(chunk.map((u) => ({ run_id: run.id, unit: u.unit, peer_group: u.peerGroup, score: u.score, score_rounded: u.scoreRounded, grade: u.grade, rank: u.rank, vetoed: u.vetoed, vetoes: JSON.stringify(u.vetoes) })))
        .execute(),
    );
    await insertChunked(run.indicators, (chunk) =>
      tx
        .insertInto('evaluation_indicator_results')
        .values(chunk.map((i) => ({ run_id: run.id, unit: i.unit, indicator: i.indicator, value: i.value, score: i.score, weight: i.weight, contribution: i.contribution, light: i.light, no_data: i.noData })))
        .execute(),
    );
  });
}

export async function findEvaluationRun(db: Kysely<DB>, id: string) {
  return db.selectFrom('evaluation_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function runInputs(db: Kysely<DB>, id: string) {
  return db.selectFrom('evaluation_inputs').select(['unit', 'metric', 'value']).where('run_id', '=', id).orderBy('unit').orderBy('metric').execute();
}

/** Marks a run published (once); returns false if it was already published or does not exist. */
export async function publishEvaluationRun(db: Kysely<DB>, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('evaluation_runs').set({ published_at: at }).where('id', '=', id).where('published_at', 'is', null).where('status', '=', 'succeeded').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listEvaluationRuns(db: Kysely<DB>, filter: { systemCode?: string; period?: string; scopes?: readonly string[] }) {
  let q = db.selectFrom('evaluation_runs').select(['id', 'system_code', 'system_version', 'system_hash', 'period', 'scope_org_unit', 'input_hash', 'status', 'started_at', 'finished_at', 'published_at', 'corrects_run_id']);
  if (filter.systemCode) q = q.where('system_code', '=', filter.systemCode);
  if (filter.period) q = q.where('period', '=', filter.period);
  if (filter.scopes) q = q.where('scope_org_unit', 'in', filter.scopes.length ? [...filter.scopes] : ['']);
  return q.orderBy('started_at', 'desc').execute();
}
