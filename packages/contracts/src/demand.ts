// Demand pool (需求池): the assessment of one demand and the configuration of its priority score.
// The formula lives in the engine (packages/engine/src/demand/priority.ts) and is documented in
// docs/sla-and-priority.md; the labels live here so the console can show them.
import { z } from 'zod';
import { SlaTierSchema } from './sla';

/** Urgency, P0 most urgent. */
export const URGENCY_LEVELS = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export const UrgencySchema = z.enum(URGENCY_LEVELS);
export type Urgency = z.infer<typeof UrgencySchema>;

export const URGENCY_LABELS: Record<Urgency, { zh: string; en: string }> = {
  P0: { zh: '特急', en: 'critical' },
  P1: { zh: '紧急', en: 'urgent' },
  P2: { zh: '高', en: 'high' },
  P3: { zh: '中', en: 'medium' },
  P4: { zh: '低', en: 'low' },
};

/** The quadrant board: value (user + business) against effort (the inverse of technical feasibility). */
export const DEMAND_QUADRANTS = ['quick_win', 'major_project', 'fill_in', 'deprioritise'] as const;
export type DemandQuadrant = (typeof DEMAND_QUADRANTS)[number];

export const DEMAND_QUADRANT_LABELS: Record<DemandQuadrant, { zh: string; en: string }> = {
  quick_win: { zh: '快速见效', en: 'quick wins' },
  major_project: { zh: '重点投入', en: 'major projects' },
  fill_in: { zh: '顺手改进', en: 'fill-ins' },
  deprioritise: { zh: '暂缓', en: 'deprioritise' },
};

/** 政策关联度, 0–3. */
export const POLICY_RELEVANCE_LABELS: readonly { zh: string; en: string }[] = [
  { zh: '无政策依据', en: 'no policy basis' },
  { zh: '部门工作计划', en: 'in a department work plan' },
  { zh: '省市政策要求', en: 'required by a provincial or municipal policy' },
  { zh: '国家或省重点改革任务', en: 'a national or provincial key reform task' },
];

/** 1 (trivial / harmless) to 5 (very complex / risky). */
const OneToFive = (field: string) => z.number().int(`${field} must be a whole number from 1 to 5`).min(1, `${field} must be from 1 to 5`).max(5, `${field} must be from 1 to 5`);

export const DemandAssessmentSchema = z.strictObject({
  /** People affected (受影响人数). */
  peopleAffected: z.number().int('peopleAffected must be a whole number').min(0, 'peopleAffected must be ≥ 0'),
  /** How often the need arises for them, times per week (e.g. 0.25 = monthly, 5 = every working day). */
  usesPerWeek: z.number().min(0, 'usesPerWeek must be ≥ 0').max(10_000, 'usesPerWeek must be at most 10000'),
  /** 政策关联度 0–3, see POLICY_RELEVANCE_LABELS. */
  policyRelevance: z.number().int('policyRelevance must be a whole number from 0 to 3').min(0, 'policyRelevance must be from 0 to 3').max(3, 'policyRelevance must be from 0 to 3'),
  /** Departments whose systems or procedures the demand touches (跨部门), at least the owner. */
  departmentsInvolved: z.number().int('departmentsInvolved must be a whole number').min(1, 'departmentsInvolved must be at least 1'),
  /** 实现复杂度 1–5. */
  complexity: OneToFive('complexity'),
  /** 实施风险 1–5. */
  risk: OneToFive('risk'),
  /** The response tier of the work order the demand came from, if any. */
  tier: SlaTierSchema.nullable().default(null),
  /** A high-severity monitoring alert is open for it (e.g. an outage). */
  highSeverityAlert: z.boolean().default(false),
});
export type DemandAssessment = z.infer<typeof DemandAssessmentSchema>;
export type DemandAssessmentInput = z.input<typeof DemandAssessmentSchema>;

const Weight = (field: string) => z.number({ error: `${field} must be a number` }).min(0, `${field} must be ≥ 0`).max(1, `${field} must be ≤ 1`);

/** Floating-point slack when checking that weights sum to 1 (0.4 + 0.35 + 0.25 ≠ 1 exactly). */
const SUM_TOLERANCE = 1e-9;

