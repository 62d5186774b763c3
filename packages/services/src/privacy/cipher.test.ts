import { createCipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, FieldCipherError, isEnvelope, type FieldCipherAlgorithm } from './cipher';

const hex = (s: string) => Buffer.from(s, 'hex');
/** A fixed test key: the bytes 0, 1, …, 31. */
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const ALGORITHMS: FieldCipherAlgorithm[] = ['aes-256-gcm', 'sm4'];

describe('the primitives, pinned by published test vectors', () => {
  it('SM4 (GB/T 32907-2016, appendix A example 1)', () => {
    const cipher = createCipheriv('sm4-ecb', hex('0123456789abcdeffedcba9876543210'), null).setAutoPadding(false);
    const out = Buffer.concat([cipher.update(hex('0123456789abcdeffedcba9876543210')), cipher.final()]);
    expect(out.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM3 (GB/T 32905-2016, example 1: "abc")', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('AES-256-GCM (the GCM specification of McGrew and Viega, NIST, test cases 13 and 15)', () => {
    const empty = createCipheriv('aes-256-gcm', Buffer.alloc(32), Buffer.alloc(12));
    empty.final();
    expect(empty.getAuthTag().toString('hex')).toBe('530f8afbc74536b9a963b4f1c4cb738b');

    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const plain = hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
    );
    const cipher = createCipheriv('aes-256-gcm', key, hex('cafebabefacedbaddecaf888'));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    expect(ct.toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
    );
    expect(cipher.getAuthTag().toString('hex')).toBe('b094dac5d93471bdec1a502270e3cc6c');
  });
});

describe('the envelope format', () => {
  // Known answers for the fixed key: a change of the format, the key derivation or the IV rule
  // would make stored values unreadable, so it must be a deliberate one (a new envelope version).
  it.each([
    ['aes-256-gcm', '13812345678', 'gp1.aes-256-gcm.k1.J4f5euOB8ZjH_oSG.qpNeIEP0kKsA8UU.25EBRc5vJeHAHvIINSdfNg'],
    ['aes-256-gcm', '张三丰', 'gp1.aes-256-gcm.k1.jEIfB2rk_8XgFFOE.IiibmkDHUcIu.8zI-s-AKDyqm0i9JDeDlJw'],
    ['sm4', '13812345678', 'gp1.sm4.k1.wHERDflasdNhL22TsmBORw.ugbxU2iRy6TKcrE.CyAxaSnqcABhlGiVAr9JKxE2M1RJXKYD7eQXpt-KuOw'],
    ['sm4', '张三丰', 'gp1.sm4.k1.X1gAqbBR_PQFrn5zcy1r_Q.A79yHBimsZR-.OGtdzgZ3n79e49t91Bv9ve3pfei9aCjkfnhEVVvzqKU'],
  ] as const)('%s encrypts %s to a known envelope', (algorithm, plain, envelope) => {
    const cipher = createFieldCipher({ algorithm, key: KEY, keyId: 'k1' });
    expect(cipher.encrypt(plain)).toBe(envelope);
    expect(cipher.decrypt(envelope)).toBe(plain);
  });

  it('is what the documented construction gives, recomputed here from node:crypto alone', () => {
    const salt = Buffer.from('govperf/field-cipher/gp1');
    const derive = (digest: string, purpose: string, length: number) => Buffer.from(hkdfSync(digest, KEY, salt, `govperf field cipher: ${purpose}`, length));
    const plain = Buffer.from('13812345678');

    const aesIv = createHmac('sha256', derive('sha256', 'aes-256-gcm synthetic iv key', 32)).update(plain).digest().subarray(0, 12);
    const aes = createCipheriv('aes-256-gcm', derive('sha256', 'aes-256-gcm encryption key', 32), aesIv);
    aes.setAAD(Buffer.from('gp1.aes-256-gcm.k1'));
    const aesCt = Buffer.concat([aes.update(plain), aes.final()]);
    const aesEnvelope = ['gp1', 'aes-256-gcm', 'k1', aesIv.toString('base64url'), aesCt.toString('base64url'), aes.getAuthTag().toString('base64url')].join('.');
    expect(createFieldCipher({ algorithm: 'aes-256-gcm', key: KEY, keyId: 'k1' }).encrypt('13812345678')).toBe(aesEnvelope);

    const smIv = createHmac('sm3', derive('sm3', 'sm4 synthetic iv key (hmac-sm3)', 32)).update(plain).digest().subarray(0, 16);
    const sm = createCipheriv('sm4-ctr', derive('sm3', 'sm4-ctr encryption key', 16), smIv);
    const smCt = Buffer.concat([sm.update(plain), sm.final()]);
    const mac = createHmac('sm3', derive('sm3', 'sm4 mac key (hmac-sm3)', 32)).update(Buffer.concat([Buffer.from('gp1.sm4.k1'), Buffer.of(0), smIv, smCt])).digest();
    const smEnvelope = ['gp1', 'sm4', 'k1', smIv.toString('base64url'), smCt.toString('base64url'), mac.toString('base64url')].join('.');
    expect(createFieldCipher({ algorithm: 'sm4', key: KEY, keyId: 'k1' }).encrypt('13812345678')).toBe(smEnvelope);
  });
});

