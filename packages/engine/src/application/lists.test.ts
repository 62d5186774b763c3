import { describe, expect, it } from 'vitest';
import { commendationList, interviewList, nextPeriod, resultLists, type PeriodResults, type RankedUnit } from './lists';

/** Ranks by score within the group, standard competition ("1224"), as published. */
function ranked(peerGroup: string, scores: Record<string, number | null>): RankedUnit[] {
  const scored = Object.values(scores).filter((s): s is number => s !== null);
  return Object.entries(scores).map(([unit, score]) => ({ unit, peerGroup, score, rank: score === null ? null : 1 + scored.filter((s) => s > score).length }));
}

// County group, 10 ranked units each quarter: top k = max(1, floor(10 × 0.2)) = 2, bottom k = ceil(10 × 0.1) = 1.
// District group, 7 units: top k = max(1, floor(1.4)) = 1, bottom k = ceil(0.7) = 1.
// Town group, 3 units: below minPeerGroupSize 5, on no list.
const q3: PeriodResults = {
  period: '2025-Q3',
  units: [
    ...ranked('county', { a: 95, b: 92, c: 90, d: 88, e: 86, f: 84, g: 82, h: 80, i: 78, j: 70 }),
    ...ranked('district', { p: 91, q: 89, r: 87, s: 85, t: 83, u: 81, v: 60 }),
    ...ranked('town', { x: 99, y: 50, z: 40 }),
  ],
};
const q4: PeriodResults = {
  period: '2025-Q4',
  units: [
    // b 1st; a and c tie for 2nd (one unit ahead < k = 2): both in the top; c was 3rd in Q3.
    // j and i are last with nobody behind: j 65 is the bottom 1.
    ...ranked('county', { a: 93, b: 96, c: 93, d: 88, e: 86, f: 84, g: 82, h: 80, i: 78, j: 65, k: null }),
    ...ranked('district', { p: 90, q: 92, r: 87, s: 85, t: 83, u: 59, v: 61 }),
    ...ranked('town', { x: 99, y: 50, z: 40 }),
  ],
};

describe('nextPeriod', () => {
  it('steps months, quarters and years across the year end', () => {
    expect([nextPeriod('2025-06'), nextPeriod('2025-12'), nextPeriod('2025-Q3'), nextPeriod('2025-Q4'), nextPeriod('2025')]).toEqual(['2025-07', '2026-01', '2025-Q4', '2026-Q1', '2026']);
  });
});

describe('commendationList', () => {
  it('lists units in the top share of their group in each of the last two consecutive periods', () => {
    // county: Q3 top 2 = a, b; Q4 top 2 = b, a, c (tie) → a, b. district: Q3 top 1 = p, Q4 top 1 = q → nobody.
    const list = commendationList([q3, q4]);
    expect(list.map((e) => e.unit)).toEqual(['b', 'a']);
    expect(list[1]).toEqual({
      unit: 'a',
      name: null,
      peerGroup: 'county',
      placements: [
        { period: '2025-Q3', peerGroup: 'county', score: 95, rank: 1, groupSize: 10, quota: 2 },
        { period: '2025-Q4', peerGroup: 'county', score: 93, rank: 2, groupSize: 10, quota: 2 },
      ],
    });
  });

  it('uses only the last N periods, which must be consecutive', () => {
    // One period: Q4 top = b, a, c (county) and q (district).
    expect(commendationList([q3, q4], { consecutivePeriods: 1 }).map((e) => e.unit)).toEqual(['b', 'a', 'c', 'q']);
    expect(() => commendationList([q4])).toThrow('periods: the commendation list needs 2 consecutive periods, got 1');
    expect(() => commendationList([{ ...q3, period: '2025-Q2' }, q4])).toThrow('periods[1].period: expected 2025-Q3 after 2025-Q2, got 2025-Q4');
    expect(() => commendationList([q4, q3])).toThrow('expected 2026-Q1 after 2025-Q4');
    // An older, non-consecutive period outside the window does not matter.
    expect(commendationList([{ ...q3, period: '2024-Q1' }, q3, q4]).map((e) => e.unit)).toEqual(['b', 'a']);
  });

  it('takes a larger share when configured', () => {
    // topShare 0.3: county k = floor(10 × 0.3) = 3 → Q3 a, b, c; Q4 b, a, c (a and c tie 2nd) → b, a, c;
    // district k = floor(7 × 0.3) = floor(2.1) = 2 → Q3 p, q; Q4 q, p → q, p.
    expect(commendationList([q3, q4], { topShare: 0.3 }).map((e) => e.unit)).toEqual(['b', 'a', 'c', 'q', 'p']);
  });
});

describe('interviewList', () => {
  it('lists the bottom share of each group in the current period', () => {
    // county: ceil(10 × 0.1) = 1 → j (k has no score, so it is not ranked and n stays 10); district: ceil(0.7) = 1 → u.
    const list = interviewList(q4);
    expect(list.map((e) => [e.unit, e.placements[0]!.rank, e.placements[0]!.quota])).toEqual([
      ['j', 10, 1],
      ['u', 7, 1],
    ]);
  });

  it('includes units tied at the boundary and names bad input', () => {
    const tied: PeriodResults = { period: '2025-06', units: ranked('g', { a: 90, b: 80, c: 70, d: 60, e: 60 }) };
    expect(interviewList(tied).map((e) => e.unit)).toEqual(['d', 'e']);
    expect(interviewList(tied, { minPeerGroupSize: 6 })).toEqual([]);
    expect(() => interviewList({ period: '2025/06', units: [] })).toThrow('current.period: "2025/06" is not a period');
    expect(() => interviewList({ period: '2025-06', units: [...tied.units, tied.units[0]!] })).toThrow('current.units[5].unit: unit a is listed twice');
  });
});

describe('resultLists', () => {
  it('gives both lists of the last period', () => {
    const lists = resultLists([q3, q4]);
    expect(lists.period).toBe('2025-Q4');
    expect(lists.commendation.map((e) => e.unit)).toEqual(['b', 'a']);
    expect(lists.interview.map((e) => e.unit)).toEqual(['j', 'u']);
    expect(() => resultLists([])).toThrow('periods: at least one period is needed');
  });
});
