// SLA policy for work orders (工单): the four response tiers (四级响应), office hours, reminders,
// escalation and the 差评 rectification limit. Every value is configurable per deployment; the
// defaults follow the source document (红 2 小时、橙 24 小时、黄 72 小时、蓝 7 个工作日).
// The clock rules themselves live in the engine (docs/sla-and-priority.md).
import { z } from 'zod';

/** 四级响应等级, most urgent first. The same names as the feedback facts' `tier`. */
export const SLA_TIERS = ['red', 'orange', 'yellow', 'blue'] as const;
export const SlaTierSchema = z.enum(SLA_TIERS);
export type SlaTier = z.infer<typeof SlaTierSchema>;

export const SLA_TIER_LABELS: Record<SlaTier, { zh: string; en: string }> = {
  red: { zh: '红色（系统故障）', en: 'red (system failure)' },
  orange: { zh: '橙色', en: 'orange' },
  yellow: { zh: '黄色（优化建议）', en: 'yellow (improvement suggestion)' },
  blue: { zh: '蓝色（功能新增需求）', en: 'blue (new feature request)' },
};

/**
 * How a limit is measured:
 * - `hours`: a continuous clock (an outage does not wait for Monday);
 * - `working_hours`: only time inside office hours on working days counts;
 * - `working_days`: whole working days after the start date; due at the local midnight that
 *   ends the Nth one (the rule of the engine's `workingDayDeadline`).
 */
export const SLA_CLOCK_UNITS = ['hours', 'working_hours', 'working_days'] as const;
export const SlaClockUnitSchema = z.enum(SLA_CLOCK_UNITS);
export type SlaClockUnit = z.infer<typeof SlaClockUnitSchema>;

/** A bound that keeps a mistyped limit (e.g. 7000 days) from scanning years of calendar. */
const MAX_LIMIT_AMOUNT = 1000;

export const SlaLimitSchema = z
  .strictObject({
    amount: z
      .number({ error: 'amount must be a number' })
      .positive('amount must be greater than 0')
      .max(MAX_LIMIT_AMOUNT, `amount must be at most ${MAX_LIMIT_AMOUNT}`),
    unit: z.enum(SLA_CLOCK_UNITS, { error: `unit must be one of ${SLA_CLOCK_UNITS.join(', ')}` }),
  })
  .superRefine((limit, ctx) => {
    if (limit.unit === 'working_days' && !Number.isInteger(limit.amount)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `amount must be a whole number of working days, got ${limit.amount}` });
    }
  });
export type SlaLimit = z.infer<typeof SlaLimitSchema>;

export const DEFAULT_SLA_LIMITS: Record<SlaTier, SlaLimit> = {
  red: { amount: 2, unit: 'hours' },
  orange: { amount: 24, unit: 'hours' },
  yellow: { amount: 72, unit: 'hours' },
  blue: { amount: 7, unit: 'working_days' },
};

/** A wall-clock time of day in China Standard Time, HH:MM; 24:00 ends a day. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day is HH:MM from 00:00 to 24:00, e.g. 09:00');

/** Minutes since local midnight of an HH:MM string already checked by `TimeOfDaySchema`. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export const OfficeHoursRangeSchema = z
  .strictObject({ from: TimeOfDaySchema, to: TimeOfDaySchema })
  .superRefine((range, ctx) => {
    if (minutesOfDay(range.to) <= minutesOfDay(range.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${range.to}) must be later than from (${range.from})` });
    }
  });
export type OfficeHoursRange = z.infer<typeof OfficeHoursRangeSchema>;

/** Office hours on a working day: half-open [from, to) ranges, in order, not overlapping (touching is fine). */
export const OfficeHoursSchema = z
  .array(OfficeHoursRangeSchema)
  .min(1, 'office hours need at least one range')
  .superRefine((ranges, ctx) => {
    for (let i = 1; i < ranges.length; i++) {
      const previous = ranges[i - 1]!;
      const range = ranges[i]!;
      if (minutesOfDay(range.from) < minutesOfDay(previous.to)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'from'],
          message: `range ${i + 1} starts at ${range.from}, before range ${i} ends at ${previous.to}: ranges must be in order and must not overlap`,
        });
      }
    }
  });

/** 09:00–12:00 and 13:30–17:30: seven office hours a working day. */
export const DEFAULT_OFFICE_HOURS: readonly OfficeHoursRange[] = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '17:30' },
];

const Fraction = z.number({ error: 'a fraction must be a number' }).gt(0, 'a fraction must be greater than 0').max(1, 'a fraction must be at most 1');

/** When reminders go out, as fractions of the limit used; 1 = at the deadline. */
export const ReminderFractionsSchema = z
  .array(Fraction)
  .max(10, 'at most 10 reminders')
  .superRefine((fractions, ctx) => {
    for (let i = 1; i < fractions.length; i++) {
      if (fractions[i]! <= fractions[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: [i], message: `reminder fractions must increase: ${fractions[i]} follows ${fractions[i - 1]}` });
      }
    }
  });

export const EscalationPolicySchema = z.strictObject({
  /**
   * Level 1 (the parent org unit) once overdue; one more level for each further `stepFraction`
   * of the limit overdue (1 = each further whole limit).
   */
  stepFraction: z.number().positive('stepFraction must be greater than 0').max(10, 'stepFraction must be at most 10').default(1),
  /** The highest level escalation reaches (1 = the parent only). */
  maxLevel: z.number().int('maxLevel must be a whole number').min(1, 'maxLevel must be at least 1').max(10, 'maxLevel must be at most 10').default(3),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export const SlaPolicySchema = z.strictObject({
  tiers: z
    .strictObject({
      red: SlaLimitSchema.default(DEFAULT_SLA_LIMITS.red),
      orange: SlaLimitSchema.default(DEFAULT_SLA_LIMITS.orange),
      yellow: SlaLimitSchema.default(DEFAULT_SLA_LIMITS.yellow),
      blue: SlaLimitSchema.default(DEFAULT_SLA_LIMITS.blue),
    })
    .prefault({}),
  officeHours: OfficeHoursSchema.default(() => DEFAULT_OFFICE_HOURS.map((range) => ({ ...range }))),
  reminders: ReminderFractionsSchema.default(() => [0.5, 0.8, 1]),
  /** The state turns from on_track to due_soon once this fraction of the limit is used. */
  dueSoonFraction: Fraction.default(0.8),
  escalation: EscalationPolicySchema.prefault({}),
  /** Every real-name 差评 is rectified within this many working days (national rule: 15). */
  rectificationWorkingDays: z
    .number()
    .int('rectificationWorkingDays must be a whole number')
    .min(1, 'rectificationWorkingDays must be at least 1')
    .max(MAX_LIMIT_AMOUNT, `rectificationWorkingDays must be at most ${MAX_LIMIT_AMOUNT}`)
    .default(15),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type SlaPolicyInput = z.input<typeof SlaPolicySchema>;

export const DEFAULT_SLA_POLICY: SlaPolicy = SlaPolicySchema.parse({});

/** `tiers.orange.amount`, `officeHours[1].from`: where a problem is, in the terms of the policy file. */
function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  return text || '(policy)';
}

/** Every problem of a candidate policy as `field: reason`; empty when it is valid. */
export function slaPolicyProblems(input: unknown): string[] {
  const result = SlaPolicySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
}
