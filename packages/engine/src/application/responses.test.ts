import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bottomOf, shareCount, topOf } from './peer-share';
import { draftResponses, responseInputFromEvaluation, type ResponseInput, type ResponseUnit, type SpecialPlanDraft } from './responses';
import type { EvaluationResult } from '../evaluation/types';

/** Ranks by score, standard competition ("1224"), as the evaluator publishes them. */
function group(peerGroup: string, scores: Record<string, number | null>, vetoed: string[] = []): ResponseUnit[] {
  const scored = Object.values(scores).filter((s): s is number => s !== null);
  return Object.entries(scores).map(([unit, score]) => ({
    unit,
    peerGroup,
    score,
    rank: score === null ? null : 1 + scored.filter((s) => s > score).length,
    vetoed: vetoed.includes(unit),
  }));
}

const none: Omit<ResponseInput, 'units'> = { indicators: [], definitions: [] };

describe('shareCount, topOf, bottomOf', () => {
  it('rounds n × share after taking off binary noise', () => {
    // 100 × 0.55 is 55.00000000000001 in binary: a bare ceil would say 56.
    expect(100 * 0.55).toBeGreaterThan(55);
    expect(shareCount(100, 0.55, 'ceil')).toBe(55);
    // 90 × 0.7 is 62.99999999999999: a bare floor would say 62.
    expect(shareCount(90, 0.7, 'floor')).toBe(63);
    expect(shareCount(12, 0.1, 'ceil')).toBe(2); // ceil(1.2)
    expect(shareCount(7, 0.2, 'floor')).toBe(1); // floor(1.4)
  });

  it('includes every unit tied at the boundary', () => {
    // ranks 1, 2, 2, 4: top 2 = rank 1 (0 ahead) and both rank 2 (1 ahead < 2) → 3 units.
    const members = [
      { unit: 'a', rank: 1 },
      { unit: 'b', rank: 2 },
      { unit: 'c', rank: 2 },
      { unit: 'd', rank: 4 },
    ];
    expect([...topOf(members, 2)]).toEqual(['a', 'b', 'c']);
    // bottom 1 = d (0 behind); bottom 2 = d and b, c (1 behind < 2).
    expect([...bottomOf(members, 1)]).toEqual(['d']);
    expect([...bottomOf(members, 2)]).toEqual(['b', 'c', 'd']);
    expect([...bottomOf(members, 0)]).toEqual([]);
  });

  it('matches the definition by counting, for any ranks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), (ranks, k) => {
        const members = ranks.map((rank, i) => ({ unit: `m${i}`, rank }));
        const ahead = (r: number) => ranks.filter((o) => o < r).length;
        const behind = (r: number) => ranks.filter((o) => o > r).length;
        expect([...topOf(members, k)]).toEqual(members.filter((m) => ahead(m.rank) < k).map((m) => m.unit));
        expect([...bottomOf(members, k)]).toEqual(members.filter((m) => behind(m.rank) < k).map((m) => m.unit));
        // Never fewer than k (when there are k), more only through ties.
        if (ranks.length >= k) expect(topOf(members, k).size).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 200 },
    );
  });
});

