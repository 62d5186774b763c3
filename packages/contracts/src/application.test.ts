import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FundingPlanSchema, FundingPoolSchema, FundingRuleSchema, ResponseThresholdsSchema, ResultListsConfigSchema } from './application';

/** The first issue as "path: message", the way a form shows it. */
function firstIssue(result: z.ZodSafeParseResult<unknown>): string {
  if (result.success) throw new Error('expected a failure');
  const issue = result.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('ResponseThresholdsSchema', () => {
  it('fills in the issue defaults', () => {
    expect(ResponseThresholdsSchema.parse({})).toEqual({
      bottomShare: 0.1,
      minPeerGroupSize: 5,
      includeVetoed: true,
      planDueDays: 30,
      optimisationDueDays: 30,
      reviewDueDays: 30,
      feedback: { minItems: 10, minShare: 0.3 },
    });
    expect(ResponseThresholdsSchema.parse({ feedback: { minItems: 5 } }).feedback).toEqual({ minItems: 5, minShare: 0.3 });
  });

  it('names the field in every error', () => {
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ bottomShare: 0 }))).toBe('bottomShare: bottomShare must be more than 0');
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ bottomShare: 1.5 }))).toBe('bottomShare: bottomShare must be at most 1');
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ planDueDays: 7.5 }))).toBe('planDueDays: planDueDays must be a whole number');
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ optimisationDueDays: '30' }))).toBe('optimisationDueDays: optimisationDueDays must be a number');
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ feedback: { minShare: 0 } }))).toBe('feedback.minShare: feedback.minShare must be more than 0');
    expect(firstIssue(ResponseThresholdsSchema.safeParse({ feedback: { minItems: 0 } }))).toBe('feedback.minItems: feedback.minItems must be at least 1');
    expect(ResponseThresholdsSchema.safeParse({ bottomShre: 0.1 }).success).toBe(false);
  });
});

describe('ResultListsConfigSchema', () => {
  it('fills in the issue defaults and names bad fields', () => {
    expect(ResultListsConfigSchema.parse({})).toEqual({ topShare: 0.2, consecutivePeriods: 2, bottomShare: 0.1, minPeerGroupSize: 5 });
    expect(firstIssue(ResultListsConfigSchema.safeParse({ consecutivePeriods: 0 }))).toBe('consecutivePeriods: consecutivePeriods must be at least 1');
    expect(firstIssue(ResultListsConfigSchema.safeParse({ topShare: -0.2 }))).toBe('topShare: topShare must be more than 0');
  });
});

describe('FundingRuleSchema and FundingPoolSchema', () => {
  it('accepts the three methods', () => {
    expect(FundingRuleSchema.parse({ method: 'proportional' })).toEqual({ method: 'proportional' });
    expect(FundingRuleSchema.parse({ method: 'above-floor', floor: 60 })).toEqual({ method: 'above-floor', floor: 60 });
    const coefficients = { excellent: 1.2, good: 1, fair: 0.8, poor: 0 };
    expect(FundingRuleSchema.parse({ method: 'grade-coefficients', coefficients })).toEqual({ method: 'grade-coefficients', coefficients });
  });

  it('names the field of a bad rule', () => {
    expect(firstIssue(FundingRuleSchema.safeParse({ method: 'equal' }))).toBe('method: method must be one of proportional, above-floor, grade-coefficients');
    expect(firstIssue(FundingRuleSchema.safeParse({ method: 'above-floor' }))).toBe('floor: floor must be a number');
    expect(firstIssue(FundingRuleSchema.safeParse({ method: 'above-floor', floor: 120 }))).toBe('floor: floor must be at most 100');
    expect(firstIssue(FundingRuleSchema.safeParse({ method: 'grade-coefficients', coefficients: { good: -1 } }))).toBe('coefficients.good: a grade coefficient must not be negative');
    expect(firstIssue(FundingRuleSchema.safeParse({ method: 'grade-coefficients', coefficients: {} }))).toBe('coefficients: coefficients must give at least one grade');
    expect(FundingRuleSchema.safeParse({ method: 'proportional', floor: 60 }).success).toBe(false);
  });

  it('takes the pool in whole yuan as a positive safe integer', () => {
    expect(FundingPoolSchema.parse(1_000_000)).toBe(1_000_000);
    expect(FundingPoolSchema.safeParse(1000.5).error?.issues[0]?.message).toBe('pool must be whole yuan (no jiao or fen)');
    expect(FundingPoolSchema.safeParse(0).error?.issues[0]?.message).toBe('pool must be more than 0 yuan');
    expect(FundingPoolSchema.safeParse(2 ** 53).error?.issues[0]?.message).toMatch(/^pool must be at most 9007199254740991 yuan/);
    expect(firstIssue(FundingPlanSchema.safeParse({ pool: -5, rule: { method: 'proportional' } }))).toBe('pool: pool must be more than 0 yuan');
  });
});
