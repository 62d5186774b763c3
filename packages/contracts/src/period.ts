// Evaluation periods: a month (2025-06), a quarter (2025-Q3) or a year (2025), in China
// Standard Time. The range is half-open: [start, end).
import { z } from 'zod';

export const PeriodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period is a month (2025-06), a quarter (2025-Q3) or a year (2025)');
export type Period = z.infer<typeof PeriodSchema>;

export interface PeriodRange {
  period: string;
  kind: 'month' | 'quarter' | 'year';
  /** Local midnight (UTC+8) of the first day. */
  start: Date;
  /** Local midnight after the last day (exclusive). */
  end: Date;
}

const localMidnight = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1) - 8 * 3600 * 1000);

export function periodRange(period: string): PeriodRange {
  const parsed = PeriodSchema.parse(period);
  const year = Number(parsed.slice(0, 4));
  if (parsed.length === 4) return { period: parsed, kind: 'year', start: localMidnight(year, 1), end: localMidnight(year + 1, 1) };
  if (parsed[5] === 'Q') {
    const q = Number(parsed[6]);
    return { period: parsed, kind: 'quarter', start: localMidnight(year, 3 * q - 2), end: q === 4 ? localMidnight(year + 1, 1) : localMidnight(year, 3 * q + 1) };
  }
  const month = Number(parsed.slice(5, 7));
  return { period: parsed, kind: 'month', start: localMidnight(year, month), end: month === 12 ? localMidnight(year + 1, 1) : localMidnight(year, month + 1) };
}
