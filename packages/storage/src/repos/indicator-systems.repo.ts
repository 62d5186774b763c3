// Indicator systems by code and version; a version's content never changes once stored.
import type { Kysely } from 'kysely';
import type { DB } from '../schema';

export interface StoredSystem {
  code: string;
  version: string;
  hash: string;
  document: unknown;
  createdAt: Date;
}

export type SaveSystemOutcome = 'created' | 'unchanged' | 'conflict';

/** Stores a version; the same content again is a no-op, other content under the same version a conflict. */
export async function saveIndicatorSystem(db: Kysely<DB>, system: { code: string; version: string; hash: string; nameZh: string; nameEn: string; document: unknown }): Promise<SaveSystemOutcome> {
  const existing = await db.selectFrom('indicator_systems').select('hash').where('code', '=', system.code).where('version', '=', system.version).executeTakeFirst();
  if (existing) return existing.hash === system.hash ? 'unchanged' : 'conflict';
  await db
    .insertInto('indicator_systems')
    .values({ code: system.code, version: system.version, hash: system.hash, name_zh: system.nameZh, name_en: system.nameEn, document: JSON.stringify(system.document) })
    .execute();
  return 'created';
}

/** A given version, or the most recently stored one. */
export async function findIndicatorSystem(db: Kysely<DB>, code: string, version?: string): Promise<StoredSystem | undefined> {
  let query = db.selectFrom('indicator_systems').selectAll().where('code', '=', code);
  query = version === undefined ? query.orderBy('created_at', 'desc').orderBy('version', 'desc') : query.where('version', '=', version);
  const row = await query.limit(1).executeTakeFirst();
  return row && { code: row.code, version: row.version, hash: row.hash, document: row.document, createdAt: row.created_at };
}

export async function listIndicatorSystems(db: Kysely<DB>) {
  return db.selectFrom('indicator_systems').select(['code', 'version', 'hash', 'name_zh', 'name_en', 'created_at']).orderBy('code').orderBy('created_at').execute();
}