describe('draftResponses level 1: special rectification plans', () => {
  it('takes ceil(n × 10 %) lowest-ranked units of each peer group, due in 30 days', () => {
    // 12 ranked units (u13 has no data, so it is not ranked and not counted): k = ceil(12 × 0.1) = ceil(1.2) = 2.
    // Scores 95 … 77 rank 1–10, u11 70 and u12 65 rank 11 and 12: the last two.
    const scores: Record<string, number | null> = {};
    [95, 93, 91, 89, 87, 85, 83, 81, 79, 77, 70, 65].forEach((s, i) => (scores[`u${String(i + 1).padStart(2, '0')}`] = s));
    scores.u13 = null;
    const drafts = draftResponses({ units: group('county', scores), ...none });
    expect(drafts.map((d) => d.unit)).toEqual(['u11', 'u12']);
    const plan = drafts[1] as SpecialPlanDraft;
    expect(plan).toMatchObject({ level: 1, kind: 'special_plan', owner: 'u12', dueInDays: 30, grounds: ['bottom_share'], rank: 12, groupSize: 12, quota: 2, peerGroup: 'county' });
    expect(plan.reason.zh).toBe('在同组（county）12 个参评单位中排名第 12，处于后 10%（后 2 名）：须在 30 日内提交专项整改方案');
    expect(plan.reason.en).toBe('Ranked 12 of 12 in peer group county, in the bottom 10% (last 2): a special rectification plan is due within 30 days');
  });

  it('includes all units tied at the boundary', () => {
    // 10 ranked units: k = ceil(10 × 0.1) = 1; u09 and u10 tie for last (rank 9, nobody behind): both.
    const scores: Record<string, number> = {};
    [95, 93, 91, 89, 87, 85, 83, 81, 60, 60].forEach((s, i) => (scores[`u${String(i + 1).padStart(2, '0')}`] = s));
    const drafts = draftResponses({ units: group('county', scores), ...none });
    expect(drafts.map((d) => [d.unit, (d as SpecialPlanDraft).rank])).toEqual([
      ['u09', 9],
      ['u10', 9],
    ]);
  });

  it('selects nobody by rank in a group below the minimum size, but always a vetoed unit', () => {
    // 4 ranked units < minPeerGroupSize 5: no bottom share; d2 is vetoed; in the big group the
    // vetoed u01 ranks first and still gets a plan, u06 is the bottom ceil(6 × 0.1) = 1.
    const small = group('city', { d1: 90, d2: 50, d3: 80, d4: 70 }, ['d2']);
    const big = group('county', { u01: 99, u02: 90, u03: 85, u04: 80, u05: 75, u06: 60 }, ['u01']);
    const drafts = draftResponses({ units: [...small, ...big], ...none }) as SpecialPlanDraft[];
    expect(drafts.map((d) => [d.unit, d.grounds, d.quota])).toEqual([
      ['d2', ['veto'], 0],
      ['u01', ['veto'], 1],
      ['u06', ['bottom_share'], 1],
    ]);
    expect(drafts[0]!.reason.zh).toBe('触发一票否决：须在 30 日内提交专项整改方案');
    // Thresholds are configurable: no vetoes, a 30 % share, 45 days, groups of 4 count.
    const custom = draftResponses({ units: [...small, ...big], ...none }, { includeVetoed: false, bottomShare: 0.3, planDueDays: 45, minPeerGroupSize: 4 }) as SpecialPlanDraft[];
    // city: ceil(4 × 0.3) = ceil(1.2) = 2 → d2 (50), d4 (70); county: ceil(6 × 0.3) = ceil(1.8) = 2 → u05, u06.
    expect(custom.map((d) => [d.unit, d.dueInDays])).toEqual([
      ['d2', 45],
      ['d4', 45],
      ['u05', 45],
      ['u06', 45],
    ]);
  });

  it('gives one draft with both grounds to a vetoed unit in the bottom share', () => {
    const units = group('county', { a: 90, b: 85, c: 80, d: 75, e: 40 }, ['e']);
    const [plan] = draftResponses({ units, ...none }) as SpecialPlanDraft[];
    expect(plan).toMatchObject({ unit: 'e', grounds: ['bottom_share', 'veto'] });
    expect(plan!.reason.en).toBe('Ranked 5 of 5 in peer group county, in the bottom 10% (last 1); a veto (一票否决) applied: a special rectification plan is due within 30 days');
  });
});

describe('draftResponses level 2: optimisation items', () => {
  const definitions = [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, direction: 'benefit' as const, target: 95, owner: '省政务办' },
    { code: 'A2', name: { zh: '平均办理时长', en: 'Average handling time' }, direction: 'cost' as const, target: 5 },
    { code: 'A3', direction: 'benefit' as const, target: 57 },
    { code: 'B', direction: 'benefit' as const },
  ];
  const units = group('county', { u1: 80, u2: 90 });

  it('flags values on the bad side of the target, respecting direction, and skips units without data', () => {
    const indicators = [
      { unit: 'u1', indicator: 'A1', value: 94.5, score: 98.57 }, // benefit, 94.5 < 95: gap 0.5
      { unit: 'u1', indicator: 'A2', value: 6.25, score: 95 }, // cost, 6.25 > 5: gap 1.25
      { unit: 'u1', indicator: 'A3', value: null }, // no data: not "below target"
      { unit: 'u1', indicator: 'B', value: 10 }, // no target
      { unit: 'u2', indicator: 'A1', value: 95 }, // exactly on target: met
      { unit: 'u2', indicator: 'A2', value: 4 }, // cost, 4 < 5: met
      { unit: 'u2', indicator: 'A3', value: 0.57 * 100 }, // 56.99999999999999: met within the slack
      { unit: 'u2', indicator: 'ZZ', value: 1 }, // not in the definitions: ignored
    ];
    const drafts = draftResponses({ units, indicators, definitions });
    expect(drafts.map((d) => d.kind === 'optimisation' && [d.unit, d.indicator, d.gap])).toEqual([
      ['u1', 'A1', 0.5],
      ['u1', 'A2', 1.25],
    ]);
    expect(drafts[0]).toMatchObject({ level: 2, owner: 'u1', dueInDays: 30, value: 94.5, score: 98.57, target: 95, direction: 'benefit', indicatorOwner: '省政务办', peerGroup: 'county' });
    expect(drafts[1]!.reason).toEqual({
      zh: '指标“平均办理时长”（A2）实际值 6.25，未达到目标值 5（越低越好，差距 1.25）：须在 30 日内完成优化',
      en: 'Indicator "Average handling time" (A2) is 6.25, short of its target 5 (lower is better; gap 1.25): optimisation due within 30 days',
    });
    expect(draftResponses({ units, indicators, definitions }, { optimisationDueDays: 60 })[0]!.dueInDays).toBe(60);
  });
});

