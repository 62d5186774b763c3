import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfUp } from '../numeric';
import {
  AhpInconsistentError,
  SAATY_SCALE,
  WeightsInputError,
  ahp,
  assertConsistent,
  combineExperts,
  isRiTableId,
  saatyScaleNearest,
  type AhpMethod,
} from './index';

// Published anchors live outside the repo (/work/shared); read them, never copy them.
interface AhpExample {
  id: string;
  size: number;
  elements: string[];
  matrix: number[][];
  published: Record<string, unknown>;
  notes: string;
}
const anchors = JSON.parse(
  readFileSync(new URL('../../../../../shared/anchors-data/mcda/ahp_examples.json', import.meta.url), 'utf8'),
) as { examples: AhpExample[] };
const byId = new Map(anchors.examples.map((e) => [e.id, e]));
function example(id: string): AhpExample {
  const found = byId.get(id);
  if (!found) throw new Error(`anchor ${id} missing`);
  return found;
}

/** Half a unit in the last printed decimal (plus float slack): "equal to the printed precision". */
const printedTolerance = (decimals: number): number => 0.5 * 10 ** -decimals + 1e-12;
const decimalsOf = (value: number): number => (String(value).split('.')[1] ?? '').length;

/** Element name → weight. */
function named(e: AhpExample, method: AhpMethod = 'eigenvector'): Map<string, number> {
  const { weights } = ahp(e.matrix, { method });
  return new Map(e.elements.map((name, i) => [name, weights[i]!]));
}

