// Table types of the reference values (migration 0016): national averages and other published benchmarks.
import type { ColumnType } from 'kysely';

export interface ReferenceValuesTable {
  system_code: string;
  indicator_code: string;
  period: string;
  /** 'national-average', 'provincial-average', … */
  reference: string;
  label_zh: string;
  label_en: string;
  /** On the indicator's raw scale (its formula's unit), not a score. */
  value: number;
  /** Where the figure was published (citation text). */
  source: string;
  imported_at: ColumnType<Date, Date | undefined, Date>;
  imported_by: string;
}

export interface ReferenceTables {
  reference_values: ReferenceValuesTable;
}
