// Schemas of the files the CLI reads besides indicator systems: AHP judgement files and the
// rows of facts and units CSVs. CSV cells arrive as strings; these schemas coerce and check them.
import { z } from 'zod';
import { JudgementMatrix } from './indicator-system';

export const AhpFileSchema = z.union([
  z.strictObject({ matrix: JudgementMatrix }),
  z.strictObject({ experts: z.array(JudgementMatrix).min(1, 'give at least one expert matrix') }),
]);
export type AhpFile = z.infer<typeof AhpFileSchema>;

const trimmed = z.string().trim();
const required = (what: string) => trimmed.min(1, `${what} is empty`);

/** A decimal number written in a CSV cell: "12", "-0.5", "1e3"; thousands separators are refused. */
export const CsvNumber = trimmed
  .min(1, 'the value is empty')
  .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, 'not a number (write digits with "." as the decimal point, no thousands separators)')
  .transform(Number)
  .refine(Number.isFinite, 'the number is too large');

export const FactRowSchema = z.strictObject({
  unit: required('unit'),
  period: required('period'),
  metric: required('metric').regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'a metric name uses letters, digits, "_" and "."'),
  value: CsvNumber,
});
export type FactRow = z.infer<typeof FactRowSchema>;
export const FACT_COLUMNS = ['unit', 'period', 'metric', 'value'] as const;

export const UnitRowSchema = z.strictObject({
  unit: required('unit'),
  name: trimmed.optional(),
  parent: trimmed.optional(),
  level: trimmed.optional(),
  peer_group: trimmed.optional(),
});
export type UnitRow = z.infer<typeof UnitRowSchema>;
export const UNIT_COLUMNS = ['unit', 'name', 'parent', 'level', 'peer_group'] as const;
