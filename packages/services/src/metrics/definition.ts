// Declarative metric definitions: which fact table, which org-unit column attributes a row,
// which timestamp places it in the period, what to aggregate, and which rows count. They are
// data, checked by zod, and compiled to SQL by compile.ts — never hand-written SQL per metric.
import { z } from 'zod';

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name is lower snake case');
const literal = z.union([z.string(), z.number(), z.boolean()]);
const comparison = z.enum(['=', '!=', '<', '<=', '>', '>=']);
type Comparison = z.infer<typeof comparison>;

/** A fixed calendar offset (minutes and hours are exact; the period is in Beijing time, which has no DST). */
export const OffsetSchema = z
  .strictObject({ hours: z.int().min(0).optional(), minutes: z.int().min(0).optional() })
  .refine((o) => o.hours !== undefined || o.minutes !== undefined, 'an offset names hours and/or minutes');
export type Offset = z.infer<typeof OffsetSchema>;

export type Condition =
  | { column: string; op: Comparison; value: string | number | boolean }
  /** `column op otherColumn (+ plus)`, e.g. first_response_at <= received_at + 24 hours. */
  | { column: string; op: Comparison; otherColumn: string; plus?: Offset }
  /** `column op` the start or end instant of the evaluated period, e.g. resolved_at < period_end. */
  | { column: string; op: Comparison; bound: 'period_start' | 'period_end' }
  | { column: string; op: 'in' | 'not_in'; values: (string | number)[] }
  /**
   * A JSON array of rule names (quality_flags) has / has none of the values. An element matches a
   * value when it equals it or carries a detail after a colon (`future_timestamp:completed_at`).
   */
  | { column: string; op: 'has_any' | 'has_none'; values: string[] }
  | { column: string; op: 'is_null' | 'not_null' }
  | { any: Condition[] }
  | { all: Condition[] }
  /** Some row of `table` (any time) matches the outer row on the `on` pairs and satisfies `where`. */
  | { exists: { table: string; on: { column: string; outerColumn: string }[]; where?: Condition[] } };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ column, op: comparison, value: literal }),
    z.strictObject({ column, op: comparison, otherColumn: column, plus: OffsetSchema.optional() }),
    z.strictObject({ column, op: comparison, bound: z.enum(['period_start', 'period_end']) }),
    z.strictObject({ column, op: z.enum(['in', 'not_in']), values: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ column, op: z.enum(['has_any', 'has_none']), values: z.array(z.string()).min(1) }),
    z.strictObject({ column, op: z.enum(['is_null', 'not_null']) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({
      exists: z.strictObject({
        table: column,
        on: z.array(z.strictObject({ column, outerColumn: column })).min(1),
        where: z.array(ConditionSchema).optional(),
      }),
    }),
  ]),
);

/**
 * The time between two timestamps of a row, in minutes, hours or (calendar, fractional) days.
 * `toIfNull: 'period_end'` measures an open interval (e.g. not yet recovered) up to the period end;
 * `atLeastZero` clamps negative differences to 0 (GREATEST(…, 0)).
 */
export const ElapsedSchema = z.strictObject({
  from: column,
  to: column,
  unit: z.enum(['minutes', 'hours', 'days']),
  toIfNull: z.literal('period_end').optional(),
  atLeastZero: z.boolean().optional(),
});
export type Elapsed = z.infer<typeof ElapsedSchema>;

/** A numeric column, optionally mapped linearly: (column + plus) * times, e.g. (level - 1) * 25. */
const columnQuantity = { column, plus: z.number().optional(), times: z.number().optional() };

export const AggregateSchema = z.union([
  z.strictObject({ kind: z.literal('count') }),
  z.strictObject({ kind: z.literal('sum'), ...columnQuantity }),
  z.strictObject({ kind: z.literal('sum'), elapsed: ElapsedSchema }),
  z.strictObject({ kind: z.literal('max'), ...columnQuantity }),
  z.strictObject({ kind: z.literal('max'), elapsed: ElapsedSchema }),
  /** Distinct values over the whole subtree: recomputed per ancestor, never summed. */
  z.strictObject({ kind: z.literal('count_distinct'), column }),
  /** Mean over the calendar months of the period of the distinct values per month (e.g. monthly active users). */
  z.strictObject({ kind: z.literal('monthly_distinct_avg'), column }),
]);
export type Aggregate = z.infer<typeof AggregateSchema>;

export const WindowSchema = z.discriminatedUnion('kind', [
  /** Rows whose timestamp `column` lies in [period start, period end). */
  z.strictObject({ kind: z.literal('period'), column }),
  /** Rows whose date `column` is one of the period's (local) days. */
  z.strictObject({ kind: z.literal('period_days'), column }),
  /**
   * Rows whose timestamp `column` is before the period end: cumulative counts and the state at the
   * end of the period (open cases). Only rows matching some metric of the group are read.
   */
  z.strictObject({ kind: z.literal('until_end'), column }),
  /** Per unit, the rows of the latest snapshot (`column`, a date) taken on or before the period's last day. */
  z.strictObject({ kind: z.literal('snapshot'), column }),
  /** Rows whose period text `column` is exactly the evaluated period (`2025-07`, `2025-Q3`, `2025`). */
  z.strictObject({ kind: z.literal('period_label'), column }),
  /** Rows whose own date range [startColumn, endColumn) lies inside the period (monthly rows add up to a quarter). */
  z.strictObject({ kind: z.literal('within_period'), startColumn: column, endColumn: column }),
  /** Rows whose date span [fromColumn, toColumn] (both inclusive, null = open) shares at least one day with the period. */
  z.strictObject({ kind: z.literal('spans_period'), fromColumn: column, toColumn: column }),
]);
export type MetricWindow = z.infer<typeof WindowSchema>;

