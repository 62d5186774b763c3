// Declarative metric definitions: which fact table, which org-unit column attributes a row,
// which timestamp places it in the period, what to aggregate, and which rows count. They are
// data, checked by zod, and compiled to SQL by compile.ts — never hand-written SQL per metric.
import { z } from 'zod';

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name is lower snake case');
const literal = z.union([z.string(), z.number(), z.boolean()]);

export type Condition =
  | { column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string | number | boolean }
  | { column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; otherColumn: string }
  | { column: string; op: 'in' | 'not_in'; values: (string | number)[] }
  | { column: string; op: 'is_null' | 'not_null' }
  | { any: Condition[] };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ column, op: z.enum(['=', '!=', '<', '<=', '>', '>=']), value: literal }),
    z.strictObject({ column, op: z.enum(['=', '!=', '<', '<=', '>', '>=']), otherColumn: column }),
    z.strictObject({ column, op: z.enum(['in', 'not_in']), values: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ column, op: z.enum(['is_null', 'not_null']) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
  ]),
);

export const AggregateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count') }),
  z.strictObject({ kind: z.literal('sum'), column }),
  z.strictObject({ kind: z.literal('max'), column }),
  /** Distinct values over the whole subtree: recomputed per ancestor, never summed. */
  z.strictObject({ kind: z.literal('count_distinct'), column }),
  /** Mean over the calendar months of the period of the distinct values per month (e.g. monthly active users). */
  z.strictObject({ kind: z.literal('monthly_distinct_avg'), column }),
]);
export type Aggregate = z.infer<typeof AggregateSchema>;

export const WindowSchema = z.discriminatedUnion('kind', [
  /** Rows whose `column` lies in [period start, period end). */
  z.strictObject({ kind: z.literal('period'), column }),
  /** Per unit, the rows of the latest snapshot (`column`, a date) taken before the period ends. */
  z.strictObject({ kind: z.literal('snapshot'), column }),
]);
export type MetricWindow = z.infer<typeof WindowSchema>;

export const MetricDefinitionSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/, 'a metric name is <fact>.<measure>'),
  table: column,
  /** The org-unit column that attributes a row (rolled up to every ancestor). */
  unitColumn: column.default('org_unit'),
  window: WindowSchema,
  aggregate: AggregateSchema,
  where: z.array(ConditionSchema).default([]),
  /** Count only records that passed the quality checks (everything but quality.* metrics). */
  acceptedOnly: z.boolean().default(true),
});
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;
export type MetricDefinitionInput = z.input<typeof MetricDefinitionSchema>;
