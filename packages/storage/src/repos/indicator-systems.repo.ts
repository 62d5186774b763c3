// Indicator systems by code and version; a version's content never changes once stored. A version
// is a draft (saved from the editor) or published (migration 0013); evaluations that name no
// version use the latest published one.
import type { Kysely } from 'kysely';
import type { DB, IndicatorSystemStatus } from '../schema';

export interface StoredSystem {
  code: string;
  version: string;
  hash: string;
  document: unknown;
  createdAt: Date;
  status: IndicatorSystemStatus;
  publishedAt: Date | null;
  publishedBy: string | null;
  createdBy: string | null;
}

export type SaveSystemOutcome = 'created' | 'unchanged' | 'conflict';

export interface SystemToSave {
  code: string;
  version: string;
  hash: string;
  nameZh: string;
  nameEn: string;
  document: unknown;
  /** 'published' (the default: the command line registers versions ready to use) or 'draft' (the editor). */
  status?: 'draft' | 'published';
  /** Who saved it; for a published version also who published it. */
  by?: string;
}

/** Stores a version; the same content again is a no-op, other content under the same version a conflict. */
export async function saveIndicatorSystem(db: Kysely<DB>, system: SystemToSave): Promise<SaveSystemOutcome> {
  const existing = await db.selectFrom('indicator_systems').select('hash').where('code', '=', system.code).where('version', '=', system.version).executeTakeFirst();
  if (existing) return existing.hash === system.hash ? 'unchanged' : 'conflict';
  const status = system.status ?? 'published';
  const by = system.by ?? null;
  await db
    .insertInto('indicator_systems')
    .values({
      code: system.code, version: system.version, hash: system.hash, name_zh: system.nameZh, name_en: system.nameEn, document: JSON.stringify(system.document),
      status, created_by: by, published_at: status === 'published' ? new Date() : null, published_by: status === 'published' ? by : null,
    })
    .execute();
  return 'created';
}

function toStored(row: { code: string; version: string; hash: string; document: unknown; created_at: Date; status: IndicatorSystemStatus; published_at: Date | null; published_by: string | null; created_by: string | null }): StoredSystem {
  return {
    code: row.code, version: row.version, hash: row.hash, document: row.document, createdAt: row.created_at,
    status: row.status, publishedAt: row.published_at, publishedBy: row.published_by, createdBy: row.created_by,
  };
}

/** A given version (whatever its status), or the most recently published one. */
export async function findIndicatorSystem(db: Kysely<DB>, code: string, version?: string): Promise<StoredSystem | undefined> {
  let query = db.selectFrom('indicator_systems').selectAll().where('code', '=', code);
  query = version === undefined
    ? query.where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('created_at', 'desc').orderBy('version', 'desc')
    : query.where('version', '=', version);
  const row = await query.limit(1).executeTakeFirst();
  return row && toStored(row);
}

export async function listIndicatorSystems(db: Kysely<DB>) {
  return db
    .selectFrom('indicator_systems')
    .select(['code', 'version', 'hash', 'name_zh', 'name_en', 'created_at', 'status', 'published_at', 'published_by', 'created_by'])
    .orderBy('code')
    .orderBy('created_at')
    .orderBy('version')
    .execute();
}

export type PublishSystemOutcome = { outcome: 'published'; publishedAt: Date } | { outcome: 'not_found' } | { outcome: 'not_draft'; status: IndicatorSystemStatus };

/** Publishes a draft; only a draft can be published, and a published version never changes again. */
export async function publishIndicatorSystem(db: Kysely<DB>, code: string, version: string, by: string): Promise<PublishSystemOutcome> {
  const publishedAt = new Date();
  const updated = await db
    .updateTable('indicator_systems')
    .set({ status: 'published', published_at: publishedAt, published_by: by })
    .where('code', '=', code)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .returning('version')
    .executeTakeFirst();
  if (updated) return { outcome: 'published', publishedAt };
  const current = await db.selectFrom('indicator_systems').select('status').where('code', '=', code).where('version', '=', version).executeTakeFirst();
  return current ? { outcome: 'not_draft', status: current.status } : { outcome: 'not_found' };
}