/**
 * Rows that show a source of the fact covered a unit in the period, besides the metric's own
 * window (e.g. ops_availability days make security incidents 0 rather than no data).
 */
export const CoverageSchema = z.strictObject({ table: column, unitColumn: column.default('org_unit'), window: WindowSchema });
export type Coverage = z.infer<typeof CoverageSchema>;

/** A field of a JSON object column: its text, or how many of the fields are filled (present, not null, not blank). */
const jsonKey = z.string().regex(/^[a-z_][a-z0-9_]*$/);

/**
 * A column of a union part: a source column, the first non-null of several, a constant, how many
 * of the columns are not null, a JSON array constant (rule names), a field of a JSON object
 * column as text, or how many of its fields are filled (refused records keep their raw payload).
 */
export type UnionExpression =
  | string
  | { coalesce: string[] }
  | { value: string | number | boolean }
  | { filled: string[] }
  | { jsonArray: string[] }
  | { json: string; field: string }
  | { json: string; filledFields: string[] };
export const UnionExpressionSchema: z.ZodType<UnionExpression> = z.union([
  column,
  z.strictObject({ coalesce: z.array(column).min(1) }),
  z.strictObject({ value: literal }),
  z.strictObject({ filled: z.array(column).min(1) }),
  z.strictObject({ jsonArray: z.array(jsonKey) }),
  z.strictObject({ json: column, field: jsonKey }),
  z.strictObject({ json: column, filledFields: z.array(jsonKey).min(1).max(100) }),
]);

/**
 * One table of a union source, with each column of the virtual table mapped from it; `where`
 * keeps only its rows whose column equals the value (refused records of one fact type).
 */
export const UnionPartSchema = z.strictObject({
  table: column,
  where: z.strictObject({ column, equals: z.string() }).optional(),
  columns: z.record(column, UnionExpressionSchema),
});
export type UnionPart = z.infer<typeof UnionPartSchema>;

/**
 * Further rows a count or sum adds up, each with its own window and filter (same table, unit
 * column, aggregate and coverage). They must be disjoint from the metric's own rows and from one
 * another: a row in two of them counts twice. E.g. overdue cases: those completed late in P (a
 * period window) plus those still open past their deadline at its end (a cumulative window) —
 * as one filter they would make one cumulative read of every record before the end.
 */
export const MetricPartSchema = z.strictObject({ window: WindowSchema, where: z.array(ConditionSchema).default([]) });

export const MetricDefinitionSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/, 'a metric name is <fact>.<measure>'),
  /** A fact table; with `union`, the name of the virtual table the parts make up. */
  table: column,
  /** Read rows of several tables as one virtual table (UNION ALL), each part mapping its columns (quality checks over every fact). */
  union: z.array(UnionPartSchema).min(1).optional(),
  /** The org-unit column that attributes a row (rolled up to every ancestor). */
  unitColumn: column.default('org_unit'),
  window: WindowSchema,
  aggregate: AggregateSchema,
  where: z.array(ConditionSchema).default([]),
  /** Count only records that passed the quality checks (everything but quality.* metrics). */
  acceptedOnly: z.boolean().default(true),
  /** Further rows whose presence makes a unit "covered" (0, not no data, when nothing matches). */
  coveredBy: z.array(CoverageSchema).default([]),
  /**
   * When no row of a covered unit matches: 'zero' (counts and sums are 0), or 'no_data' (the unit
   * has a value only if at least one row matched — each manual form item is its own source).
   */
  noMatch: z.enum(['zero', 'no_data']).default('zero'),
  /** Further disjoint rows the value adds up (MetricPartSchema); counts and sums of one table only. */
  plus: z.array(MetricPartSchema).min(1).optional(),
}).refine((d) => !d.plus || ((d.aggregate.kind === 'count' || d.aggregate.kind === 'sum') && !d.union), {
  message: 'only a count or sum of one table adds up further parts (plus)',
  path: ['plus'],
});
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;
export type MetricDefinitionInput = z.input<typeof MetricDefinitionSchema>;

/**
 * The metric's own rows and each of its `plus` parts as definitions of the same name, which the
 * compilers treat as separate metrics; runMetricQueries adds up the values of one name and unit.
 */
export function expandParts(defs: readonly MetricDefinition[]): MetricDefinition[] {
  return defs.flatMap((def) => {
    if (!def.plus) return [def];
    const own: MetricDefinition = { ...def };
    delete own.plus;
    return [own, ...def.plus.map((part) => ({ ...own, window: part.window, where: part.where }))];
  });
}
