// AHP on request, for the indicator-system editor: one judgement matrix, or several experts'
// combined by geometric mean (Delphi rounds), with CR and the most inconsistent judgements named.
import { AppError } from '@govperf/contracts';
import { ahp, combineExperts, WeightsInputError, type AhpResult } from '@govperf/engine';
import { z } from 'zod';
import { judgementDispersion } from '../weights/dispersion';

const Matrix = z.array(z.array(z.number().positive('a judgement is a positive number (1/9 … 9)')).min(2).max(15)).min(2, 'at least two criteria').max(15, 'at most 15 criteria');

export const AhpRequestSchema = z
  .strictObject({
    matrix: Matrix.optional(),
    experts: z.array(Matrix).min(1).max(50).optional(),
    method: z.enum(['eigenvector', 'sum', 'geometric']).default('eigenvector'),
  })
  .refine((r) => (r.matrix === undefined) !== (r.experts === undefined), { message: 'send either matrix or experts', path: ['matrix'] });

export interface AhpAnswer extends AhpResult {
  /** With several experts: each expert's own CR, and per judgement the spread of their answers (max/min ratio) and their geometric standard deviation (docs/weights.md §2). */
  experts?: { cr: number; consistent: boolean }[];
  dispersion?: { row: number; col: number; spread: number; gsd: number; high: boolean }[];
}

function validationError(path: (string | number)[], message: string): AppError {
  return new AppError('validation_failed', { details: [{ in: 'body', path, message }] });
}

export function computeAhp(input: unknown): AhpAnswer {
  const parsed = AhpRequestSchema.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', { details: parsed.error.issues.map((i) => ({ in: 'body' as const, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message })) });
  const request = parsed.data;
  try {
    if (request.matrix) return ahp(request.matrix, { method: request.method });
    const experts = request.experts!;
    const combined = ahp(combineExperts(experts), { method: request.method });
    const dispersion = judgementDispersion(experts).map((d) => ({ row: d.row, col: d.col, spread: d.spread, gsd: d.gsd, high: d.high }));
    return { ...combined, experts: experts.map((m) => ahp(m, { method: request.method })).map((r) => ({ cr: r.cr, consistent: r.consistent })), dispersion };
  } catch (error) {
    if (error instanceof WeightsInputError) throw validationError([request.matrix ? 'matrix' : 'experts'], error.message);
    throw error;
  }
}
