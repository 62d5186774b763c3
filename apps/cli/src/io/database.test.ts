import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '@govperf/storage/testing';
import { CliError } from '../errors';
import { run } from '../main';
import { withReadyDatabase } from './database';

async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const key of ['DATABASE_URL', 'GOVPERF_DATA_DIR', 'GOVPERF_DATA_KEY', 'GOVPERF_DATA_KEY_ID', 'GOVPERF_DATA_CIPHER']) delete process.env[key];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}

describe('withReadyDatabase hands commands the field cipher of the configured data key', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'govperf-cli-key-')), 'data');
  beforeAll(async () => {
    await withEnv({ GOVPERF_DATA_DIR: dataDir }, async () => expect(await run(['db', 'migrate'], { out: () => {}, err: () => {} })).toBe(0));
  });

  it('embedded: generates the key on first use only, and reuses it', async () => {
    const keyFile = join(dataDir, 'keys', 'data.key');
    await withEnv({ GOVPERF_DATA_DIR: dataDir }, () => withReadyDatabase(async (_database, cipher) => expect(cipher.keyId).toBe('k1')));
    expect(existsSync(keyFile)).toBe(false);
    const envelope = await withEnv({ GOVPERF_DATA_DIR: dataDir }, () => withReadyDatabase(async (_database, cipher) => cipher.encrypt('13812345678')));
    expect(existsSync(keyFile)).toBe(true);
    expect(await withEnv({ GOVPERF_DATA_DIR: dataDir }, () => withReadyDatabase(async (_database, cipher) => cipher.decrypt(envelope)))).toBe('13812345678');
  });

  it('uses GOVPERF_DATA_KEY, GOVPERF_DATA_KEY_ID and GOVPERF_DATA_CIPHER when set', async () => {
    const env = { GOVPERF_DATA_DIR: dataDir, GOVPERF_DATA_KEY: Buffer.alloc(32, 3).toString('base64'), GOVPERF_DATA_KEY_ID: 'ops1', GOVPERF_DATA_CIPHER: 'sm4' };
    const envelope = await withEnv(env, () => withReadyDatabase(async (_database, cipher) => cipher.encrypt('张三')));
    expect(envelope).toMatch(/^gp1\.sm4\.ops1\./);
    // Another key cannot open it: the command fails with a message, not a stack trace.
    await expect(withEnv({ GOVPERF_DATA_DIR: dataDir, GOVPERF_DATA_KEY_ID: 'ops1', GOVPERF_DATA_CIPHER: 'sm4' }, () => withReadyDatabase(async (_database, cipher) => cipher.decrypt(envelope)))).rejects.toThrow(
      CliError,
    );
  });
});

const postgres = testEngines().find((e) => e.name === 'postgres');
describe.skipIf(!postgres)('withReadyDatabase on PostgreSQL without GOVPERF_DATA_KEY', () => {
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await postgres!.open();
    dispose = opened.dispose;
    const { name } = await opened.database.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow();
    const admin = new URL(process.env.GOVPERF_TEST_POSTGRES_URL!);
    admin.pathname = `/${name}`;
    url = admin.toString();
    await opened.database.close();
  });
  afterAll(async () => dispose());

  it('runs commands that need no key, and refuses the first use of the key saying what to set', async () => {
    expect(await withEnv({ DATABASE_URL: url }, () => withReadyDatabase(async (_database, cipher) => cipher.isEnvelope('13812345678')))).toBe(false);
    await expect(withEnv({ DATABASE_URL: url }, () => withReadyDatabase(async (_database, cipher) => cipher.encrypt('13812345678')))).rejects.toThrow(
      /^GOVPERF_DATA_KEY is not set: with DATABASE_URL \(PostgreSQL\)/,
    );
  });
});