describe('AHP against published priority vectors and consistency ratios', () => {
  const withVectors = anchors.examples.filter((e) => Object.keys(e.published).some((k) => /^priority_vector_\ddp$/.test(k)));
  const withCr = anchors.examples.filter((e) => e.published['consistency_ratio'] !== undefined);

  it('covers every example that publishes a vector or a CR', () => {
    expect(withVectors.length).toBeGreaterThanOrEqual(12);
    expect(withCr.length).toBeGreaterThanOrEqual(12);
  });

  for (const e of withVectors) {
    it(`${e.id}: eigenvector weights match the printed precision`, () => {
      const weights = ahp(e.matrix).weights;
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const [key, value] of Object.entries(e.published)) {
        const match = /^priority_vector_(\d)dp$/.exec(key);
        if (!match) continue;
        const tolerance = printedTolerance(Number(match[1]));
        const expected: Array<[number, number]> = Array.isArray(value)
          ? (value as number[]).map((v, i) => [i, v])
          : Object.entries(value as Record<string, number>).map(([name, v]) => [e.elements.indexOf(name), v]);
        expect(expected).toHaveLength(e.size);
        for (const [index, target] of expected) {
          expect(index, `${key} element`).toBeGreaterThanOrEqual(0);
          expect(Math.abs(weights[index]! - target), `${e.id} ${key}[${index}]`).toBeLessThanOrEqual(tolerance);
        }
      }
    });
  }

  for (const e of withCr) {
    it(`${e.id}: CR matches the published value with the RI table it was computed with`, () => {
      for (const [table, published] of Object.entries(e.published['consistency_ratio'] as Record<string, number>)) {
        if (!isRiTableId(table)) throw new Error(`unknown RI table ${table} in ${e.id}`);
        const { cr } = ahp(e.matrix, { riTable: table });
        const decimals = Math.max(3, decimalsOf(published));
        expect(Math.abs(cr - published), `${e.id} CR (${table})`).toBeLessThanOrEqual(printedTolerance(decimals));
      }
    });
  }

  it('drinks: CR 0.022 with Saaty 2005 and 0.0235 with Donegan & Dodd (the table matters)', () => {
    const m = example('saaty2008_drinks_7x7').matrix;
    expect(roundHalfUp(ahp(m, { riTable: 'saaty_2005' }).cr, 3)).toBe(0.022);
    expect(roundHalfUp(ahp(m, { riTable: 'donegan_dodd_1991' }).cr, 4)).toBe(0.0235);
  });

  it('wikipedia_car_style_6x6 is flagged inconsistent with Donegan & Dodd (published CR 0.107)', () => {
    const result = ahp(example('wikipedia_car_style_6x6').matrix, { riTable: 'donegan_dodd_1991' });
    expect(result.cr).toBeGreaterThanOrEqual(0.1);
    expect(roundHalfUp(result.cr, 3)).toBe(0.107);
    expect(result.consistent).toBe(false);
  });

  it('wang_chin_2011_6x6: weights to 4 dp and strongly inconsistent with the classic RI', () => {
    const result = ahp(example('wang_chin_2011_6x6').matrix, { riTable: 'saaty_classic' });
    const published = example('wang_chin_2011_6x6').published['priority_vector_4dp'] as number[];
    result.weights.forEach((w, i) => expect(Math.abs(w - published[i]!)).toBeLessThanOrEqual(printedTolerance(4)));
    expect(result.consistent).toBe(false);
    expect(result.cr).toBeGreaterThan(0.2);
    expect(() => assertConsistent(result)).toThrow(AhpInconsistentError);
  });

  it("jmcdm_8x8 with the column-sum method (和积法): λmax, CI, CR and per-row λ as JMcDM publishes", () => {
    const e = example('jmcdm_8x8');
    const published = e.published as { lambda_max: number; CI: number; CR: number; pc_vector: number[]; isConsistent: boolean };
    const result = ahp(e.matrix, { method: 'sum', riTable: 'saaty_classic' });
    expect(result.ri).toBe(1.41);
    expect(Math.abs(result.lambdaMax - published.lambda_max)).toBeLessThan(1e-8);
    expect(Math.abs(result.ci - published.CI)).toBeLessThan(1e-8);
    expect(Math.abs(result.cr - published.CR)).toBeLessThan(1e-8);
    expect(result.consistent).toBe(published.isConsistent);
    const perRow = e.matrix.map((row, i) => row.reduce((acc, a, j) => acc + a * result.weights[j]!, 0) / result.weights[i]!);
    perRow.forEach((v, i) => expect(Math.abs(v - published.pc_vector[i]!)).toBeLessThan(1e-8));
  });

  it('synthetic_consistent_9x9: exact weights w/45 and CR ≈ 0 with every method', () => {
    const e = example('synthetic_consistent_9x9');
    const exact = (e.published['exact'] as { priority_vector: number[] }).priority_vector;
    for (const method of ['eigenvector', 'sum', 'geometric'] as const) {
      const result = ahp(e.matrix, { method });
      result.weights.forEach((w, i) => expect(w).toBeCloseTo(exact[i]!, 12));
      expect(Math.abs(result.lambdaMax - 9)).toBeLessThan(1e-12);
      expect(result.cr).toBeLessThan(1e-12);
      expect(result.consistent).toBe(true);
    }
  });
});

/**
 * Hierarchy synthesis: global = Σ_c w_c · local_c, recursively. `childOf(element)` returns the
 * matrix comparing the element's children, or undefined when the element is an alternative.
 */
type Node = Pick<AhpExample, 'elements' | 'matrix'>;
function synthesise(node: Node, childOf: (element: string) => Node | undefined, method: AhpMethod = 'eigenvector'): Map<string, number> {
  const weights = ahp(node.matrix, { method, riTable: 'donegan_dodd_1991' }).weights;
  const total = new Map<string, number>();
  node.elements.forEach((element, c) => {
    const child = childOf(element);
    const local = child ? synthesise(child, childOf, method) : new Map([[element, 1]]);
    for (const [alternative, value] of local) total.set(alternative, (total.get(alternative) ?? 0) + weights[c]! * value);
  });
  return total;
}
const childByPrefix = (prefix: string) => (element: string) =>
  anchors.examples.find((e) => e.id.startsWith(`${prefix}${element.toLowerCase().replaceAll(' ', '_')}_`));

