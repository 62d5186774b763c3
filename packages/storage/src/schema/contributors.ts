// Table types of the contributor points ledger (migration 0015).
import type { ColumnType, Generated } from 'kysely';

export type ContributorPointsReason = 'processed' | 'accepted' | 'delivered';

export interface ContributorPointsTable {
  id: Generated<string>;
  /** The SDK's pseudonymous client id (feedback_submissions.client_id). */
  client_id: string;
  item_id: string;
  reason: ContributorPointsReason;
  points: number;
  awarded_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ContributorTables {
  contributor_points: ContributorPointsTable;
}
