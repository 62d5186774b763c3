// Personal fields on their way into the database: encrypted with the configured field cipher, or
// refused when there is none — personal data is never stored in plaintext by mistake.
import { personalDataOf } from '@govperf/contracts';
import type { FieldCipher } from './cipher';
import { PersonalDataError } from './masking';

const present = (value: unknown) => value !== null && value !== undefined && value !== '';

function missingCipher(factType: string, fields: string[]): PersonalDataError {
  return new PersonalDataError(
    `a ${factType} record has personal data (${fields.join(', ')}) but no field cipher was given: ` +
      'refusing to store it in plaintext (pass the cipher from loadFieldCipher(config) to ingestion)',
  );
}

/**
 * A copy of a record (a table row or a record as received) with the type's personal fields
 * encrypted. Text is encrypted as it is; any other value (a number where text was expected, in a
 * refused record) as its JSON text. Null, absent and empty values stay as they are.
 * Throws PersonalDataError when a personal value is present and no cipher is given.
 */
export function encryptPersonalFields<R extends Readonly<Record<string, unknown>>>(factType: string, record: R, cipher: FieldCipher | undefined): R {
  const keys = Object.keys(personalDataOf(factType).personal).filter((key) => present(record[key]));
  if (keys.length === 0) return record;
  if (!cipher) throw missingCipher(factType, keys);
  const out: Record<string, unknown> = { ...record };
  for (const key of keys) {
    const value = out[key];
    out[key] = cipher.encrypt(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out as R;
}

/**
 * A refused record as it will be kept in rejected_records: an object gets its personal fields
 * encrypted; a text that could not be read as a record (of a type with personal fields) is
 * encrypted whole, since it may hold them anywhere. Without a cipher, a text that names a personal
 * field is refused like a record.
 */
export function protectRejectedPayload(factType: string, raw: unknown, cipher: FieldCipher | undefined): unknown {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return encryptPersonalFields(factType, raw as Record<string, unknown>, cipher);
  if (typeof raw !== 'string' || raw === '') return raw;
  const keys = Object.keys(personalDataOf(factType).personal);
  if (keys.length === 0) return raw;
  if (cipher) return cipher.encrypt(raw);
  const named = keys.filter((key) => raw.includes(key));
  if (named.length) throw missingCipher(factType, named);
  return raw;
}
