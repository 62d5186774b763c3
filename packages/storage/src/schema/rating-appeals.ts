// Table types of the 好差评 appeals (migration 0012).
import type { ColumnType } from 'kysely';

export type RatingAppealStatus = 'pending' | 'upheld' | 'rejected';
export type RatingAppealKind = 'mistaken' | 'malicious';

/** One step of an appeal's history (submitted, upheld, rejected). */
export interface RatingAppealHistoryEntry {
  at: string;
  actor: string;
  action: 'submitted' | 'upheld' | 'rejected';
  note: string | null;
}

export interface RatingAppealsTable {
  id: string;
  /** The rating as citizens and departments know it (ratings.rating_id). */
  rating_id: string;
  /** The rating fact's idempotency key: what the appeal acts on. */
  rating_source: string;
  rating_source_id: string;
  org_unit: string;
  level: number;
  rated_at: Date;
  kind: RatingAppealKind;
  grounds: string;
  /** jsonb: read as a value, written as JSON text. */
  evidence: ColumnType<unknown, string, string>;
  submitted_by: string;
  submitted_at: Date;
  /** The end of the appeal window that applied. */
  deadline: Date;
  status: ColumnType<RatingAppealStatus, RatingAppealStatus | undefined, RatingAppealStatus>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  history: ColumnType<RatingAppealHistoryEntry[], string | undefined, string>;
}

export interface RatingAppealTables {
  rating_appeals: RatingAppealsTable;
}