describe('AHP hierarchy synthesis against published global priorities', () => {
  it('leader (Wikipedia): Nell .493, Moll .358, Sue .149; AHPy per-level rounding gives Sue .15', () => {
    const criteria = example('wikipedia_leader_criteria_4x4');
    const childOf = childByPrefix('wikipedia_leader_');
    const global = synthesise(criteria, childOf);
    const published = criteria.published as {
      hierarchy_target_weights_3dp: Record<string, number>;
      wikipedia_text: { alternatives: Record<string, number> };
    };
    for (const [label, target] of Object.entries(published.wikipedia_text.alternatives)) {
      const name = /\((\w+)\)/.exec(label)![1]!; // "Dick(Nell)" → Nell
      expect(Math.abs(global.get(name)! - target), name).toBeLessThanOrEqual(printedTolerance(3));
    }
    // AHPy prints Σ_c round3(w_c) · round3(local_c), rounded to 3 dp (README caveat).
    const criteriaWeights = named(criteria);
    const rounded = new Map<string, number>();
    for (const [criterion, w] of criteriaWeights) {
      for (const [alternative, l] of named(childOf(criterion)!)) {
        rounded.set(alternative, (rounded.get(alternative) ?? 0) + roundHalfUp(w, 3) * roundHalfUp(l, 3));
      }
    }
    for (const [name, target] of Object.entries(published.hierarchy_target_weights_3dp)) {
      expect(roundHalfUp(rounded.get(name)!, 3), name).toBe(target);
    }
  });

  it('leader education: AHPy global weights (local × 0.127) at 3 dp, and the criteria weights', () => {
    const criteriaWeights = named(example('wikipedia_leader_criteria_4x4'));
    expect(roundHalfUp(criteriaWeights.get('Education')!, 3)).toBe(0.127);
    const education = example('wikipedia_leader_education_3x3');
    const published = education.published['global_weights_3dp (local x 0.127)'] as Record<string, number>;
    const local = named(education);
    for (const [name, target] of Object.entries(published)) {
      expect(roundHalfUp(roundHalfUp(local.get(name)!, 3) * 0.127, 3), name).toBe(target);
    }
  });

  it('cities (Saaty 2005): Bethesda .2291, Boston .2748, Pittsburgh .3852, Santa Fe .1110', () => {
    const criteria = example('saaty2005_cities_criteria_5x5');
    const global = synthesise(criteria, childByPrefix('saaty2005_cities_'));
    for (const [key, decimals] of [['hierarchy_target_weights_4dp', 4], ['hierarchy_target_weights_3dp', 3]] as const) {
      for (const [name, target] of Object.entries(criteria.published[key] as Record<string, number>)) {
        expect(Math.abs(global.get(name)! - target), `${name} ${key}`).toBeLessThanOrEqual(printedTolerance(decimals));
      }
    }
  });

  it('car (Wikipedia/AHPy): six alternatives at 3 dp, with Capacity = {Passenger 5 : Cargo 1}', () => {
    const criteria = example('wikipedia_car_criteria_4x4');
    // notes: Capacity 2x2 with (Cargo, Passenger) = 0.2, i.e. Passenger 5× Cargo.
    const capacity: Node = { elements: ['Passenger', 'Cargo'], matrix: [[1, 5], [0.2, 1]] };
    expect(ahp(capacity.matrix).weights.map((w) => roundHalfUp(w, 4))).toEqual([0.8333, 0.1667]);
    const byPrefix = childByPrefix('wikipedia_car_');
    const global = synthesise(criteria, (element) => (element === 'Capacity' ? capacity : byPrefix(element)));
    const published = criteria.published['hierarchy_target_weights_3dp'] as Record<string, number>;
    expect(Object.keys(published)).toHaveLength(6);
    for (const [name, target] of Object.entries(published)) {
      expect(Math.abs(global.get(name)! - target), name).toBeLessThanOrEqual(printedTolerance(3));
    }
  });

  it('JMcDM hierarchy (column-sum method): scores ≈ [0.2801050, 0.1482273, 0.3813036, 0.1903641], best = 3', () => {
    const criteria = example('jmcdm_8x8');
    const key = Object.keys(criteria.published).find((k) => k.startsWith('hierarchy_scores'))!;
    const published = criteria.published[key] as number[];
    const global = synthesise(criteria, (c) => byId.get(`jmcdm_alternatives_A${c.slice(1)}_4x4`), 'sum');
    const scores = ['alt1', 'alt2', 'alt3', 'alt4'].map((a) => global.get(a)!);
    // Printed to 7 dp (JMcDM's own test only asks for 1e-5); the column-sum method reproduces all 7.
    scores.forEach((s, i) => expect(Math.abs(s - published[i]!)).toBeLessThanOrEqual(printedTolerance(7)));
    expect(scores.indexOf(Math.max(...scores)) + 1).toBe(criteria.published['hierarchy_bestIndex_1based']);
  });
});

