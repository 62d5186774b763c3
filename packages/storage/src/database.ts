// Opens the database: PGlite in a data directory (the embedded default), PGlite in memory
// (tests), or PostgreSQL at a URL. Both speak the same SQL, so there is one dialect to keep.
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './dialects/pglite';
import type { DB } from './schema';

export type DatabaseTarget = { kind: 'embedded'; dataDir: string } | { kind: 'memory' } | { kind: 'postgres'; url: string; poolSize?: number };

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** Bulk-loads CSV into a table with COPY (the fastest path on both engines); chunks are text or UTF-8 bytes. */
  copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<number>;
  close(): Promise<void>;
}

// int8 (counts, sums of integers) and numeric arrive as text from PostgreSQL; metrics are
// plain numbers well inside 2^53, so both engines return them as JavaScript numbers.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (value: string) => Number(value);

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

function copySql(table: string, columns: readonly string[], source: string): string {
  return `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from ${source} with (format csv)`;
}

/** CSV text for a COPY run through Kysely (copyCsvText); the connections below recognise it. */
class CopyText {
  constructor(readonly text: string) {}
}

/**
 * COPY of CSV text into a table on the connection of `db` — a database of openDatabase or one
 * of its transactions, so that the rows are staged where the transaction's next statement can
 * read them (e.g. a temporary table). Both engines.
 */
export async function copyCsvText(db: Kysely<DB>, table: string, columns: readonly string[], text: string): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(copySql(table, columns, 'stdin'), [new CopyText(text)]));
}

const copyTextOf = (parameters: readonly unknown[] | undefined) => (parameters?.length === 1 && parameters[0] instanceof CopyText ? parameters[0].text : undefined);

/** PGlite with its query taking copyCsvText's COPY from a Blob (the dialect calls query, closed and close). */
function copyAwarePglite(pglite: PGlite): PGlite {
  const query = (statement: string, parameters?: unknown[], options?: Parameters<PGlite['query']>[2]) => {
    const text = copyTextOf(parameters);
    if (text === undefined) return pglite.query(statement, parameters, options);
    return pglite.query(statement.replace(/ from stdin /, ` from '/dev/blob' `), [], { ...options, blob: new Blob([text]) });
  };
  return new Proxy(pglite, {
    get(target, property) {
      if (property === 'query') return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The databases on the embedded engine (see isEmbedded). */
const embedded = new WeakSet<Kysely<DB>>();

/** Whether `db` is a database of the embedded engine (PGlite) opened by openDatabase; false for PostgreSQL and for transactions. */
export const isEmbedded = (db: Kysely<DB>): boolean => embedded.has(db);

async function openPglite(pglite: PGlite): Promise<Database> {
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(copyAwarePglite(pglite)) });
  embedded.add(db);
  return {
    db,
    kind: 'pglite',
    async copyCsv(table, columns, chunks) {
      const statement = copySql(table, columns, `'/dev/blob'`);
      // PGlite reads COPY input from a Blob; feed it in parts so memory stays bounded.
      let parts: (string | Uint8Array<ArrayBuffer>)[] = [];
      let size = 0;
      let rows = 0;
      const flush = async () => {
        if (size === 0) return;
        const result = await pglite.query(statement, [], { blob: new Blob(parts) });
        rows += result.affectedRows ?? 0;
        parts = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        // Chunks are strings or bytes over a plain ArrayBuffer (what the demo's generator transfers);
        // a SharedArrayBuffer view is not a BlobPart, so it is copied.
        parts.push(typeof chunk === 'string' || chunk.buffer instanceof ArrayBuffer ? (chunk as string | Uint8Array<ArrayBuffer>) : new Uint8Array(chunk));
        size += chunk.length;
        if (size >= 8 * 1024 * 1024) await flush();
      }
      await flush();
      return rows;
    },
    close: once(() => db.destroy()),
  };
}

/** Closing twice is harmless (a server and its shutdown hook may both close). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: copyStreams } = await import('pg-copy-streams');
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // A connection the server ends (an administrator, a failover, a dropped test database) emits
  // 'error'; unheard, that crashes the process. Queries running on it still fail with the error.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  // Kysely's clients: the pool's, with copyCsvText's COPY streamed by pg-copy-streams. One
  // wrapper per client, so Kysely keeps recognising its connections.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const copyAware = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      const query = (statement: unknown, parameters?: readonly unknown[]): unknown => {
        const text = copyTextOf(parameters);
        if (text === undefined) return (client.query as (...args: unknown[]) => unknown)(statement, parameters);
        return new Promise((resolve, reject) => {
          const stream = client.query(copyStreams.from(statement as string));
          stream.on('finish', () => resolve({ command: 'COPY', rowCount: Number(stream.rowCount ?? 0), rows: [] }));
          stream.on('error', reject);
          stream.end(text);
        });
      };
      wrapper = { query, release: () => client.release() } as PostgresPoolClient;
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  const dialectPool: PostgresPool = { connect: async () => copyAware(await pool.connect()), end: () => pool.end() };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: dialectPool }) });
  return {
    db,
    kind: 'postgres',
    async copyCsv(table, columns, chunks) {
      const statement = copySql(table, columns, 'stdin');
      const client = await pool.connect();
      try {
        const stream = client.query(copyStreams.from(statement));
        const done = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        for await (const chunk of chunks) {
          if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
        }
        stream.end();
        await done;
        return Number(stream.rowCount ?? 0);
      } finally {
        client.release();
      }
    },
    close: once(() => db.destroy()),
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  switch (target.kind) {
    case 'embedded':
      return openPglite(await PGlite.create(target.dataDir, { parsers: { [INT8]: toNumber, [NUMERIC]: toNumber } }));
    case 'memory':
      return openPglite(await PGlite.create({ parsers: { [INT8]: toNumber, [NUMERIC]: toNumber } }));
    case 'postgres':
      return openPostgres(target.url, target.poolSize ?? 10);
  }
}
