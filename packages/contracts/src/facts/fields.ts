// Field types shared by the ingestion schemas (docs/data-model.md). Every field has a message
// that says what was expected, so that an issue's path (the field) plus its message reads as a
// complete sentence in the ingestion report.
import { z } from 'zod';
import { amountCell, enumCell, FAIL, fastCell, flagCell, intCell, textCell } from './cells';

/** "is required" when the key is absent, otherwise "must be <expected>". */
export function expecting(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`);
}

// ---------------------------------------------------------------------------------------------
// Timestamps, dates, periods
// ---------------------------------------------------------------------------------------------

/** Facts without an offset are local times in Asia/Shanghai (UTC+8, no daylight saving). */
export const SHANGHAI_OFFSET_MINUTES = 480;

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a UTC date-time; unlike Date.UTC, years 0–99 stay themselves. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Already canonical (what Chinese systems usually send, and what this function returns). */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?\+08:00$/;

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Normalises an ISO-8601 timestamp to Asia/Shanghai local time with an explicit `+08:00` offset:
 * `2025-06-03T01:15:00Z` and `2025-06-03 09:15:00` (naive = Shanghai time) both become
 * `2025-06-03T09:15:00+08:00`. Seconds may be left out; fractions are kept (up to microseconds,
 * PostgreSQL's precision). Returns null for anything else, including impossible dates and times.
 */
export function normaliseTimestamp(text: string): string | null {
  // The forms exports usually write cost a few character tests and no Date objects.
  const fast = fastTimestamp(text);
  if (fast !== undefined) return fast;
  return generalTimestamp(text);
}

/** Two ASCII digits at i as a number, or -1. */
function digits2(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * normaliseTimestamp for exactly `YYYY-MM-DDTHH:MM:SS+08:00`, `YYYY-MM-DD HH:MM:SS` (or with T;
 * Beijing time) and `YYYY-MM-DDTHH:MM:SSZ`; undefined for any other form (the general parser's).
 */
function fastTimestamp(text: string): string | null | undefined {
  const n = text.length;
  if (n !== 19 && n !== 20 && n !== 25) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return undefined;
  const separator = text[10];
  if (separator !== 'T' && separator !== ' ') return undefined;
  if (n === 25 ? separator !== 'T' || !text.endsWith('+08:00') : n === 20 && text[19] !== 'Z') return undefined;
  const century = digits2(text, 0);
  const yy = digits2(text, 2);
  const month = digits2(text, 5);
  const day = digits2(text, 8);
  const hour = digits2(text, 11);
  const minute = digits2(text, 14);
  const second = digits2(text, 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const year = century * 100 + yy;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (n === 25) return text;
  if (n === 19) return `${text.slice(0, 10)}T${text.slice(11)}+08:00`;
  // UTC: eight hours later, perhaps on the next day.
  if (hour < 16) return `${text.slice(0, 10)}T${pad(hour + 8)}${text.slice(13, 19)}+08:00`;
  let [y, m, d] = [year, month, day + 1];
  if (d > daysInMonth(y, m)) [m, d] = [m + 1, 1];
  if (m > 12) [y, m] = [y + 1, 1];
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(hour - 16)}${text.slice(13, 19)}+08:00`;
}

/** The general parser: any ISO-8601 form with optional seconds, fraction and offset (exported for the tests). */
export function generalTimestamp(text: string): string | null {
  const c = CANONICAL.exec(text);
  if (c) return validDate(Number(c[1]), Number(c[2]), Number(c[3])) ? text : null;
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  let offset = SHANGHAI_OFFSET_MINUTES;
  if (m[8] !== undefined) offset = 0;
  else if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const local = new Date(utc(year, month - 1, day, hour, minute, second) + (SHANGHAI_OFFSET_MINUTES - offset) * 60_000);
  const fraction = m[7] === undefined ? '' : `.${m[7].slice(0, 6)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}+08:00`
  );
}

const TIMESTAMP_EXPECTED = 'an ISO-8601 timestamp such as 2025-06-03T09:15:00+08:00 (without an offset it is Beijing time)';

/** A point in time; the output is always `YYYY-MM-DDTHH:MM:SS[.ffffff]+08:00`. */
export const FactTimestamp = fastCell(
  z.string({ error: expecting(TIMESTAMP_EXPECTED) }).transform((value, ctx) => {
    const normalised = normaliseTimestamp(value);
    if (normalised === null) {
      ctx.addIssue({ code: 'custom', message: `must be ${TIMESTAMP_EXPECTED}`, input: value });
      return z.NEVER;
    }
    return normalised;
  }),
  // The schema sees the cell untrimmed.
  (cell) => normaliseTimestamp(cell) ?? FAIL,
);

const isDate = (value: string) => {
  const m = DATE.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
};

/** A calendar date `YYYY-MM-DD`. */
export const FactDate = fastCell(
  z.string({ error: expecting('a date YYYY-MM-DD') }).trim().refine(isDate, 'must be a date YYYY-MM-DD'),
  (_cell, text) => (isDate(text) ? text : FAIL),
);

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

/** An evaluation period: a year `2025`, a quarter `2025-Q3` or a month `2025-07`. */
export const FactPeriod = fastCell(
  z
    .string({ error: expecting('a period: 2025, 2025-Q3 or 2025-07') })
    .trim()
    .regex(PERIOD, 'must be a period: a year 2025, a quarter 2025-Q3 or a month 2025-07'),
  (_cell, text) => (PERIOD.test(text) ? text : FAIL),
);

