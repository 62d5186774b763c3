// Storage tests run against every engine: PGlite (in memory) always, PostgreSQL when
// GOVPERF_TEST_POSTGRES_URL names a server (CI starts one and sets it; in CI its absence is
// an error, so PostgreSQL can never be skipped there silently).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './database';
import { migrateToLatest } from './migrate';
import type { Kysely } from 'kysely';
import { upsertOrgUnits, type OrgUnitRow } from './repos/org-units.repo';
import type { DB } from './schema';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database; dispose() closes and (PostgreSQL) drops it. */
  open(options?: { migrate?: boolean }): Promise<{ database: Database; dispose: () => Promise<void> }>;
}

// eslint-disable-next-line no-restricted-properties -- test infrastructure, not application config.
const env = process.env;

async function migrated(database: Database, migrate: boolean): Promise<Database> {
  if (!migrate) return database;
  const outcome = await migrateToLatest(database);
  if (outcome.error) throw new Error(`migration ${outcome.error.migration} failed: ${outcome.error.message}`);
  return database;
}

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    {
      name: 'pglite',
      async open(options = {}) {
        const database = await migrated(await openDatabase({ kind: 'memory' }), options.migrate ?? true);
        return { database, dispose: () => database.close() };
      },
    },
  ];
  const adminUrl = env.GOVPERF_TEST_POSTGRES_URL;
  if (!adminUrl && env.CI) throw new Error('GOVPERF_TEST_POSTGRES_URL is not set: CI must run the storage tests against PostgreSQL');
  if (adminUrl) {
    engines.push({
      name: 'postgres',
      async open(options = {}) {
        const name = `govperf_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const database = await migrated(await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 }), options.migrate ?? true);
        return {
          database,
          async dispose() {
            await database.close();
            const cleanup = new pg.Client({ connectionString: adminUrl });
            await cleanup.connect();
            try {
              // After a large load autovacuum may be working on the database, and the test role
              // may not terminate it: wait for it briefly rather than fail the test's cleanup.
              for (let attempt = 1; ; attempt++) {
                try {
                  await cleanup.query(`drop database if exists ${name} with (force)`);
                  break;
                } catch (error) {
                  if (attempt >= 40) {
                    console.warn(`test database ${name} left behind: ${error instanceof Error ? error.message : String(error)}`);
                    break;
                  }
                  await new Promise((resolve) => setTimeout(resolve, 250));
                }
              }
            } finally {
              await cleanup.end();
            }
          },
        };
      },
    });
  }
  return engines;
}

/** A small real tree for tests: 浙江省 › 杭州市 (上城区, 拱墅区, 西湖区), 宁波市 (no districts). */
export const TEST_ORG_TREE = [
  { code: '330000', name: '浙江省', level: 'province', parentCode: null },
  { code: '330100', name: '杭州市', level: 'city', parentCode: '330000' },
  { code: '330102', name: '上城区', level: 'county', parentCode: '330100' },
  { code: '330105', name: '拱墅区', level: 'county', parentCode: '330100' },
  { code: '330106', name: '西湖区', level: 'county', parentCode: '330100' },
  { code: '330200', name: '宁波市', level: 'city', parentCode: '330000' },
] as const satisfies readonly OrgUnitRow[];

export async function seedTestOrgTree(db: Kysely<DB>): Promise<void> {
  await upsertOrgUnits(db, TEST_ORG_TREE);
}
