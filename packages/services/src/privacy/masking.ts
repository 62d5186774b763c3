// Masking (脱敏) of personal data for display, following common Chinese practice (GB/T 35273 and
// the usual 政务 display rules): names keep their first character (张三丰 → 张**), mobile numbers
// their first 3 and last 4 digits (138****5678), landlines their area code and last 4 digits,
// resident ID numbers their first 6 (the region of issue) and last 4 characters
// (110105********002X: the birth date is hidden), e-mail addresses the first character of the
// mailbox and the domain (z***@example.com). Free text is scanned for mobile numbers, landlines
// written with their area code, 18-character ID numbers and e-mail addresses.
import { personalDataOf, type PersonalDataFields, type PersonalFieldKind } from '@govperf/contracts';
import { FACT_TABLES } from '@govperf/storage';
import { isEnvelope, type FieldCipher } from './cipher';

export interface PrivacyOptions {
  /** Opens the encrypted values. Without it, encrypted values are shown as *** (and unmask fails). */
  cipher?: FieldCipher | undefined;
  /** Show personal data in full (only for callers allowed to see it). Default false: masked. */
  unmask?: boolean | undefined;
}

/** Personal data that cannot be handled as asked (no cipher to store or show it). */
export class PersonalDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataError';
  }
}

const HAN = /\p{Script=Han}/u;
const stars = (n: number) => '*'.repeat(Math.max(n, 0));

/**
 * 张三丰 → 张**, 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J***. A unit in front of a Chinese name
 * ("上城区数据资源管理局 王敏", how forms often record who filled them in) is kept: 上城区数据资源管理局 王*.
 */
export function maskName(name: string): string {
  const text = name.trim();
  if (text === '') return text;
  const tokens = text.split(/\s+/);
  if (tokens.length > 1 && HAN.test(text)) return [...tokens.slice(0, -1), maskName(tokens.at(-1)!)].join(' ');
  const chars = Array.from(text);
  if (chars.length === 1) return '*';
  // Latin script: the initial only, so the length does not give the name away.
  if (!HAN.test(text)) return `${chars[0]}***`;
  return chars[0] + stars(chars.length - 1);
}

const MOBILE = /^(?:(?:\+|00)?86)?(1[3-9]\d{9})$/;
/** A landline whose area code is set off: 0571-87654321, (0571)87654321, 0571 87654321, 0571-87654321-803. */
const LANDLINE = /^(?:(?:\+|00)?86[- ]?)?(?:\((0\d{2,3})\)|(0\d{2,3})[- ])[- ]?([2-9]\d{6,7})(?:[-#转]\d{1,6})?$/;
/** The same without a separator: 057187654321. */
const LANDLINE_COMPACT = /^(?:(?:\+|00)?86)?(0\d{9,11})$/;

/** 13812345678 → 138****5678; 0571-87654321 → 0571-****4321; anything else keeps its last 4 digits. */
export function maskPhone(phone: string): string {
  const text = phone.trim();
  const compact = text.replace(/[\s-]/g, '');
  const mobile = MOBILE.exec(compact);
  if (mobile) return `${mobile[1]!.slice(0, 3)}****${mobile[1]!.slice(7)}`;
  let area: string | undefined;
  let local: string | undefined;
  const landline = LANDLINE.exec(text);
  if (landline) [area, local] = [landline[1] ?? landline[2]!, landline[3]!];
  else {
    const digits = LANDLINE_COMPACT.exec(compact)?.[1];
    // Without a separator: 010 and 02x are three-digit area codes, all others have four digits.
    const split = digits === undefined ? 0 : /^0(?:10|2\d)/.test(digits) ? 3 : 4;
    if (digits !== undefined && digits.length - split >= 7 && digits.length - split <= 8) [area, local] = [digits.slice(0, split), digits.slice(split)];
  }
  if (area !== undefined && local !== undefined) return `${area}-${stars(local.length - 4)}${local.slice(-4)}`;
  const digits = compact.replace(/\D/g, '');
  return digits.length > 4 ? `${stars(digits.length - 4)}${digits.slice(-4)}` : stars(Math.max(digits.length, 4));
}

/** 11010519491231002X → 110105********002X (first 6 and last 4 kept); a short value is hidden entirely. */
export function maskIdNumber(id: string): string {
  const text = id.trim();
  if (text.length < 15) return stars(Math.max(text.length, 4));
  return `${text.slice(0, 6)}${stars(text.length - 10)}${text.slice(-4)}`;
}

/** zhangsan@example.com → z***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return stars(email.length);
  return `${Array.from(email.slice(0, at))[0]}***${email.slice(at)}`;
}

export function maskByKind(kind: PersonalFieldKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'phone':
      return maskPhone(value);
    case 'id_number':
      return maskIdNumber(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------------------------

/**
 * Full-width digits, letters, parentheses, @ and hyphens as their ASCII forms, character for
 * character (each is one UTF-16 unit either way), so a match in the normalised text has the same
 * position in the original: people type １３８１２３４５６７８ too.
 */
function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\u2010-\u2015\u2212]/g, '-');
}

