// The result of evaluating a formula: a finite number, or "no data" with the first cause.
// No data is never silently turned into 0: a score built on a missing metric must say so.

export type NoDataReason =
  | { readonly kind: 'missing-metric'; readonly metric: string }
  | { readonly kind: 'division-by-zero'; readonly start: number; readonly end: number }
  | { readonly kind: 'not-finite'; readonly start: number; readonly end: number };

export type FormulaValue = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly noData: NoDataReason };

/** Supplies metric values; `undefined` (or NaN) means the metric has no data. */
export type MetricLookup = (metric: string) => number | undefined;

/** A value with data. -0 is normalised to 0 so results print and compare plainly. */
export function withData(value: number): FormulaValue {
  return { ok: true, value: value === 0 ? 0 : value };
}

export function noData(noData: NoDataReason): FormulaValue {
  return { ok: false, noData };
}