describe('AHP methods on a hand-worked example', () => {
  // 方根法 (geometric mean) on A = [[1, 2, 6], [1/2, 1, 4], [1/6, 1/4, 1]]:
  //   row products 12, 2, 1/24; cube roots 2.289428, 1.259921, 0.346681; sum 3.896030
  //   w = 0.587631, 0.323386, 0.088983
  //   Aw = 1.768301, 0.973134, 0.267768; λmax = mean(Aw/w) = 3.009203
  //   CI = 0.009203/2 = 0.004601; CR = 0.004601/0.58 = 0.007933 (saaty_classic)
  const a = [[1, 2, 6], [1 / 2, 1, 4], [1 / 6, 1 / 4, 1]];

  it('geometric weights, λmax, CI and CR', () => {
    const result = ahp(a, { method: 'geometric' });
    const roots = [Math.cbrt(12), Math.cbrt(2), Math.cbrt(1 / 24)];
    const total = roots[0]! + roots[1]! + roots[2]!;
    result.weights.forEach((w, i) => expect(w).toBeCloseTo(roots[i]! / total, 14));
    expect(result.weights.map((w) => roundHalfUp(w, 6))).toEqual([0.587631, 0.323386, 0.088983]);
    expect(roundHalfUp(result.lambdaMax, 6)).toBe(3.009203);
    expect(roundHalfUp(result.ci, 6)).toBe(0.004601);
    expect(roundHalfUp(result.cr, 6)).toBe(0.007933);
    expect(result.method).toBe('geometric');
    expect(result.riTable).toBe('saaty_classic');
  });

  it('n = 1 and n = 2 are always consistent with CR 0 and no inconsistencies', () => {
    expect(ahp([[1]])).toMatchObject({ weights: [1], ci: 0, cr: 0, ri: 0, consistent: true, inconsistencies: [] });
    const two = ahp([[1, 3], [1 / 3, 1]]);
    expect(two.weights[0]).toBeCloseTo(0.75, 14);
    expect(two).toMatchObject({ ci: 0, cr: 0, consistent: true, inconsistencies: [] });
  });
});

