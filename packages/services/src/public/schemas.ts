// What the public portal accepts: administrative-division codes, periods, and a citizen's
// re-rating of a closed rectification task. The route validates the same shapes; the services
// validate again, since they are the edge for the CLI and tests too.
import { AppError, PeriodSchema } from '@govperf/contracts';
import { z } from 'zod';

export const RegionCodeSchema = z.string().regex(/^\d{6,12}$/, 'a region is an administrative division code (6–12 digits)');

/** Mainland mobile numbers: 11 digits from 1[3-9]; spaces, hyphens and a +86 / 86 prefix are dropped first. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export function normaliseMobile(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  return compact.replace(/^(\+?86)(?=1\d{10}$)/, '');
}

export const RERATING_COMMENT_MAX = 500;

export const ReratingSchema = z.strictObject({
  level: z.number().int('level is a whole number').min(1, 'level is 1–5').max(5, 'level is 1–5'),
  phone: z
    .string()
    .max(20, 'phone is not a mainland mobile number')
    .transform(normaliseMobile)
    .refine((p) => MOBILE_PATTERN.test(p), 'phone is not a mainland mobile number (11 digits, 1[3-9]…)'),
  comment: z
    .string()
    .max(RERATING_COMMENT_MAX * 2, `comment is longer than ${RERATING_COMMENT_MAX} characters`)
    .transform((c) => c.trim())
    .refine((c) => [...c].length <= RERATING_COMMENT_MAX, `comment is longer than ${RERATING_COMMENT_MAX} characters`)
    .optional(),
});
export type ReratingInput = z.input<typeof ReratingSchema>;

export const RatingsQuerySchema = z.strictObject({ region: RegionCodeSchema, period: PeriodSchema });

export function parseOrRefuse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
  throw new AppError('validation_failed', { details, message: details.map((d) => `${d.path.join('.') || '(value)'}: ${d.message}`).join('; ') });
}
