import { sql, type Kysely } from 'kysely';

/** Runs DDL statements one by one (PGlite's extended protocol takes one statement per call). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function runStatements(db: Kysely<any>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