describe.each(ALGORITHMS)('the field cipher with %s', (algorithm) => {
  const cipher = createFieldCipher({ algorithm, key: KEY, keyId: 'k1' });

  it('round-trips Chinese text, ID numbers, empty and long values', () => {
    for (const value of ['张三丰', '上城区数据资源管理局 王敏', '11010519491231002X', '0571-87654321', '', '诉'.repeat(5000), '😀 emoji']) {
      const envelope = cipher.decrypt(cipher.encrypt(value));
      expect(envelope).toBe(value);
    }
  });

  it('is deterministic, and different values give different envelopes', () => {
    expect(cipher.encrypt('13812345678')).toBe(cipher.encrypt('13812345678'));
    expect(createFieldCipher({ algorithm, key: Buffer.from(KEY), keyId: 'k1' }).encrypt('张三')).toBe(cipher.encrypt('张三'));
    const envelopes = new Set(['13812345678', '13812345679', '张三', '张三 ', '李四'].map((v) => cipher.encrypt(v)));
    expect(envelopes.size).toBe(5);
    // The plaintext shows nowhere in the envelope.
    expect(cipher.encrypt('13812345678')).not.toContain('1381234');
  });

  it('recognises envelopes by their form', () => {
    expect(cipher.isEnvelope(cipher.encrypt('张三'))).toBe(true);
    expect(isEnvelope(cipher.encrypt(''))).toBe(true);
    for (const value of ['13812345678', '张三', 'gp1.', 'gp1.rot13.k1.a.b.c', 'gp1.sm4.k.1.a.b.c']) expect(cipher.isEnvelope(value)).toBe(false);
  });

  it('detects any tampering: a changed IV, ciphertext, tag, key id or algorithm', () => {
    const envelope = cipher.encrypt('13812345678');
    const parts = envelope.split('.');
    const flip = (s: string) => {
      // Change the first character's 6 bits entirely, so the decoded bytes change.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      return alphabet[(alphabet.indexOf(s[0]!) + 32) % 64]! + s.slice(1);
    };
    for (const i of [3, 4, 5]) {
      const tampered = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => cipher.decrypt(tampered), `part ${i}`).toThrow(FieldCipherError);
      expect(() => cipher.decrypt(tampered)).toThrow(/does not verify|damaged/);
    }
    // Swapping ciphertexts between envelopes fails too (the tag covers IV and ciphertext).
    const other = cipher.encrypt('13812345679').split('.');
    expect(() => cipher.decrypt([...parts.slice(0, 4), other[4], parts[5]].join('.'))).toThrow(/does not verify/);
    expect(() => cipher.decrypt(`${envelope}x`)).toThrow(FieldCipherError);
    expect(() => cipher.decrypt('13812345678')).toThrow(/not an encrypted value/);
    // A relabelled key id is refused before anything is decrypted; so is the wrong algorithm.
    expect(() => cipher.decrypt(envelope.replace('.k1.', '.k2.'))).toThrow(/encrypted with key "k2", but the configured key is "k1"/);
    const otherAlgorithm = createFieldCipher({ algorithm: algorithm === 'sm4' ? 'aes-256-gcm' : 'sm4', key: KEY, keyId: 'k1' });
    expect(() => otherAlgorithm.decrypt(envelope)).toThrow(new RegExp(`encrypted with ${algorithm}, but the configured cipher is`));
  });

  it('refuses a value under a different key, even one with the same key id', () => {
    const envelope = cipher.encrypt('张三丰');
    const otherKey = Buffer.from(KEY);
    otherKey[0] ^= 1;
    const wrong = createFieldCipher({ algorithm, key: otherKey, keyId: 'k1' });
    expect(() => wrong.decrypt(envelope)).toThrow(/does not verify: it was altered, or encrypted under a different key/);
    expect(wrong.encrypt('张三丰')).not.toBe(envelope);
  });

  it('never puts the value into an error message', () => {
    const envelope = cipher.encrypt('13812345678');
    try {
      createFieldCipher({ algorithm, key: Buffer.alloc(32), keyId: 'k1' }).decrypt(envelope);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('13812345678');
    }
  });
});

it('refuses bad options with a clear error', () => {
  expect(() => createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(16), keyId: 'k1' })).toThrow('the master key must be 32 bytes, got 16');
  expect(() => createFieldCipher({ algorithm: 'aes-256-gcm', key: KEY, keyId: 'k.1' })).toThrow(/key id must be 1–32 letters/);
  expect(() => createFieldCipher({ algorithm: 'des' as FieldCipherAlgorithm, key: KEY, keyId: 'k1' })).toThrow(/unknown field cipher "des"/);
});
