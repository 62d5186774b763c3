// Table types of the public portal (migration 0010).
import type { ColumnType, Generated } from 'kysely';

export interface RectificationReratingsTable {
  id: Generated<string>;
  task_id: string;
  level: number;
  /** The rater's mobile number as a field-cipher envelope (deterministic; unique per task). */
  phone: string;
  comment: string | null;
  rated_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface PublicTables {
  rectification_reratings: RectificationReratingsTable;
}
