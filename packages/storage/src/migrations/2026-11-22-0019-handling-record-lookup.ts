// A rating names its case by the handling record's own id (record_id, the approval system's
// 办件编号), and processing a rating looks the case up to attribute it (unit, item, department). Without
// an index that lookup read the whole handling_records table once per rating: ~0.5 s each at a
// million records on PGlite, and a sequential scan per rating on PostgreSQL in production.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [`create index handling_records_record on handling_records (record_id)`]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop index handling_records_record']);
}