describe('inconsistency report', () => {
  // Consistent 4×4 from w = (8, 4, 2, 1), then one judgement reversed: a_14 = 1/8 instead of 8.
  const w = [8, 4, 2, 1];
  const broken = w.map((wi, i) => w.map((wj, j) => (i === 0 && j === 3 ? 1 / 8 : i === 3 && j === 0 ? 8 : wi / wj)));

  it('puts the reversed judgement first and suggests a Saaty-scale value near w_i/w_j', () => {
    const result = ahp(broken, { topInconsistencies: 2 });
    expect(result.consistent).toBe(false);
    expect(result.inconsistencies).toHaveLength(2);
    const [worst] = result.inconsistencies;
    expect(worst).toMatchObject({ row: 0, col: 3, given: 1 / 8 });
    expect(worst!.implied).toBeCloseTo(result.weights[0]! / result.weights[3]!, 12);
    expect(worst!.suggested).toBe(saatyScaleNearest(worst!.implied));
    expect(worst!.deviation).toBeCloseTo(Math.abs(Math.log((1 / 8) * (result.weights[3]! / result.weights[0]!))), 12);
    expect(result.inconsistencies[0]!.deviation).toBeGreaterThanOrEqual(result.inconsistencies[1]!.deviation);
  });

  it('assertConsistent explains CR, threshold, table and the judgements to revisit (1-based)', () => {
    const result = ahp(broken, { riTable: 'saaty_2005' });
    let error: unknown;
    try {
      assertConsistent(result);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AhpInconsistentError);
    expect(error).toBeInstanceOf(WeightsInputError);
    const { field, message } = error as AhpInconsistentError;
    expect(field).toBe('matrix');
    expect(message).toContain(`CR ${result.cr.toFixed(4)}`);
    expect(message).toContain('threshold 0.1');
    expect(message).toContain('saaty_2005');
    expect(message).toMatch(/row 1 vs column 4: given 1\/8, consistent value ≈ \d/);
    expect(message.split('\n')).toHaveLength(1);
    expect(() => assertConsistent(result, { allowInconsistent: true })).not.toThrow();
    expect(() => assertConsistent(ahp([[1, 2], [0.5, 1]]))).not.toThrow();
  });

  it('a stricter or looser threshold changes the verdict, not the CR', () => {
    const m = example('wikipedia_car_criteria_4x4').matrix;
    const loose = ahp(m, { threshold: 0.1 });
    const strict = ahp(m, { threshold: 0.05 });
    expect(loose.cr).toBe(strict.cr);
    expect(loose.consistent).toBe(true);
    expect(strict.consistent).toBe(false);
  });
});

describe('saatyScaleNearest', () => {
  it('snaps ratios to the 1-9 scale symmetrically on a log scale', () => {
    expect(saatyScaleNearest(1)).toBe(1);
    expect(saatyScaleNearest(2.4)).toBe(2);
    expect(saatyScaleNearest(2.5)).toBe(3); // log-midpoint of 2 and 3 is √6 ≈ 2.449
    expect(saatyScaleNearest(0.4)).toBe(1 / 3);
    expect(saatyScaleNearest(0.47)).toBe(1 / 2);
    expect(saatyScaleNearest(40)).toBe(9);
    expect(saatyScaleNearest(1 / 40)).toBe(1 / 9);
    expect(saatyScaleNearest(Math.sqrt(6))).toBe(2); // tie → the more modest judgement
    expect(saatyScaleNearest(1 / Math.sqrt(6))).toBe(1 / 2);
    expect(() => saatyScaleNearest(0)).toThrow(RangeError);
  });
});

describe('combineExperts (AIJ, element-wise geometric mean)', () => {
  it('takes the geometric mean and stays reciprocal', () => {
    const combined = combineExperts([
      [[1, 2], [1 / 2, 1]],
      [[1, 8], [1 / 8, 1]],
    ]);
    expect(combined[0]![1]).toBeCloseTo(4, 14);
    expect(combined[1]![0]).toBeCloseTo(1 / 4, 14);
    expect(combined[0]![0]).toBe(1);
  });

  it('rejects experts of different sizes, naming the expert', () => {
    const three = example('wikipedia_leader_age_3x3').matrix;
    const four = example('wikipedia_car_cost_4x4').matrix;
    expect(() => combineExperts([three, four])).toThrow(/^experts\[1\]: is 4×4 but experts\[0\] is 3×3/);
    expect(() => combineExperts([three, [[1, 2], [2, 1]]])).toThrow(/^experts\[1\]\[1\]\[0\]: not reciprocal/);
    expect(() => combineExperts([])).toThrow(/^experts: /);
  });
});

