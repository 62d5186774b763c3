// Personal data (个人信息) in the ingested records: which fields identify a person and how, the
// field types that check them, and the free text that may contain personal data. The services
// encrypt the personal fields at rest and mask them — and what looks like personal data inside
// the free text — in every response unless a caller is allowed to see them (docs/data-model.md §7).
import { z } from 'zod';
import { expecting } from './fields';
import type { FactTypeName } from './registry';

/** How a personal field is masked: 张** · 138****5678 · 110105********002X. */
export type PersonalFieldKind = 'name' | 'phone' | 'id_number';

export interface PersonalDataFields {
  /** Fields that identify a person: encrypted at rest, masked by their kind in responses. */
  readonly personal: Readonly<Record<string, PersonalFieldKind>>;
  /**
   * Free text written by people: stored as sent (text analysis reads it), but phone numbers, ID
   * numbers and e-mail addresses found inside it are masked in responses.
   */
  readonly freeText: readonly string[];
  /** Identifiers the source already pseudonymised (keyed hashes): stored as sent, shown as *** in responses. */
  readonly pseudonymous: readonly string[];
}

const NONE: PersonalDataFields = { personal: {}, freeText: [], pseudonymous: [] };

/** The personal data of each ingestion type; types not listed carry none. */
export const PERSONAL_DATA = {
  feedback: { personal: { contact_name: 'name', contact_phone: 'phone', contact_id_number: 'id_number' }, freeText: ['content'], pseudonymous: [] },
  'manual-submissions': { personal: { submitted_by: 'name' }, freeText: [], pseudonymous: [] },
  ratings: { personal: {}, freeText: ['comment'], pseudonymous: [] },
  'handling-records': { personal: {}, freeText: [], pseudonymous: ['applicant_key'] },
  events: { personal: {}, freeText: [], pseudonymous: ['user_id'] },
} as const satisfies Partial<Record<FactTypeName, PersonalDataFields>>;

/** The personal data of a type (none for types without any, and for unknown names). */
export function personalDataOf(type: string): PersonalDataFields {
  return Object.hasOwn(PERSONAL_DATA, type) ? PERSONAL_DATA[type as keyof typeof PERSONAL_DATA] : NONE;
}

// ---------------------------------------------------------------------------------------------
// Field types
// ---------------------------------------------------------------------------------------------

/** A person's name (or an account), 1–100 characters. */
export const PersonName = z
  .string({ error: expecting("a person's name") })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

const MOBILE = /^(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}$/;
const LANDLINE = /^(?:(?:\+|00)?86[- ]?)?(?:\(0\d{2,3}\)|0\d{2,3})[- ]?[2-9]\d{6,7}(?:[-#转]\d{1,6})?$/;

/** A mainland mobile number (11 digits, 1[3-9]…) or a landline with its area code; +86 and separators allowed. */
export const PhoneNumber = z
  .string({ error: expecting('a phone number') })
  .trim()
  .refine(
    (value) => MOBILE.test(value) || LANDLINE.test(value),
    'must be a mainland mobile number (11 digits, e.g. 13812345678) or a landline with its area code (e.g. 0571-87654321)',
  );

/** GB 11643 weights of the 17 digits before the check character. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character of the first 17 digits of a 居民身份证号码. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Why an 18-character 居民身份证号码 is not one, or null if it is (form, birth date, check character). */
export function idNumberProblem(value: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'must be an 18-character resident ID number (居民身份证号码): 17 digits and a check character 0-9 or X';
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return 'must be a resident ID number (居民身份证号码) whose characters 7–14 are a real birth date YYYYMMDD';
  }
  if (idNumberCheckCharacter(value) !== value[17]) return 'has a wrong check character (GB 11643): a digit was mistyped';
  return null;
}

/** An 18-character 居民身份证号码 with a valid birth date and GB 11643 check character; a lower-case x is read as X. */
export const ResidentIdNumber = z
  .string({ error: expecting('an 18-character resident ID number (居民身份证号码)') })
  .trim()
  .transform((value, ctx) => {
    const upper = value.toUpperCase();
    const problem = idNumberProblem(upper);
    if (problem !== null) {
      // The value itself is never repeated in the message: rejection reports are shown to people.
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return upper;
  });
