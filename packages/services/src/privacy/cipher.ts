// Field-level encryption of personal data at rest (docs/data-model.md §7). One configured master
// key; per algorithm, separate encryption, IV and MAC keys are derived from it with HKDF. Every
// value becomes a text envelope
//
//   gp1.<algorithm>.<keyId>.<iv>.<ciphertext>.<tag>        (the last three base64url)
//
// stored in an ordinary text column. Node's crypto (OpenSSL 3) only: aes-256-gcm, or the Chinese
// national algorithms SM4 (sm4-ctr; OpenSSL has no sm4-gcm) with HMAC-SM3, encrypt-then-MAC.
//
// The encryption is DETERMINISTIC: the IV is synthetic, HMAC(ivKey, plaintext) truncated to the
// IV length (as in SIV, RFC 5297), so the same value always gives the same envelope. Ingestion
// needs that: it tells a re-sent identical record (a duplicate) from a changed one by comparing
// the stored columns with IS DISTINCT FROM, and a random IV would make every re-sent record with
// contact data look changed. The price is that equal values have equal envelopes (someone who can
// read the table sees that two rows share a phone number, not which). The IV repeats only for the
// same plaintext, where a repeated nonce reveals nothing else; distinct plaintexts collide only
// with the probability of a 96-bit (GCM) / 128-bit (CTR) truncated HMAC collision.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const FIELD_CIPHER_ALGORITHMS = ['aes-256-gcm', 'sm4'] as const;
export type FieldCipherAlgorithm = (typeof FIELD_CIPHER_ALGORITHMS)[number];

export interface FieldCipherOptions {
  algorithm: FieldCipherAlgorithm;
  /** The 32-byte master key (GOVPERF_DATA_KEY). */
  key: Uint8Array;
  /** Names the key in every envelope, so a value encrypted under another key is recognised as such. */
  keyId: string;
}

export interface FieldCipher {
  readonly algorithm: FieldCipherAlgorithm;
  readonly keyId: string;
  /** The envelope of a value; the same value always gives the same envelope under one key. */
  encrypt(plain: string): string;
  /** The value in an envelope; throws FieldCipherError for another key, another algorithm or a tampered envelope. */
  decrypt(envelope: string): string;
  /** Whether a stored value has the form of an envelope (of any key); says nothing about its authenticity. */
  isEnvelope(value: string): boolean;
}

/** An envelope that cannot be opened, or a cipher that cannot be built. The message never contains the value. */
export class FieldCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

export const ENVELOPE_VERSION = 'gp1';
export const MASTER_KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const B64URL = '[A-Za-z0-9_-]';
const ENVELOPE = new RegExp(`^${ENVELOPE_VERSION}\\.(aes-256-gcm|sm4)\\.([A-Za-z0-9_-]{1,32})\\.(${B64URL}+)\\.(${B64URL}*)\\.(${B64URL}+)$`);

