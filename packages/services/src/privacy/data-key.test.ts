import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataKeyFile, DataKeyError, decodeDataKey, deferredFieldCipher, loadFieldCipher, type DataKeyConfig } from './data-key';

const tempDir = () => mkdtempSync(join(tmpdir(), 'govperf-key-'));
const config = (extra: Partial<DataKeyConfig>): DataKeyConfig => ({ dataKeyId: 'k1', dataCipher: 'aes-256-gcm', dataDir: tempDir(), ...extra });

describe('loadFieldCipher', () => {
  it('uses the configured key, on any database', () => {
    const key = Buffer.alloc(32, 9);
    const dataDir = tempDir();
    const cipher = loadFieldCipher(config({ dataKey: key, databaseUrl: 'postgres://db/govperf', dataDir, dataCipher: 'sm4', dataKeyId: '2026a' }));
    expect([cipher.algorithm, cipher.keyId]).toEqual(['sm4', '2026a']);
    expect(cipher.encrypt('张三')).toMatch(/^gp1\.sm4\.2026a\./);
    expect(loadFieldCipher(config({ dataKey: key, dataCipher: 'sm4', dataKeyId: '2026a' })).encrypt('张三')).toBe(cipher.encrypt('张三'));
    // No key file is written when a key is configured.
    expect(() => statSync(dataKeyFile(dataDir))).toThrow();
  });

  it('generates a key for the embedded database once, mode 0600, and reuses it', () => {
    const dataDir = tempDir();
    const first = loadFieldCipher(config({ dataDir }));
    const file = dataKeyFile(dataDir);
    expect(file).toBe(join(dataDir, 'keys', 'data.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeDataKey(readFileSync(file, 'utf8'))).toMatchObject({ key: expect.any(Buffer) });
    const envelope = first.encrypt('13812345678');
    const again = loadFieldCipher(config({ dataDir }));
    expect(again.decrypt(envelope)).toBe('13812345678');
    expect(again.encrypt('13812345678')).toBe(envelope);
    // Another data directory, another key.
    expect(loadFieldCipher(config({})).encrypt('13812345678')).not.toBe(envelope);
  });

  it('refuses PostgreSQL without a configured key, saying what to set', () => {
    const attempt = () => loadFieldCipher(config({ databaseUrl: 'postgres://govperf:pw@db/govperf' }));
    expect(attempt).toThrow(DataKeyError);
    expect(attempt).toThrow(/GOVPERF_DATA_KEY is not set: with DATABASE_URL \(PostgreSQL\).*openssl rand -base64 32/);
    expect(attempt).not.toThrow(/pw@db/);
  });

  it('names a damaged key file', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'keys'));
    writeFileSync(dataKeyFile(dataDir), 'c2hvcnQ=\n');
    expect(() => loadFieldCipher(config({ dataDir }))).toThrow(`${dataKeyFile(dataDir)}: the data key file is damaged: it must hold 32 random bytes in base64`);
  });

  it('decodes keys in base64 and base64url, 32 bytes only', () => {
    const key = Buffer.alloc(32, 0xfb);
    expect(decodeDataKey(key.toString('base64'))).toEqual({ key });
    expect(decodeDataKey(key.toString('base64url'))).toEqual({ key });
    expect(decodeDataKey(Buffer.alloc(16).toString('base64'))).toEqual({ reason: expect.stringMatching(/decodes to 16 bytes/) });
    expect(decodeDataKey('not a key!')).toEqual({ reason: expect.stringMatching(/not base64/) });
  });
});

describe('deferredFieldCipher', () => {
  it('loads the key only when a value is encrypted or decrypted', () => {
    const dataDir = tempDir();
    const cipher = deferredFieldCipher(config({ dataDir }));
    expect([cipher.algorithm, cipher.keyId, cipher.isEnvelope('13812345678')]).toEqual(['aes-256-gcm', 'k1', false]);
    expect(() => statSync(dataKeyFile(dataDir))).toThrow();
    expect(cipher.decrypt(cipher.encrypt('张三'))).toBe('张三');
    expect(statSync(dataKeyFile(dataDir)).isFile()).toBe(true);

    const postgres = deferredFieldCipher(config({ databaseUrl: 'postgres://db/govperf' }));
    expect(postgres.isEnvelope('x')).toBe(false);
    expect(() => postgres.encrypt('张三')).toThrow(DataKeyError);
  });
});
