// Table types of the evaluation runs (migration 0003).
import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string, string>;

export interface EvaluationRunsTable {
  id: string;
  system_code: string;
  system_version: string;
  system_hash: string;
  period: string;
  scope_org_unit: string;
  input_hash: string;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
  result: ColumnType<unknown, string | null, string | null>;
  warnings: ColumnType<unknown, string | undefined, string>;
  started_at: ColumnType<Date, Date | string | undefined, never>;
  finished_at: Date | null;
  published_at: Date | null;
  corrects_run_id: string | null;
}

export interface EvaluationInputsTable {
  run_id: string;
  unit: string;
  metric: string;
  value: number;
}

export interface EvaluationUnitResultsTable {
  run_id: string;
  unit: string;
  peer_group: string;
  score: number | null;
  score_rounded: number | null;
  grade: string | null;
  rank: number | null;
  vetoed: boolean;
  vetoes: Json;
}

export interface EvaluationIndicatorResultsTable {
  run_id: string;
  unit: string;
  indicator: string;
  value: number | null;
  score: number | null;
  weight: number;
  contribution: number | null;
  light: 'green' | 'yellow' | 'red' | null;
  no_data: string | null;
}

export interface EvaluationAppealsTable {
  id: string;
  run_id: string;
  org_unit: string;
  indicator: string | null;
  grounds: string;
  evidence: Json;
  submitted_by: string;
  submitted_at: Date;
  status: ColumnType<'pending' | 'upheld' | 'rejected', 'pending' | undefined, 'upheld' | 'rejected'>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  corrected_run_id: string | null;
}

/** Progress of a run started in the background (migration 0018). */
export interface EvaluationRunProgressTable {
  run_id: string;
  system_code: string;
  period: string;
  scope_org_unit: string;
  requested_by: string;
  status: 'running' | 'succeeded' | 'failed';
  stage: 'queued' | 'metrics' | 'scoring' | 'storing' | 'done' | 'failed';
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  error: string | null;
  started_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Date | null;
}

export interface EvaluationTables {
  evaluation_runs: EvaluationRunsTable;
  evaluation_run_progress: EvaluationRunProgressTable;
  evaluation_inputs: EvaluationInputsTable;
  evaluation_unit_results: EvaluationUnitResultsTable;
  evaluation_indicator_results: EvaluationIndicatorResultsTable;
  evaluation_appeals: EvaluationAppealsTable;
}