const FREE_TEXT_PATTERNS: readonly { pattern: RegExp; mask: (match: string) => string }[] = [
  // 18-character resident ID numbers (the check character is not verified: better masked once too often).
  { pattern: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, mask: (m) => maskIdNumber(m.toUpperCase()) },
  // Mobile numbers, also written +86 138 1234 5678 or 138-1234-5678.
  { pattern: /(?<![0-9])(?:(?:\+|00)86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])/g, mask: maskPhone },
  // Landlines written with their area code: 0571-87654321, (0571)87654321.
  { pattern: /(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3}-)[2-9]\d{6,7}(?![0-9])/g, mask: maskPhone },
  { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, mask: maskEmail },
];

/** Masks the mobile numbers, landlines (with area code), ID numbers and e-mail addresses inside a text. */
export function maskFreeText(text: string): string {
  let out = text;
  for (const { pattern, mask } of FREE_TEXT_PATTERNS) {
    const normal = halfWidth(out);
    const matches = [...normal.matchAll(pattern)];
    for (let i = matches.length - 1; i >= 0; i--) {
      const m = matches[i]!;
      out = out.slice(0, m.index) + mask(m[0]) + out.slice(m.index + m[0].length);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** The plaintext of a stored value: opens an envelope, passes anything else (stored before encryption) through. */
function reveal(value: string, cipher: FieldCipher | undefined): string {
  if (!isEnvelope(value)) return value;
  if (!cipher) throw new PersonalDataError('an encrypted personal value cannot be shown without the data key (no field cipher was given)');
  return cipher.decrypt(value);
}

function showPersonal(kind: PersonalFieldKind, value: unknown, options: PrivacyOptions): unknown {
  if (value === null || value === undefined) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (options.unmask) return reveal(text, options.cipher);
  // Masked: without a key an envelope can only be hidden.
  if (isEnvelope(text) && !options.cipher) return '***';
  return maskByKind(kind, reveal(text, options.cipher));
}

/**
 * A record for display: personal fields decrypted and masked by their kind (or only decrypted with
 * `unmask`), free text masked, pseudonymous ids hidden. Other fields are returned as they are.
 */
export function maskPersonalRecord(fields: PersonalDataFields, record: Readonly<Record<string, unknown>>, options: PrivacyOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const [key, kind] of Object.entries(fields.personal)) if (key in out) out[key] = showPersonal(kind, out[key], options);
  if (!options.unmask) {
    for (const key of fields.freeText) if (typeof out[key] === 'string') out[key] = maskFreeText(out[key]);
    for (const key of fields.pseudonymous) if (out[key] !== null && out[key] !== undefined) out[key] = '***';
  }
  return out;
}

/** maskPersonalRecord with the personal data of an ingestion type (PERSONAL_DATA in @govperf/contracts). */
export function maskPersonalFields(factType: string, record: Readonly<Record<string, unknown>>, options: PrivacyOptions = {}): Record<string, unknown> {
  return maskPersonalRecord(personalDataOf(factType), record, options);
}

/**
 * A text kept for a record that could not be read (an NDJSON line that is not JSON): decrypted,
 * and unless unmasked, masked as free text plus the values of the type's personal fields where the
 * text still shows them as `"field": "value"`.
 */
export function maskRecordText(factType: string, text: string, options: PrivacyOptions = {}): string {
  if (isEnvelope(text) && !options.cipher && !options.unmask) return '***';
  const plain = reveal(text, options.cipher);
  if (options.unmask) return plain;
  // The fields first: their masks leave nothing that the free-text patterns would mask again.
  let out = plain;
  for (const [key, kind] of Object.entries(personalDataOf(factType).personal)) {
    out = out.replace(new RegExp(`("${key}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)`, 'g'), (_, head: string, value: string) => head + maskByKind(kind, value));
  }
  return maskFreeText(out);
}

/** The personal data of a table's columns (a fact table of one of the ingestion types; none for others). */
export function personalDataOfTable(table: string): PersonalDataFields {
  for (const [type, mapping] of Object.entries(FACT_TABLES)) if (mapping.tables.some((t) => t.table === table)) return personalDataOf(type);
  return personalDataOf('');
}