/** Checks that an object of weights sums to 1; the message names every field and the sum. */
function sumsToOne(prefix: string) {
  return (weights: Record<string, number>, ctx: z.RefinementCtx) => {
    const keys = Object.keys(weights);
    const total = keys.reduce((sum, key) => sum + weights[key]!, 0);
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      ctx.addIssue({ code: 'custom', path: [], message: `${keys.map((key) => `${prefix}.${key}`).join(' + ')} must sum to 1, got ${Number(total.toPrecision(12))}` });
    }
  };
}

export const DemandPriorityConfigSchema = z.strictObject({
  /** Dimension weights of the priority score. */
  weights: z
    .strictObject({ user: Weight('weights.user').default(0.4), business: Weight('weights.business').default(0.35), technical: Weight('weights.technical').default(0.25) })
    .superRefine(sumsToOne('weights'))
    .prefault({}),
  /** Weights of the sub-factors inside each dimension. */
  factorWeights: z
    .strictObject({
      user: z
        .strictObject({ peopleAffected: Weight('factorWeights.user.peopleAffected').default(0.5), frequency: Weight('factorWeights.user.frequency').default(0.5) })
        .superRefine(sumsToOne('factorWeights.user'))
        .prefault({}),
      business: z
        .strictObject({ policyRelevance: Weight('factorWeights.business.policyRelevance').default(0.5), departments: Weight('factorWeights.business.departments').default(0.5) })
        .superRefine(sumsToOne('factorWeights.business'))
        .prefault({}),
      technical: z
        .strictObject({ complexity: Weight('factorWeights.technical.complexity').default(0.5), risk: Weight('factorWeights.technical.risk').default(0.5) })
        .superRefine(sumsToOne('factorWeights.technical'))
        .prefault({}),
    })
    .prefault({}),
  /** Where each open-ended factor reaches 100. */
  scales: z
    .strictObject({
      /** People affected on a log10 scale: 1 person → 0, this many → 100 (default 100 000: log10 = 5). */
      peopleCap: z.number().int('scales.peopleCap must be a whole number').min(10, 'scales.peopleCap must be at least 10').default(100_000),
      /** Uses per week, linear: 0 → 0, this many → 100 (default 5: every working day). */
      frequencyCapPerWeek: z.number().positive('scales.frequencyCapPerWeek must be greater than 0').default(5),
      /** Departments involved, linear: 1 → 0, this many → 100 (default 5). */
      departmentsCap: z.number().int('scales.departmentsCap must be a whole number').min(2, 'scales.departmentsCap must be at least 2').default(5),
    })
    .prefault({}),
  /** Lowest priority score for each urgency the score alone can give (P0 comes only from a red tier or an alert). */
  urgencyThresholds: z
    .strictObject({
      P1: z.number().min(0).max(100).default(80),
      P2: z.number().min(0).max(100).default(60),
      P3: z.number().min(0).max(100).default(40),
    })
    .superRefine((t, ctx) => {
      if (!(t.P1 > t.P2 && t.P2 > t.P3)) {
        ctx.addIssue({ code: 'custom', path: [], message: `urgencyThresholds must decrease from P1 to P3, got P1 ${t.P1}, P2 ${t.P2}, P3 ${t.P3}` });
      }
    })
    .prefault({}),
  /** The board's dividing lines on the 0–100 value and effort axes. */
  quadrant: z
    .strictObject({
      valueThreshold: z.number().gt(0, 'quadrant.valueThreshold must be between 0 and 100').lt(100, 'quadrant.valueThreshold must be between 0 and 100').default(50),
      effortThreshold: z.number().gt(0, 'quadrant.effortThreshold must be between 0 and 100').lt(100, 'quadrant.effortThreshold must be between 0 and 100').default(50),
    })
    .prefault({}),
});
export type DemandPriorityConfig = z.infer<typeof DemandPriorityConfigSchema>;
export type DemandPriorityConfigInput = z.input<typeof DemandPriorityConfigSchema>;

export const DEFAULT_DEMAND_PRIORITY_CONFIG: DemandPriorityConfig = DemandPriorityConfigSchema.parse({});
