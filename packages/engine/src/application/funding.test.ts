import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFunding, type FundingUnit } from './funding';

const units = (scores: Record<string, number | null>, grades: Record<string, string | null> = {}): FundingUnit[] =>
  Object.entries(scores).map(([unit, score]) => ({ unit, score, grade: grades[unit] ?? null }));

const amounts = (a: { lines: { unit: string; amount: number }[] }) => Object.fromEntries(a.lines.map((l) => [l.unit, l.amount]));

describe('allocateFunding: worked examples', () => {
  it('proportional to score', () => {
    // Pool 10 000 yuan, scores 90, 80, 70, 60: total basis 300.
    //   A 10000 × 90/300 = 3000        → 3000
    //   B 10000 × 80/300 = 2666.666…   → 2666, remainder .667
    //   C 10000 × 70/300 = 2333.333…   → 2333, remainder .333
    //   D 10000 × 60/300 = 2000        → 2000
    // Σ floors = 9999, 1 yuan left → the largest remainder, B: 3000 + 2667 + 2333 + 2000 = 10000.
    const a = allocateFunding(units({ A: 90, B: 80, C: 70, D: 60 }), { method: 'proportional' }, 10_000);
    expect(amounts(a)).toEqual({ A: 3000, B: 2667, C: 2333, D: 2000 });
    expect(a.totalBasis).toBe(300);
    expect(a.leftover).toBe(1);
    expect(a.lines[1]).toMatchObject({ basis: 80, floor: 2666, roundedUp: true, amount: 2667 });
    expect(a.lines[1]!.share).toBeCloseTo(80 / 300, 15);
    expect(a.lines[1]!.quota).toBeCloseTo(2666.6667, 4);
  });

  it('proportional to the score above a floor', () => {
    // Floor 60: bases 30, 20, 10, 0 (at the floor), 0 (below it); total 60; pool 10 000.
    //   A 5000; B 3333.33 → 3333; C 1666.67 → 1666; D, E 0. Σ floors 9999, 1 left → C (.67).
    const a = allocateFunding(units({ A: 90, B: 80, C: 70, D: 60, E: 50 }), { method: 'above-floor', floor: 60 }, 10_000);
    expect(amounts(a)).toEqual({ A: 5000, B: 3333, C: 1667, D: 0, E: 0 });
    expect(a.lines.map((l) => l.basis)).toEqual([30, 20, 10, 0, 0]);
  });

  it('by grade coefficients, ties broken by score, then unit code', () => {
    // Coefficients excellent 1.2, good 1.0, fair 0.8, poor 0; total 1.2 + 1 + 1 + 0.8 + 0 = 4.0.
    // Pool 1 000 002:  A 0.3 → 300000.6; B, C 0.25 → 250000.5 each; D 0.2 → 200000.4; E 0.
    // Σ floors 1 000 000, 2 left: A (.6), then B and C tie at .5 → C, the higher score (88 > 85).
    const coefficients = { excellent: 1.2, good: 1, fair: 0.8, poor: 0 };
    const grades = { A: 'excellent', B: 'good', C: 'good', D: 'fair', E: 'poor' };
    const a = allocateFunding(units({ A: 92, B: 85, C: 88, D: 70, E: 50 }, grades), { method: 'grade-coefficients', coefficients }, 1_000_002);
    expect(amounts(a)).toEqual({ A: 300001, B: 250000, C: 250001, D: 200000, E: 0 });
    // Equal scores too: the smaller unit code, B.
    const b = allocateFunding(units({ A: 92, C: 85, B: 85, D: 70, E: 50 }, grades), { method: 'grade-coefficients', coefficients }, 1_000_002);
    expect(amounts(b)).toEqual({ A: 300001, B: 250001, C: 250000, D: 200000, E: 0 });
  });

  it('reproduces Hamilton’s method on the textbook Parador example', () => {
    // Tannenbaum, Excursions in Modern Mathematics, ch. 4 "The Mathematics of Apportionment":
    // Parador, 250 seats, populations A 1 646 000, B 6 936 000, C 154 000, D 2 091 000, E 685 000,
    // F 988 000 (total 12 500 000, standard divisor 50 000).
    // Quotas 32.92, 138.72, 3.08, 41.82, 13.70, 19.76; floors 32 + 138 + 3 + 41 + 13 + 19 = 246;
    // 4 seats left to the largest remainders .92 (A), .82 (D), .76 (F), .72 (B):
    // A 33, B 139, C 3, D 42, E 13, F 20.
    const populations = { A: 1_646_000, B: 6_936_000, C: 154_000, D: 2_091_000, E: 685_000, F: 988_000 };
    const a = allocateFunding(units(populations), { method: 'proportional' }, 250);
    expect(amounts(a)).toEqual({ A: 33, B: 139, C: 3, D: 42, E: 13, F: 20 });
    expect(a.lines.map((l) => l.floor)).toEqual([32, 138, 3, 41, 13, 19]);
  });

  it('shows the Alabama paradox, as Hamilton’s method does', () => {
    // The textbook three-state example: populations 940, 9030, 10030 (total 20 000).
    // 200 seats: quotas 9.4, 90.3, 100.3 → floors 199, 1 left → A (.4): 10, 90, 100.
    // 201 seats: quotas 9.447, 90.7515, 100.8015 → floors 199, 2 left → C (.80), B (.75): 9, 91, 101.
    // A loses a yuan when the pool grows: a known property of largest remainder, not a bug here.
    const three = units({ A: 940, B: 9030, C: 10030 });
    expect(amounts(allocateFunding(three, { method: 'proportional' }, 200))).toEqual({ A: 10, B: 90, C: 100 });
    expect(amounts(allocateFunding(three, { method: 'proportional' }, 201))).toEqual({ A: 9, B: 91, C: 101 });
  });

  it('is exact where binary arithmetic is not', () => {
    // Scores 0.1, 0.2, 0.3 and a pool of 6: quotas exactly 1, 2, 3. In binary 6 × 0.3 / (0.1 + 0.2 + 0.3)
    // is 2.999999999999999, which would floor to 2 and hand a leftover yuan by a noisy remainder.
    expect(6 * 0.3 / (0.1 + 0.2 + 0.3)).toBeLessThan(3);
    const a = allocateFunding(units({ A: 0.1, B: 0.2, C: 0.3 }), { method: 'proportional' }, 6);
    expect(amounts(a)).toEqual({ A: 1, B: 2, C: 3 });
    expect(a.leftover).toBe(0);
    // A pool near Number.MAX_SAFE_INTEGER still sums exactly.
    const big = allocateFunding(units({ A: 99.99, B: 33.33, C: 0.01 }), { method: 'proportional' }, Number.MAX_SAFE_INTEGER);
    expect(big.lines.reduce((s, l) => s + BigInt(l.amount), 0n)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('gives nothing to units without a score or grade', () => {
    const a = allocateFunding(units({ A: 80, B: null }), { method: 'proportional' }, 100);
    expect(amounts(a)).toEqual({ A: 100, B: 0 });
    const g = allocateFunding(units({ A: 80, B: null }, { A: 'good', B: null }), { method: 'grade-coefficients', coefficients: { good: 1 } }, 100);
    expect(amounts(g)).toEqual({ A: 100, B: 0 });
  });
});

describe('allocateFunding: refusals name the field', () => {
  it('refuses an allocation with every basis 0', () => {
    expect(() => allocateFunding(units({ A: 50, B: 60 }), { method: 'above-floor', floor: 60 }, 100)).toThrow("units: every unit's basis is 0 (no unit scores above the floor 60): there is nothing to divide the pool by");
    expect(() => allocateFunding(units({ A: 0, B: null }), { method: 'proportional' }, 100)).toThrow(/every unit's basis is 0/);
  });

  it('refuses bad rules, pools and units', () => {
    expect(() => allocateFunding(units({ A: 1 }, { A: 'great' }), { method: 'grade-coefficients', coefficients: { good: 1 } }, 100)).toThrow('rule.coefficients: no coefficient for grade "great" of unit A (given: good)');
    expect(() => allocateFunding(units({ A: 1 }), { method: 'above-floor', floor: -1 }, 100)).toThrow('rule.floor: floor must be at least 0');
    expect(() => allocateFunding(units({ A: 1 }), { method: 'proportional' }, 99.5)).toThrow('pool: pool must be whole yuan (no jiao or fen)');
    expect(() => allocateFunding(units({ A: 1 }), { method: 'proportional' }, 0)).toThrow('pool: pool must be more than 0 yuan');
    expect(() => allocateFunding([], { method: 'proportional' }, 100)).toThrow('units: there are no units');
    expect(() => allocateFunding([...units({ A: 1 }), ...units({ A: 2 })], { method: 'proportional' }, 100)).toThrow('units[1].unit: unit A is listed twice');
    expect(() => allocateFunding(units({ A: -1 }), { method: 'proportional' }, 100)).toThrow('units[0].score: a score must be a number from 0 to 1000000000000, got -1');
    expect(() =>
      allocateFunding(
        [
          { unit: 'A', peerGroup: 'city', score: 1, grade: null },
          { unit: 'B', peerGroup: 'county', score: 1, grade: null },
        ],
        { method: 'proportional' },
        100,
      ),
    ).toThrow('units: the units span several peer groups (city, county)');
  });
});

describe('allocateFunding: properties', () => {
  // Scores with two decimals as integers of hundredths, so the test can do its own exact arithmetic.
  const scenario = fc
    .record({
      hundredths: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 25 }),
      pool: fc.integer({ min: 1, max: 1_000_000_000_000 }),
    })
    .filter((s) => s.hundredths.some((h) => h > 0));
  const toUnits = (hundredths: number[]) => hundredths.map((h, i) => ({ unit: `U${String(i).padStart(2, '0')}`, score: h / 100, grade: null }));

  it('sums to the pool; each amount is ⌊quota⌋ or ⌈quota⌉; larger remainders are served first', () => {
    fc.assert(
      fc.property(scenario, ({ hundredths, pool }) => {
        const a = allocateFunding(toUnits(hundredths), { method: 'proportional' }, pool);
        expect(a.lines.reduce((s, l) => s + l.amount, 0)).toBe(pool);
        const total = BigInt(hundredths.reduce((s, h) => s + h, 0));
        const P = BigInt(pool);
        const rems = hundredths.map((h) => (P * BigInt(h)) % total);
        a.lines.forEach((l, i) => {
          const floor = (P * BigInt(hundredths[i]!)) / total;
          const exact = rems[i] === 0n;
          expect(BigInt(l.amount) === floor || (!exact && BigInt(l.amount) === floor + 1n)).toBe(true);
        });
        // Every rounded-up unit's remainder is at least every other unit's.
        const up = rems.filter((_, i) => a.lines[i]!.roundedUp);
        const down = rems.filter((_, i) => !a.lines[i]!.roundedUp);
        for (const u of up) for (const d of down) expect(u >= d).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is monotone in score and independent of the input order', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ hundredths, pool }, seed) => {
        const list = toUnits(hundredths);
        const a = allocateFunding(list, { method: 'proportional' }, pool);
        for (const x of a.lines) for (const y of a.lines) if (x.score! > y.score!) expect(x.amount).toBeGreaterThanOrEqual(y.amount);
        // Any rotation of the input gives every unit the same amount.
        const k = seed % list.length;
        const rotated = allocateFunding([...list.slice(k), ...list.slice(0, k)], { method: 'proportional' }, pool);
        expect(amounts(rotated)).toEqual(amounts(a));
      }),
      { numRuns: 200 },
    );
  });

  it('sums to the pool for above-floor and grade rules too', () => {
    const grades = ['excellent', 'good', 'fair', 'poor'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.integer({ min: 0, max: 10_000 }), grade: fc.constantFrom(...grades) }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (rows, pool, floor) => {
          const list = rows.map((r, i) => ({ unit: `U${i}`, score: r.score / 100, grade: r.grade }));
          if (list.some((u) => u.score > floor)) {
            const a = allocateFunding(list, { method: 'above-floor', floor }, pool);
            expect(a.lines.reduce((s, l) => s + l.amount, 0)).toBe(pool);
            for (const l of a.lines) if (l.score! <= floor) expect(l.amount).toBe(0);
          }
          if (list.some((u) => u.grade !== 'poor')) {
            const g = allocateFunding(list, { method: 'grade-coefficients', coefficients: { excellent: 1.2, good: 1, fair: 0.8, poor: 0 } }, pool);
            expect(g.lines.reduce((s, l) => s + l.amount, 0)).toBe(pool);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