/** The dates a period covers, `[start, end)`, as `YYYY-MM-DD`; null if it is not a period. */
export function periodBounds(period: string): { start: string; end: string } | null {
  const m = PERIOD.exec(period.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const [firstMonth, months] = m[2] !== undefined ? [Number(m[2]), 1] : m[3] !== undefined ? [(Number(m[3]) - 1) * 3 + 1, 3] : [1, 12];
  const date = (y: number, monthIndex: number) => {
    const d = new Date(utc(y, monthIndex, 1));
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-01`;
  };
  return { start: date(year, firstMonth - 1), end: date(year, firstMonth - 1 + months) };
}

// ---------------------------------------------------------------------------------------------
// Codes and text
// ---------------------------------------------------------------------------------------------

/** GB/T 2260 administrative division code, extended to township (9) and village (12) digits. */
export const GB2260_PATTERN = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;

export const OrgUnitCode = fastCell(
  z
    .string({ error: expecting('a GB/T 2260 code (6, 9 or 12 digits, e.g. 330102)') })
    .regex(GB2260_PATTERN, 'must be a GB/T 2260 code (6, 9 or 12 digits, e.g. 330102)'),
  // Not trimmed: the schema refuses a code with blanks around it.
  (cell) => (GB2260_PATTERN.test(cell) ? cell : FAIL),
);

/** An identifier: non-empty after trimming, at most 200 characters. */
export const Identifier = fastCell(
  z.string({ error: expecting('a non-empty text identifier') }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  textCell(200),
);

/** A short label or name (at most 500 characters). */
export const Label = fastCell(z.string({ error: expecting('a text') }).trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'), textCell(500));

/** Free text (comments, complaint content), at most 10,000 characters. */
export const FreeText = fastCell(z.string({ error: expecting('a text') }).trim().max(10_000, 'must be at most 10,000 characters'), textCell(10_000));

// ---------------------------------------------------------------------------------------------
// Numbers and flags
// ---------------------------------------------------------------------------------------------

/** A count: an integer ≥ 0 (within PostgreSQL's integer). */
export const Count = fastCell(
  z.int({ error: expecting('a whole number') }).min(0, 'must not be negative').max(2_147_483_647, 'must be at most 2147483647'),
  intCell(0, 2_147_483_647),
);

/** A non-negative amount (minutes, milliseconds, yuan). */
export const Amount = fastCell(z.number({ error: expecting('a number') }).min(0, 'must not be negative'), amountCell);

export const Flag = fastCell(z.boolean({ error: expecting('true or false') }), flagCell);

export function intBetween(min: number, max: number) {
  return fastCell(
    z
      .int({ error: expecting(`a whole number from ${min} to ${max}`) })
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`),
    intCell(min, max),
  );
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return fastCell(z.enum(values, { error: expecting(`one of ${values.join(', ')}`) }), enumCell(values));
}

// ---------------------------------------------------------------------------------------------
// Enumerations of docs/metrics.md §2
// ---------------------------------------------------------------------------------------------

/** Channel of a handling record or a rating: `app` includes mini-programs. */
export const CHANNELS = ['app', 'web', 'hall', 'kiosk', 'phone'] as const;
export const FactChannel = oneOf(CHANNELS);
export type FactChannel = z.infer<typeof FactChannel>;

/** 即办件 / 承诺件 / 联办件 / 特殊件. */
export const ITEM_TYPES = ['immediate', 'promised', 'joint', 'special'] as const;
export const FactItemType = oneOf(ITEM_TYPES);
export type FactItemType = z.infer<typeof FactItemType>;

export const AGE_BANDS = ['<18', '18-44', '45-59', '60-69', '70-79', '80+'] as const;
export const AgeBand = oneOf(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBand>;
/** The age bands the elder (适老化) metrics count. */
export const ELDER_AGE_BANDS = ['60-69', '70-79', '80+'] as const satisfies readonly AgeBand[];

export const APPLICANT_TYPES = ['person', 'enterprise'] as const;
export const ApplicantType = oneOf(APPLICANT_TYPES);
export type ApplicantType = z.infer<typeof ApplicantType>;

// ---------------------------------------------------------------------------------------------
// Data quality (written by the platform's checks, never ingested)
// ---------------------------------------------------------------------------------------------

/**
 * accepted: counts in the metrics (quality_flags may still list non-blocking findings such as
 * late_sync); flagged: suspicious, held out of the metrics until a data operator accepts or
 * rejects it; rejected: failed a validity rule, kept with the reason, never counted.
 */
export const QUALITY_STATUSES = ['accepted', 'rejected', 'flagged'] as const;
export const QualityStatus = z.enum(QUALITY_STATUSES);
export type QualityStatus = z.infer<typeof QualityStatus>;

/** The rules of the arrival and daily checks (metrics.md §2 quality.failed_rules). */
export const QUALITY_RULES = ['negative_duration', 'impossible_duration', 'future_timestamp', 'out_of_range', 'duplicate', 'concentrated_scores', 'late_sync'] as const;
export const QualityRule = z.enum(QUALITY_RULES);
export type QualityRule = z.infer<typeof QualityRule>;

/** An optional field: absent or null in the input, null in the output. */
export function orNull<T extends z.ZodType>(field: T) {
  return field.nullable().default(null);
}
