import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMAND_PRIORITY_CONFIG, DemandAssessmentSchema, DemandPriorityConfigSchema } from './demand';

const messages = (input: unknown) => {
  const result = DemandPriorityConfigSchema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('DemandPriorityConfigSchema', () => {
  it('defaults: user 0.4, business 0.35, technical 0.25; equal factor weights', () => {
    expect(DEFAULT_DEMAND_PRIORITY_CONFIG.weights).toEqual({ user: 0.4, business: 0.35, technical: 0.25 });
    expect(DEFAULT_DEMAND_PRIORITY_CONFIG.factorWeights.technical).toEqual({ complexity: 0.5, risk: 0.5 });
    expect(DEFAULT_DEMAND_PRIORITY_CONFIG.urgencyThresholds).toEqual({ P1: 80, P2: 60, P3: 40 });
    expect(DEFAULT_DEMAND_PRIORITY_CONFIG.scales).toEqual({ peopleCap: 100_000, frequencyCapPerWeek: 5, departmentsCap: 5 });
  });

  it('weights must sum to 1 (within rounding), and the message names the fields', () => {
    expect(messages({ weights: { user: 0.3 } })).toEqual(['weights: weights.user + weights.business + weights.technical must sum to 1, got 0.9']);
    expect(messages({ factorWeights: { business: { departments: 0.2 } } })).toEqual([
      'factorWeights.business: factorWeights.business.policyRelevance + factorWeights.business.departments must sum to 1, got 0.7',
    ]);
    expect(messages({ weights: { user: -0.1, business: 0.85, technical: 0.25 } })).toEqual(['weights.user: weights.user must be ≥ 0']);
    expect(DemandPriorityConfigSchema.safeParse({ weights: { user: 0.1, business: 0.2, technical: 0.7 } }).success).toBe(true);
  });

  it('urgency thresholds must decrease from P1 to P3', () => {
    expect(messages({ urgencyThresholds: { P2: 90 } })).toEqual(['urgencyThresholds: urgencyThresholds must decrease from P1 to P3, got P1 80, P2 90, P3 40']);
  });
});

describe('DemandAssessmentSchema', () => {
  it('bounds every factor and defaults tier and alert', () => {
    const ok = DemandAssessmentSchema.parse({ peopleAffected: 10, usesPerWeek: 1, policyRelevance: 0, departmentsInvolved: 1, complexity: 3, risk: 3 });
    expect(ok).toMatchObject({ tier: null, highSeverityAlert: false });
    const bad = DemandAssessmentSchema.safeParse({ peopleAffected: -1, usesPerWeek: 1, policyRelevance: 4, departmentsInvolved: 0, complexity: 0, risk: 2.5, tier: 'purple' });
    expect(bad.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['peopleAffected', 'policyRelevance', 'departmentsInvolved', 'complexity', 'risk', 'tier']);
  });
});
