// The CSV fast path: a hand-written check per field type for cells already in the form the
// field's schema would accept, registered beside the schema (fields.ts). A row whose every cell
// passes its check is converted without zod; any other row — a blank required cell, an unknown
// column, an odd number, a timestamp with an offset — goes through the CSV schema as before, so
// every refusal still comes from zod, naming the field. A check may therefore always answer FAIL
// ("let zod decide"); what it must never do is accept a cell zod would refuse or return another
// value than zod would (cells.test.ts compares both paths).
import type { z } from 'zod';

/** A check's answer for a cell it does not decide: the row goes through the CSV schema. */
export const FAIL: unique symbol = Symbol('let the CSV schema decide');
export type Fail = typeof FAIL;

/**
 * A field's fast check of one non-blank CSV cell: `cell` as read (what the CSV schema hands the
 * field), `text` the same trimmed. Returns the field's output value, or FAIL.
 */
export type CellCheck = (cell: string, text: string) => unknown;

const checks = new WeakMap<object, CellCheck>();

/** Registers the fast check of a field schema; returns the schema. */
export function fastCell<T extends z.ZodType>(schema: T, check: CellCheck): T {
  checks.set(schema, check);
  return schema;
}

/** The fast check registered for exactly this schema object, if any. */
export function fastCheckOf(schema: z.core.$ZodType): CellCheck | undefined {
  return checks.get(schema);
}

// Cell conversion shared with csvRowToRecord (define.ts).
export const TRUE = new Set(['true', '1', '是', 'y']);
export const FALSE = new Set(['false', '0', '否', 'n']);
export const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Booleans as the CSV schema converts them (any case). */
export const flagCell: CellCheck = (_cell, text) => {
  if (text.length > 5) return FAIL;
  const lower = text.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : FAIL;
};

const PLAIN_INT = /^\d{1,15}$/;
const PLAIN_DECIMAL = /^\d{1,15}(\.\d{1,15})?$/;

/** Whole numbers written as plain digits within [min, max]; anything else (signs, exponents, "1.0") FAIL. */
export function intCell(min: number, max: number): CellCheck {
  return (_cell, text) => {
    if (!PLAIN_INT.test(text)) return FAIL;
    const n = Number(text);
    return n >= min && n <= max ? n : FAIL;
  };
}

/** Non-negative numbers written as plain digits with an optional decimal part. */
export const amountCell: CellCheck = (_cell, text) => (PLAIN_DECIMAL.test(text) ? Number(text) : FAIL);

/** Trimmed text of at most `max` characters (non-blank is given: blank cells are absent). */
export function textCell(max: number): CellCheck {
  return (_cell, text) => (text.length <= max ? text : FAIL);
}

/** One of the given values, exactly as written (an enum does not trim). */
export function enumCell(values: readonly string[]): CellCheck {
  const set = new Set(values);
  return (cell) => (set.has(cell) ? cell : FAIL);
}
