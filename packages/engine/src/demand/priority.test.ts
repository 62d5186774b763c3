// Demand priorities worked out by hand with the default configuration: weights user 0.4,
// business 0.35, technical 0.25; each dimension the plain mean of its two factors; people on
// log10 with 100 000 → 100 (log10 = 5); uses per week linear to 5; departments linear 1 → 0,
// 5 → 100; policy relevance 0/40/70/100; complexity and risk 1 → 100 … 5 → 0 (feasibility).
import fc from 'fast-check';
import { DemandPriorityConfigSchema } from '@govperf/contracts';
import { describe, expect, it } from 'vitest';
import { demandFactorScores, demandPriority, quadrantBoard } from './priority';

const base = { peopleAffected: 10_000, usesPerWeek: 2, policyRelevance: 2, departmentsInvolved: 3, complexity: 2, risk: 1 };

describe('demandPriority, worked examples', () => {
  it('A: 社保卡申领表单缺陷 — a quick win', () => {
    // people 10 000 → log10 4 / 5 = 80; 2 uses/week → 2/5 = 40; user = (80 + 40)/2 = 60.
    // policy 2 → 70; 3 departments → (3 − 1)/(5 − 1) = 50; business = 60.
    // complexity 2 → 75; risk 1 → 100; technical = 87.5.
    // score = 0.4·60 + 0.35·60 + 0.25·87.5 = 24 + 21 + 21.875 = 66.875 → 66.88 → P2 (60 ≤ s < 80).
    // value = (0.4·60 + 0.35·60)/0.75 = 60 ≥ 50; effort = 100 − 87.5 = 12.5 < 50 → 快速见效.
    const p = demandPriority(base);
    expect(p.factors).toEqual({ peopleAffected: 80, frequency: 40, policyRelevance: 70, departments: 50, complexity: 75, risk: 100 });
    expect(p.dimensions).toEqual({ user: 60, business: 60, technical: 87.5 });
    expect(p.score).toBe(66.88);
    expect(p).toMatchObject({ urgency: 'P2', urgencyBasis: 'score' });
    expect(p.quadrant).toEqual({ key: 'quick_win', zh: '快速见效', en: 'quick wins', value: 60, effort: 12.5 });
  });

  it('B: a cross-department integration under a national mandate — a major project', () => {
    // people 100 000 → 100 (cap); 10 uses/week → capped 100; user 100. policy 3 → 100; 8 departments →
    // capped 100; business 100. complexity 5 → 0; risk 4 → 25; technical 12.5.
    // score = 40 + 35 + 0.25·12.5 = 78.125 → 78.13 → P2 by score; an orange tier makes it P1.
    // value 100; effort 87.5 → 重点投入.
    const assessment = { peopleAffected: 100_000, usesPerWeek: 10, policyRelevance: 3, departmentsInvolved: 8, complexity: 5, risk: 4 };
    const p = demandPriority(assessment);
    expect(p.score).toBe(78.13);
    expect(p.urgency).toBe('P2');
    expect(p.quadrant).toMatchObject({ key: 'major_project', zh: '重点投入', value: 100, effort: 87.5 });
    expect(demandPriority({ ...assessment, tier: 'orange' })).toMatchObject({ urgency: 'P1', urgencyBasis: 'tier' });
  });

  it('C: a cosmetic fix — a fill-in', () => {
    // people 100 → log10 2 / 5 = 40; 0.5 uses/week → 10; user 25. policy 0 → 0; 1 department → 0;
    // business 0. complexity 1, risk 1 → technical 100.
    // score = 0.4·25 + 0 + 0.25·100 = 35 → P4 (< 40); a blue tier lifts it to P3.
    // value = 0.4·25 / 0.75 = 13.33; effort 0 → 顺手改进.
    const assessment = { peopleAffected: 100, usesPerWeek: 0.5, policyRelevance: 0, departmentsInvolved: 1, complexity: 1, risk: 1 };
    const p = demandPriority(assessment);
    expect(p.score).toBe(35);
    expect(p.urgency).toBe('P4');
    expect(p.quadrant).toMatchObject({ key: 'fill_in', zh: '顺手改进', value: 13.33, effort: 0 });
    expect(demandPriority({ ...assessment, tier: 'blue' }).urgency).toBe('P3');
  });

  it('D: a risky niche request — deprioritise', () => {
    // people 1 → log10 1 = 0; 0 uses → 0; user 0. policy 1 → 40; 2 departments → 25; business 32.5.
    // complexity 4 → 25; risk 5 → 0; technical 12.5.
    // score = 0 + 0.35·32.5 + 0.25·12.5 = 11.375 + 3.125 = 14.5 → P4.
    // value = 11.375 / 0.75 = 15.1666… → 15.17; effort 87.5 → 暂缓.
    const p = demandPriority({ peopleAffected: 1, usesPerWeek: 0, policyRelevance: 1, departmentsInvolved: 2, complexity: 4, risk: 5 });
    expect(p.score).toBe(14.5);
    expect(p.urgency).toBe('P4');
    expect(p.quadrant).toMatchObject({ key: 'deprioritise', zh: '暂缓', en: 'deprioritise', value: 15.17, effort: 87.5 });
    // Nobody affected scores like one person: 0.
    expect(demandFactorScores({ ...base, peopleAffected: 0 }).peopleAffected).toBe(0);
  });

  it('urgency: a red tier or a high-severity alert is P0 whatever the score; a high score is P1', () => {
    const low = { peopleAffected: 1, usesPerWeek: 0, policyRelevance: 0, departmentsInvolved: 1, complexity: 5, risk: 5 };
    expect(demandPriority(low).score).toBe(0);
    expect(demandPriority({ ...low, tier: 'red' })).toMatchObject({ urgency: 'P0', urgencyBasis: 'tier' });
    expect(demandPriority({ ...low, highSeverityAlert: true })).toMatchObject({ urgency: 'P0', urgencyBasis: 'alert' });
    expect(demandPriority({ ...low, tier: 'yellow' }).urgency).toBe('P2');
    // Everything at the top: score 100 → P1 by score, even with a blue tier (the more urgent wins).
    const top = { peopleAffected: 1_000_000, usesPerWeek: 7, policyRelevance: 3, departmentsInvolved: 5, complexity: 1, risk: 1 };
    expect(demandPriority({ ...top, tier: 'blue' })).toMatchObject({ score: 100, urgency: 'P1', urgencyBasis: 'score' });
  });

  it('configurable weights and thresholds', () => {
    // Example A with weights 0.5 / 0.3 / 0.2: 30 + 18 + 17.5 = 65.5; with P2 from 70 it is P3.
    const p = demandPriority(base, { weights: { user: 0.5, business: 0.3, technical: 0.2 }, urgencyThresholds: { P1: 85, P2: 70, P3: 50 } });
    expect(p.score).toBe(65.5);
    expect(p.urgency).toBe('P3');
    // Factor weights: people only → user 80; score = 32 + 21 + 21.875 = 74.875 → 74.88.
    expect(demandPriority(base, { factorWeights: { user: { peopleAffected: 1, frequency: 0 } } }).score).toBe(74.88);
  });

  it('rejects weights that do not sum to 1, naming the fields', () => {
    const result = DemandPriorityConfigSchema.safeParse({ weights: { user: 0.5, business: 0.35, technical: 0.25 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['weights']);
    expect(result.error!.issues[0]!.message).toBe('weights.user + weights.business + weights.technical must sum to 1, got 1.1');
    expect(() => demandPriority(base, { factorWeights: { risk: 1 } as never })).toThrow();
    expect(() => demandPriority({ ...base, complexity: 6 })).toThrow(/complexity must be from 1 to 5/);
  });
});

describe('quadrantBoard', () => {
  it('groups by quadrant, most urgent first, then by score', () => {
    const item = (id: string, overrides: object) => ({ id, priority: demandPriority({ ...base, ...overrides }) });
    const board = quadrantBoard([item('a', {}), item('b', { tier: 'orange' }), item('c', { usesPerWeek: 5 }), item('d', { complexity: 5, risk: 5 })]);
    // a: 66.88 P2; b: P1 by its tier; c: user (80 + 100)/2 = 90 → 36 + 21 + 21.875 = 78.88 P2.
    expect(board.quick_win.map((x) => x.id)).toEqual(['b', 'c', 'a']);
    // d: technical 0 → effort 100, value 60 → major project.
    expect(board.major_project.map((x) => x.id)).toEqual(['d']);
    expect(board.fill_in).toEqual([]);
    expect(board.deprioritise).toEqual([]);
  });
});

describe('priority properties', () => {
  const assessmentArb = fc.record({
    peopleAffected: fc.integer({ min: 0, max: 10_000_000 }),
    usesPerWeek: fc.double({ min: 0, max: 50, noNaN: true }),
    policyRelevance: fc.integer({ min: 0, max: 3 }),
    departmentsInvolved: fc.integer({ min: 1, max: 20 }),
    complexity: fc.integer({ min: 1, max: 5 }),
    risk: fc.integer({ min: 1, max: 5 }),
  });

  it('scores stay in 0–100 and never fall when a value factor rises or complexity falls', () => {
    fc.assert(
      fc.property(assessmentArb, (a) => {
        const p = demandPriority(a);
        expect(p.score).toBeGreaterThanOrEqual(0);
        expect(p.score).toBeLessThanOrEqual(100);
        expect(demandPriority({ ...a, peopleAffected: a.peopleAffected * 2 + 1 }).score).toBeGreaterThanOrEqual(p.score);
        expect(demandPriority({ ...a, departmentsInvolved: a.departmentsInvolved + 1 }).score).toBeGreaterThanOrEqual(p.score);
        expect(demandPriority({ ...a, complexity: Math.max(1, a.complexity - 1) }).score).toBeGreaterThanOrEqual(p.score);
      }),
      { numRuns: 200 },
    );
  });
});