describe('bad AHP input names the field', () => {
  const fieldOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof WeightsInputError) return e.field;
      throw e;
    }
    throw new Error('expected a WeightsInputError');
  };

  it('non-square, zero, non-reciprocal, bad diagonal', () => {
    expect(fieldOf(() => ahp([[1, 2], [0.5]]))).toBe('matrix[1]');
    expect(fieldOf(() => ahp([]))).toBe('matrix');
    expect(fieldOf(() => ahp([[1, 0], [1, 1]]))).toBe('matrix[0][1]');
    expect(fieldOf(() => ahp([[1, 3, 2], [1 / 3, 1, 1], [0.4, 1, 1]]))).toBe('matrix[2][0]');
    expect(fieldOf(() => ahp([[2, 1], [1, 1]]))).toBe('matrix[0][0]');
    expect(() => ahp([[1, 3], [0.5, 1]])).toThrow('matrix[1][0]: not reciprocal: 0.5 but matrix[0][1] is 3 (expected 1/3)');
  });

  it('bad options', () => {
    const m = [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]];
    expect(fieldOf(() => ahp(m, { threshold: 0 }))).toBe('threshold');
    expect(fieldOf(() => ahp(m, { topInconsistencies: -1 }))).toBe('topInconsistencies');
    expect(fieldOf(() => ahp(m, { method: 'power' as AhpMethod }))).toBe('method');
    expect(fieldOf(() => ahp(m, { riTable: 'nope' as 'saaty_2005' }))).toBe('riTable');
    const sixteen = Array.from({ length: 16 }, () => new Array<number>(16).fill(1));
    expect(() => ahp(sixteen, { riTable: 'saaty_2005' })).toThrow(/^riTable: saaty_2005 has no random index for n = 16/);
    expect(ahp(sixteen, { riTable: 'jmcdm_extension' }).ri).toBe(1.59);
  });
});

describe('AHP properties', () => {
  const scale = [...SAATY_SCALE];
  /** Random reciprocal matrix of size 1..9 from Saaty-scale judgements. */
  const reciprocalMatrix = fc.integer({ min: 1, max: 9 }).chain((n) => {
    const pairs = (n * (n - 1)) / 2;
    return fc.array(fc.constantFrom(...scale), { minLength: pairs, maxLength: pairs }).map((upper) => {
      const m = Array.from({ length: n }, () => new Array<number>(n).fill(1));
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          m[i]![j] = upper[k]!;
          m[j]![i] = 1 / upper[k]!;
          k++;
        }
      }
      return m;
    });
  });
  const methods = ['eigenvector', 'sum', 'geometric'] as const;

  it('weights are positive and sum to 1 for every method', () => {
    fc.assert(
      fc.property(reciprocalMatrix, fc.constantFrom(...methods), (m, method) => {
        const { weights, cr } = ahp(m, { method });
        expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        expect(weights.every((w) => w > 0)).toBe(true);
        expect(cr).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a consistent matrix a_ij = w_i/w_j has CR ≈ 0 and recovers w', () => {
    const positiveWeights = fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(positiveWeights, fc.constantFrom(...methods), (w, method) => {
        const m = w.map((wi) => w.map((wj) => wi / wj));
        const result = ahp(m, { method });
        const total = w.reduce((a, b) => a + b, 0);
        expect(result.cr).toBeLessThan(1e-9);
        result.weights.forEach((x, i) => expect(Math.abs(x - w[i]! / total)).toBeLessThan(1e-9));
      }),
      { numRuns: 300 },
    );
  });

  it('combining identical expert matrices returns the same matrix', () => {
    fc.assert(
      fc.property(reciprocalMatrix, fc.integer({ min: 1, max: 5 }), (m, experts) => {
        expect(combineExperts(Array.from({ length: experts }, () => m))).toEqual(m);
      }),
    );
  });

  it('the combined matrix of different experts is reciprocal (it passes validation)', () => {
    fc.assert(
      fc.property(fc.array(reciprocalMatrix.filter((m) => m.length === 4), { minLength: 2, maxLength: 5 }), (experts) => {
        const combined = combineExperts(experts);
        expect(() => ahp(combined)).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });
});
