// The data key: the master key of the personal-data cipher. Operators set GOVPERF_DATA_KEY (the
// server's config module reads it); an embedded database without one gets a random key generated
// once into <dataDir>/keys/data.key (mode 0600) and reused on every later start. A PostgreSQL
// deployment must configure its key: there the data directory is not where the data lives, and
// a key generated on one application server would be missing on the next.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFieldCipher, isEnvelope, MASTER_KEY_BYTES, type FieldCipher, type FieldCipherAlgorithm } from './cipher';

/** What loadFieldCipher needs; the server's ServerConfig has these fields. */
export interface DataKeyConfig {
  /** The decoded GOVPERF_DATA_KEY; absent: the embedded database's key file. */
  dataKey?: Uint8Array | undefined;
  /** GOVPERF_DATA_KEY_ID (default k1). */
  dataKeyId: string;
  /** GOVPERF_DATA_CIPHER (default aes-256-gcm). */
  dataCipher: FieldCipherAlgorithm;
  /** Set for PostgreSQL: then the key must be configured. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

/** The data key is missing or unusable. The message says what to do; it never contains the key. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

export const GENERATE_KEY_HINT = 'generate one with `openssl rand -base64 32`';

/** The 32 bytes of a base64 (or base64url) key text, or a reason it is not one. */
export function decodeDataKey(text: string): { key: Buffer } | { reason: string } {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return { reason: `must be ${MASTER_KEY_BYTES} random bytes in base64 (${GENERATE_KEY_HINT}); it contains characters that are not base64` };
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (key.length !== MASTER_KEY_BYTES) return { reason: `must be ${MASTER_KEY_BYTES} random bytes in base64 (${GENERATE_KEY_HINT}); it decodes to ${key.length} bytes` };
  return { key };
}

/** Where the embedded database keeps its generated key. */
export function dataKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'data.key');
}

function readKeyFile(file: string): Buffer {
  const decoded = decodeDataKey(readFileSync(file, 'utf8'));
  if ('reason' in decoded) throw new DataKeyError(`${file}: the data key file is damaged: it ${decoded.reason.replace(/^must be/, 'must hold')}`);
  return decoded.key;
}

/** The embedded database's key: read from the key file, or generated into it on the first start. */
function embeddedKey(dataDir: string): Buffer {
  const file = dataKeyFile(dataDir);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_BYTES);
  try {
    // 'wx': never overwrite a key (another process may have just written one; then that one counts).
    writeFileSync(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
}

/**
 * The field cipher of the configuration: GOVPERF_DATA_KEY if set; otherwise, for the embedded
 * database, the key in <dataDir>/keys/data.key (generated on first use). With DATABASE_URL and no
 * GOVPERF_DATA_KEY it throws DataKeyError telling the operator to set one.
 */
export function loadFieldCipher(config: DataKeyConfig): FieldCipher {
  let key = config.dataKey;
  if (key === undefined) {
    if (config.databaseUrl) {
      throw new DataKeyError(
        'GOVPERF_DATA_KEY is not set: with DATABASE_URL (PostgreSQL) the key that encrypts personal data must be configured — ' +
          `${GENERATE_KEY_HINT}, keep it in your secret store and set GOVPERF_DATA_KEY on every server / 使用 PostgreSQL 时必须配置个人信息加密密钥 GOVPERF_DATA_KEY（可用 openssl rand -base64 32 生成）`,
      );
    }
    key = embeddedKey(config.dataDir);
  }
  return createFieldCipher({ algorithm: config.dataCipher, key, keyId: config.dataKeyId });
}

/**
 * A field cipher that loads its key on first use: for commands that may never touch personal
 * data, which should not fail for a missing key (or create a key file) they do not need. The
 * DataKeyError of loadFieldCipher surfaces from the first encrypt or decrypt.
 */
export function deferredFieldCipher(config: DataKeyConfig): FieldCipher {
  let cipher: FieldCipher | undefined;
  const load = () => (cipher ??= loadFieldCipher(config));
  return {
    algorithm: config.dataCipher,
    keyId: config.dataKeyId,
    encrypt: (plain) => load().encrypt(plain),
    decrypt: (envelope) => load().decrypt(envelope),
    isEnvelope,
  };
}
