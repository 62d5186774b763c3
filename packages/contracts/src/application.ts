// Result application (结果运用, docs/result-application.md): the thresholds that turn a published
// evaluation into responses, the rules of the commendation and interview lists, and the funding
// rule of the budget linkage (以效定补). Every message names its field, so a bad setting in a
// form or a file says which one is wrong.
import { z } from 'zod';

/** A share of a peer group: more than 0, at most 1. */
const share = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .gt(0, `${field} must be more than 0`)
    .max(1, `${field} must be at most 1`);

const count = (field: string, min: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`);

/** Calendar days (not working days) from the publication of the run. */
const dueDays = (field: string) => count(field, 1).max(366, `${field} must be at most 366 (calendar days)`);

export const FeedbackConcentrationSchema = z.strictObject({
  /** A tag or service item needs at least this many pieces of feedback… */
  minItems: count('feedback.minItems', 1).default(10),
  /** …and at least this share of the unit's feedback in the period. */
  minShare: share('feedback.minShare').default(0.3),
});

export const ResponseThresholdsSchema = z.strictObject({
  /** Level 1: the bottom share of each peer group (ceil(n × share) lowest-ranked, ties included). */
  bottomShare: share('bottomShare').default(0.1),
  /** Level 1: a peer group with fewer ranked units than this is too small to have a bottom share. */
  minPeerGroupSize: count('minPeerGroupSize', 1).default(5),
  /** Level 1: a vetoed unit (一票否决) always gets a special rectification plan. */
  includeVetoed: z.boolean({ error: 'includeVetoed must be true or false' }).default(true),
  planDueDays: dueDays('planDueDays').default(30),
  optimisationDueDays: dueDays('optimisationDueDays').default(30),
  reviewDueDays: dueDays('reviewDueDays').default(30),
  feedback: FeedbackConcentrationSchema.default({ minItems: 10, minShare: 0.3 }),
});
export type ResponseThresholds = z.output<typeof ResponseThresholdsSchema>;
export type ResponseThresholdsInput = z.input<typeof ResponseThresholdsSchema>;

export const ResultListsConfigSchema = z.strictObject({
  /** Commendation: in the top share of the peer group (floor(n × share), at least 1, ties included)… */
  topShare: share('topShare').default(0.2),
  /** …in each of this many consecutive periods, the current one last. */
  consecutivePeriods: count('consecutivePeriods', 1).max(12, 'consecutivePeriods must be at most 12').default(2),
  /** Interview (约谈): the bottom share of the peer group in the current period (ceil(n × share), ties included). */
  bottomShare: share('bottomShare').default(0.1),
  /** A peer group with fewer ranked units than this gets no list entries. */
  minPeerGroupSize: count('minPeerGroupSize', 1).default(5),
});
export type ResultListsConfig = z.output<typeof ResultListsConfigSchema>;
export type ResultListsConfigInput = z.input<typeof ResultListsConfigSchema>;

/** A funding pool in whole yuan (元): a positive safe integer, so every sum stays exact. */
export const FundingPoolSchema = z
  .number({ error: 'pool must be a number of yuan' })
  .positive('pool must be more than 0 yuan')
  .max(Number.MAX_SAFE_INTEGER, `pool must be at most ${Number.MAX_SAFE_INTEGER} yuan`)
  // Not .int(): zod's int() also refuses unsafe integers, with the wrong message for them.
  .refine(Number.isInteger, 'pool must be whole yuan (no jiao or fen)');

const coefficient = z
  .number({ error: 'a grade coefficient must be a number' })
  .min(0, 'a grade coefficient must not be negative')
  .max(1_000_000, 'a grade coefficient must be at most 1000000');

export const FUNDING_METHODS = ['proportional', 'above-floor', 'grade-coefficients'] as const;
export type FundingMethod = (typeof FUNDING_METHODS)[number];

export const FundingRuleSchema = z.discriminatedUnion(
  'method',
  [
    /** Each unit's basis is its score. */
    z.strictObject({ method: z.literal('proportional') }),
    /** Each unit's basis is its score above the floor (0 at or below it). */
    z.strictObject({
      method: z.literal('above-floor'),
      floor: z.number({ error: 'floor must be a number' }).min(0, 'floor must be at least 0').max(100, 'floor must be at most 100'),
    }),
    /** Each unit's basis is the coefficient of its grade (e.g. excellent 1.2, good 1.0, fair 0.8, poor 0). */
    z.strictObject({
      method: z.literal('grade-coefficients'),
      coefficients: z
        .record(z.string().min(1, 'a grade code in coefficients must not be empty'), coefficient, { error: 'coefficients must map grade codes to numbers' })
        .refine((c) => Object.keys(c).length > 0, 'coefficients must give at least one grade'),
    }),
  ],
  { error: `method must be one of ${FUNDING_METHODS.join(', ')}` },
);
export type FundingRule = z.output<typeof FundingRuleSchema>;
export type FundingRuleInput = z.input<typeof FundingRuleSchema>;

/** A complete allocation request: the pool and how to divide it. */
export const FundingPlanSchema = z.strictObject({
  pool: FundingPoolSchema,
  rule: FundingRuleSchema,
});
export type FundingPlan = z.output<typeof FundingPlanSchema>;