/** Whether a value has the form of an envelope (any key, any algorithm). */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${ENVELOPE_VERSION}.`) && ENVELOPE.test(value);
}

/** HKDF salt: fixes the purpose of the derived keys (a version bump derives new ones). */
const SALT = Buffer.from('govperf/field-cipher/gp1', 'utf8');

function derive(digest: 'sha256' | 'sm3', master: Uint8Array, purpose: string, length: number): Buffer {
  return Buffer.from(hkdfSync(digest, master, SALT, `govperf field cipher: ${purpose}`, length));
}

interface Primitive {
  ivLength: number;
  tagLength: number;
  /** Ciphertext and tag of a plaintext under an IV; header = "gp1.<alg>.<keyId>" (authenticated). */
  seal(iv: Buffer, plain: Buffer, header: Buffer): { ct: Buffer; tag: Buffer };
  /** The plaintext, or null if the tag does not verify. */
  open(iv: Buffer, ct: Buffer, tag: Buffer, header: Buffer): Buffer | null;
  syntheticIv(plain: Buffer): Buffer;
}

function aes256gcm(master: Uint8Array): Primitive {
  const encKey = derive('sha256', master, 'aes-256-gcm encryption key', 32);
  const ivKey = derive('sha256', master, 'aes-256-gcm synthetic iv key', 32);
  return {
    ivLength: 12,
    tagLength: 16,
    syntheticIv: (plain) => createHmac('sha256', ivKey).update(plain).digest().subarray(0, 12),
    seal(iv, plain, header) {
      const cipher = createCipheriv('aes-256-gcm', encKey, iv, { authTagLength: 16 });
      cipher.setAAD(header);
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      return { ct, tag: cipher.getAuthTag() };
    },
    open(iv, ct, tag, header) {
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv, { authTagLength: 16 });
      decipher.setAAD(header);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ct), decipher.final()]);
      } catch {
        return null;
      }
    },
  };
}

function sm4(master: Uint8Array): Primitive {
  // SM4 takes a 128-bit key: the 32-byte master key is not cut in half but expanded with HKDF-SM3
  // into three independent keys.
  const encKey = derive('sm3', master, 'sm4-ctr encryption key', 16);
  const ivKey = derive('sm3', master, 'sm4 synthetic iv key (hmac-sm3)', 32);
  const macKey = derive('sm3', master, 'sm4 mac key (hmac-sm3)', 32);
  // MAC input: header, a 0 byte (the header never contains one), the 16-byte IV, the ciphertext.
  const mac = (header: Buffer, iv: Buffer, ct: Buffer) => createHmac('sm3', macKey).update(header).update(Buffer.of(0)).update(iv).update(ct).digest();
  return {
    ivLength: 16,
    tagLength: 32,
    syntheticIv: (plain) => createHmac('sm3', ivKey).update(plain).digest().subarray(0, 16),
    seal(iv, plain, header) {
      const cipher = createCipheriv('sm4-ctr', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      return { ct, tag: mac(header, iv, ct) };
    },
    open(iv, ct, tag, header) {
      // Encrypt-then-MAC: nothing is decrypted before the MAC verifies.
      if (!timingSafeEqual(mac(header, iv, ct), tag)) return null;
      const decipher = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]);
    },
  };
}

export function createFieldCipher(options: FieldCipherOptions): FieldCipher {
  const { algorithm, keyId } = options;
  if (!(FIELD_CIPHER_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new FieldCipherError(`unknown field cipher "${String(algorithm)}" (use ${FIELD_CIPHER_ALGORITHMS.join(' or ')})`);
  }
  if (!KEY_ID_PATTERN.test(keyId)) throw new FieldCipherError('the key id must be 1–32 letters, digits, "-" or "_"');
  if (options.key.length !== MASTER_KEY_BYTES) throw new FieldCipherError(`the master key must be ${MASTER_KEY_BYTES} bytes, got ${options.key.length}`);
  const primitive = algorithm === 'sm4' ? sm4(options.key) : aes256gcm(options.key);
  const prefix = `${ENVELOPE_VERSION}.${algorithm}.${keyId}`;
  const header = Buffer.from(prefix, 'utf8');

  return {
    algorithm,
    keyId,
    isEnvelope,
    encrypt(plain) {
      if (typeof plain !== 'string') throw new FieldCipherError('only text values can be encrypted');
      const bytes = Buffer.from(plain, 'utf8');
      const iv = primitive.syntheticIv(bytes);
      const { ct, tag } = primitive.seal(iv, bytes, header);
      return `${prefix}.${iv.toString('base64url')}.${ct.toString('base64url')}.${tag.toString('base64url')}`;
    },
    decrypt(envelope) {
      const m = typeof envelope === 'string' ? ENVELOPE.exec(envelope) : null;
      if (!m) throw new FieldCipherError('not an encrypted value (expected gp1.<algorithm>.<key id>.<iv>.<ciphertext>.<tag>)');
      const [, alg, id, ivText, ctText, tagText] = m as unknown as [string, string, string, string, string, string];
      if (alg !== algorithm) throw new FieldCipherError(`the value was encrypted with ${alg}, but the configured cipher is ${algorithm} (GOVPERF_DATA_CIPHER)`);
      if (id !== keyId) throw new FieldCipherError(`the value was encrypted with key "${id}", but the configured key is "${keyId}" (GOVPERF_DATA_KEY_ID)`);
      const [iv, ct, tag] = [ivText, ctText, tagText].map((text) => Buffer.from(text, 'base64url')) as [Buffer, Buffer, Buffer];
      // Only the canonical spelling is accepted: one value, one envelope text.
      const canonical = iv.toString('base64url') === ivText && ct.toString('base64url') === ctText && tag.toString('base64url') === tagText;
      if (!canonical || iv.length !== primitive.ivLength || tag.length !== primitive.tagLength) throw new FieldCipherError('the encrypted value is damaged (malformed IV, ciphertext or tag)');
      const plain = primitive.open(iv, ct, tag, header);
      if (plain === null) throw new FieldCipherError(`the encrypted value does not verify: it was altered, or encrypted under a different key that is also called "${keyId}"`);
      return plain.toString('utf8');
    },
  };
}