describe('draftResponses level 3: user-representative reviews', () => {
  it('flags a tag or service item with at least minItems and minShare of the unit’s feedback', () => {
    const drafts = draftResponses(
      {
        units: group('county', { u1: 80, u2: 90 }),
        ...none,
        feedback: [
          // needed = max(10, 0.3 × 40 = 12) = 12: 办事慢 15 (37.5 %) and item -001 12 (30 %) qualify; 态度差 5 and -002 9 do not.
          { unit: 'u1', total: 40, byTag: { 办事慢: 15, 态度差: 5 }, byItem: { '330100-002': 9, '330100-001': 12 } },
          // needed = max(10, 0.3 × 20 = 6) = 10: 9 pieces are too few however concentrated (45 %).
          { unit: 'u2', total: 20, byTag: { 材料多: 9 } },
        ],
      },
      {},
    );
    expect(drafts.map((d) => d.kind === 'user_review' && [d.unit, d.tag ?? null, d.itemCode ?? null, d.count, d.share])).toEqual([
      ['u1', '办事慢', null, 15, 0.375],
      ['u1', null, '330100-001', 12, 0.3],
    ]);
    expect(drafts[0]!.reason.zh).toBe('用户反馈集中于标签“办事慢”：15 条，占本单位反馈 40 条的 37.5%：须在 30 日内组织用户代表评议');
    expect(drafts[1]!.reason.en).toBe('User feedback concentrates on service item "330100-001": 12 of the unit\'s 40 (30%): a user-representative review is due within 30 days');
  });

  it('compares the share without binary noise and checks the counts', () => {
    // 0.55 × 100 is 55.00000000000001: 55 of 100 still reaches a 55 % share.
    const input = { units: [], ...none, feedback: [{ unit: 'x', total: 100, byTag: { t: 55 } }] };
    expect(draftResponses(input, { feedback: { minItems: 1, minShare: 0.55 } })).toHaveLength(1);
    expect(() => draftResponses({ units: [], ...none, feedback: [{ unit: 'x', total: 10, byTag: { t: 11 } }] })).toThrow('feedback[0].byTag.t: 11 is more than the unit\'s total 10');
    expect(() => draftResponses({ units: [], ...none, feedback: [{ unit: 'x', total: 10, byItem: { i: 1.5 } }] })).toThrow('feedback[0].byItem.i: a count must be a whole number ≥ 0, got 1.5');
  });
});

describe('draftResponses overall', () => {
  it('orders by level, unit, then indicator / tag / item, whatever the input order', () => {
    const units = group('county', { b: 90, a: 85, c: 80, d: 75, e: 40 });
    const definitions = [{ code: 'X', direction: 'benefit' as const, target: 100 }];
    const indicators = [
      { unit: 'e', indicator: 'X', value: 1 },
      { unit: 'a', indicator: 'X', value: 1 },
    ];
    const feedback = [{ unit: 'a', total: 20, byItem: { i1: 10 }, byTag: { z: 10 } }];
    const drafts = draftResponses({ units, indicators, definitions, feedback });
    expect(drafts.map((d) => `${d.level}:${d.unit}`)).toEqual(['1:e', '2:a', '2:e', '3:a', '3:a']);
    expect(drafts.slice(3).map((d) => (d.kind === 'user_review' ? (d.tag ?? d.itemCode) : ''))).toEqual(['z', 'i1']);
    expect(draftResponses({ units: [...units].reverse(), indicators: [...indicators].reverse(), definitions, feedback })).toEqual(drafts);
  });

  it('refuses bad input, naming the field', () => {
    expect(() => draftResponses({ units: [...group('g', { a: 1 }), ...group('g', { a: 2 })], ...none })).toThrow('units[1].unit: unit a is listed twice');
    expect(() => draftResponses({ units: [{ unit: 'a', peerGroup: 'g', score: 1, rank: 0, vetoed: false }], ...none })).toThrow('units[0].rank');
    expect(() => draftResponses({ units: [], ...none }, { bottomShare: 2 })).toThrow('bottomShare must be at most 1');
  });

  it('reads an evaluation result', () => {
    const result = {
      units: [
        {
          unit: 'u1',
          name: '甲县',
          peerGroup: 'county',
          score: 71.234,
          scoreRounded: 71.23,
          rank: 1,
          vetoed: false,
          indicators: [{ code: 'A1', value: 90, score: 80 }],
        },
      ],
    } as unknown as EvaluationResult;
    expect(responseInputFromEvaluation(result, [])).toEqual({
      units: [{ unit: 'u1', name: '甲县', peerGroup: 'county', score: 71.23, rank: 1, vetoed: false }],
      indicators: [{ unit: 'u1', indicator: 'A1', value: 90, score: 80 }],
      definitions: [],
      feedback: undefined,
    });
  });
});
