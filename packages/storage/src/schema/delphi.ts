// Table types of the Delphi consultations on weights (migration 0017).
import type { ColumnType } from 'kysely';

/** One criterion being weighed: an indicator's code, or a free item, with its names. */
export interface DelphiCriterion {
  code: string;
  name: { zh: string; en: string };
}

export interface DelphiConsultationsTable {
  id: string;
  title: string;
  /** The org unit the consultation belongs to: staff whose area contains it see it. */
  org_unit: string;
  system_code: string | null;
  /** The indicator node whose children are the criteria ('$root' for the first level), if any. */
  node: string | null;
  criteria: ColumnType<DelphiCriterion[], string, string>;
  /** User names of the invited experts. */
  experts: ColumnType<string[], string, string>;
  current_round: ColumnType<number, number | undefined, number>;
  round_open: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface DelphiRoundsTable {
  consultation_id: string;
  round: number;
  opened_by: string;
  opened_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
  /** The group result stored when the round closes (see services/src/weights/delphi.ts). */
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface DelphiJudgementsTable {
  consultation_id: string;
  round: number;
  expert: string;
  matrix: ColumnType<number[][], string, string>;
  cr: number;
  submitted_at: Date;
}

export interface DelphiTables {
  delphi_consultations: DelphiConsultationsTable;
  delphi_rounds: DelphiRoundsTable;
  delphi_judgements: DelphiJudgementsTable;
}
