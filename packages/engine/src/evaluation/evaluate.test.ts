import { parseIndicatorSystemText, type IndicatorSystem } from '@govperf/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSystem } from '../system/compile';
import { entropyWeights } from '../weights';
import { evaluate } from './evaluate';
import { explain } from './explain';
import type { MetricFact } from './types';

function system(yaml: string): IndicatorSystem {
  const parsed = parseIndicatorSystemText(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.system;
}

const base = `
format: govperf/indicator-system@1
code: T
version: "1"
name: { zh: 测试, en: Test }
indicators:
  - code: A
    name: { zh: 效能, en: Efficiency }
    weight: 60
    children:
      - code: A1
        name: { zh: 按时办结率, en: On-time rate }
        weight: 1
        formula: h.on_time / h.completed * 100
        target: 95
        tolerance: 5
        scoring: { method: target-linear, floor: 60 }
      - code: A2
        name: { zh: 办理时长, en: Minutes }
        weight: 1
        direction: cost
        formula: h.minutes
        target: 5
        scoring: { method: target-linear, floor: 30 }
  - code: B
    name: { zh: 体验, en: Experience }
    weight: 40
    children:
      - code: B1
        name: { zh: 满意度, en: Satisfaction }
        formula: r.satisfaction
        target: 85
        scoring: { method: identity }
`;

const facts = (rows: [string, Record<string, number>][]): MetricFact[] =>
  rows.flatMap(([unit, metrics]) => Object.entries(metrics).map(([metric, value]) => ({ unit, metric, value })));

const threeUnits = facts([
  ['u1', { 'h.on_time': 90, 'h.completed': 100, 'h.minutes': 10, 'r.satisfaction': 80 }],
  ['u2', { 'h.on_time': 96, 'h.completed': 100, 'h.minutes': 4, 'r.satisfaction': 90 }],
  ['u3', { 'h.on_time': 57, 'h.completed': 100, 'r.satisfaction': 70 }],
]);

describe('evaluate: a hand-worked example', () => {
  const compiled = compileSystem(system(base));
  const result = evaluate(compiled, { period: '2025-06', facts: threeUnits });
  const unit = (id: string) => result.units.find((u) => u.unit === id)!;
  const ind = (id: string, code: string) => unit(id).indicators.find((i) => i.code === code)!;

  it('scores leaves by target-linear and identity', () => {
    // u1: on-time 90 % → (90−60)/(95−60)·100 = 85.714…; 10 minutes (cost) → (10−30)/(5−30)·100 = 80.
    expect(ind('u1', 'A1').score).toBeCloseTo(85.7142857143, 9);
    expect(ind('u1', 'A2').score).toBeCloseTo(80, 12);
    // u2 beats both targets: clamped at 100.
    expect(ind('u2', 'A1').score).toBe(100);
    expect(ind('u2', 'A2').score).toBe(100);
    // u3: 57 % is below the floor → 0.
    expect(ind('u3', 'A1').score).toBe(0);
  });

  it('aggregates by weight and renormalises over children with data', () => {
    // u1: A = (85.714 + 80)/2 = 82.857; composite = 0.6·82.857 + 0.4·80 = 81.714.
    expect(unit('u1').score).toBeCloseTo(81.7142857143, 9);
    expect(unit('u1').scoreRounded).toBe(81.71);
    expect(unit('u2').score).toBeCloseTo(96, 12);
    // u3 has no duration: A is its on-time score alone (0); composite = 0.4·70 = 28.
    expect(ind('u3', 'A2')).toMatchObject({ value: null, score: null, weight: 0, contribution: null, noData: 'no data for metric h.minutes' });
    expect(ind('u3', 'A1').localWeight).toBe(1);
    expect(unit('u3').score).toBeCloseTo(28, 12);
  });

  it('reports global weights and contributions that add up to the composite', () => {
    expect(ind('u1', 'A1').weight).toBeCloseTo(0.3, 15);
    expect(ind('u1', 'B1').weight).toBeCloseTo(0.4, 15);
    const leaves = unit('u1').indicators.filter((i) => i.leaf);
    expect(leaves.reduce((s, i) => s + i.contribution!, 0)).toBeCloseTo(unit('u1').score!, 12);
    expect(leaves.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1, 15);
  });

  it('grades, ranks and lights', () => {
    expect(result.units.map((u) => [u.unit, u.rank, u.grade])).toEqual([
      ['u2', 1, 'excellent'],
      ['u1', 2, 'good'],
      ['u3', 3, 'poor'],
    ]);
    expect(unit('u2').gradeName).toEqual({ zh: '优秀', en: 'Excellent' });
    expect(ind('u1', 'A1').light).toBe('yellow'); // 90 is 5 short of 95, within the tolerance 5
    expect(ind('u1', 'A2').light).toBe('red'); // 10 minutes against 5, no tolerance
    expect(ind('u2', 'A1').light).toBe('green');
    expect(ind('u1', 'A').light).toBeNull(); // only leaves have lights
  });

  it('reports the peer-group averages', () => {
    const group = result.peerGroups[0]!;
    expect(group.code).toBe('all');
    expect(group.average).toBeCloseTo((81.7142857143 + 96 + 28) / 3, 9);
    expect(group.indicators['B1']!.value).toBeCloseTo(80, 12);
    expect(group.weights['A']).toEqual({ A1: 0.5, A2: 0.5 });
  });

  it('carries the system identity and a hash of the inputs', () => {
    expect(result.system).toEqual({ code: 'T', version: '1', hash: compiled.hash });
    expect(result.inputHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const changed = evaluate(compiled, { period: '2025-06', facts: threeUnits.map((f, i) => (i === 0 ? { ...f, value: 91 } : f)) });
    expect(changed.inputHash).not.toBe(result.inputHash);
  });
});

describe('missing-data policy', () => {
  const data = facts([['u', { 'h.on_time': 96, 'h.completed': 100, 'r.satisfaction': 80 }]]);
  it('renormalise: a missing child drops out and its siblings share its weight', () => {
    const r = evaluate(compileSystem(system(base)), { period: 'p', facts: data });
    expect(r.units[0]!.score).toBeCloseTo(0.6 * 100 + 0.4 * 80, 12);
  });
  it('zero: a missing child keeps its weight and scores 0', () => {
    const r = evaluate(compileSystem(system(base.replace('    weight: 60\n', '    weight: 60\n    missing: zero\n'))), { period: 'p', facts: data });
    expect(r.units[0]!.score).toBeCloseTo(0.6 * 50 + 0.4 * 80, 12);
    const a2 = r.units[0]!.indicators.find((i) => i.code === 'A2')!;
    expect(a2).toMatchObject({ value: null, score: 0, contribution: 0, weight: 0.3 });
  });
  it('a unit without any data has no score, grade or rank', () => {
    const r = evaluate(compileSystem(system(base)), { period: 'p', units: [{ id: 'u' }, { id: 'empty' }], facts: data });
    expect(r.units.find((u) => u.unit === 'empty')).toMatchObject({ score: null, grade: null, rank: null });
  });
});

describe('veto rules (一票否决)', () => {
  const withVeto = (action: string) =>
    system(base.replace("        scoring: { method: identity }\n", `        scoring: { method: identity }\n        veto:\n          - when: ops.security_incidents > 0\n            action: ${action}\n            reason: { zh: 发生数据安全事件, en: Data security incident }\n`));
  const data = facts([
    ['clean', { 'h.on_time': 96, 'h.completed': 100, 'h.minutes': 4, 'r.satisfaction': 90, 'ops.security_incidents': 0 }],
    ['hit', { 'h.on_time': 96, 'h.completed': 100, 'h.minutes': 4, 'r.satisfaction': 90, 'ops.security_incidents': 2 }],
    ['unknown', { 'h.on_time': 96, 'h.completed': 100, 'h.minutes': 4, 'r.satisfaction': 90 }],
  ]);
  const run = (action: string) => {
    const r = evaluate(compileSystem(withVeto(action)), { period: 'p', facts: data });
    return (id: string) => r.units.find((u) => u.unit === id)!;
  };
  it('cap limits the composite and records the reason', () => {
    const u = run('cap\n            cap: 59');
    expect(u('hit')).toMatchObject({ score: 59, grade: 'poor', vetoed: true });
    expect(u('hit').vetoes).toEqual([{ indicator: 'B1', action: 'cap', cap: 59, reason: { zh: '发生数据安全事件', en: 'Data security incident' } }]);
    expect(u('clean')).toMatchObject({ score: 96, vetoed: false });
  });
  it('zero sets the composite to 0; downgrade drops one grade but keeps the score', () => {
    expect(run('zero')('hit')).toMatchObject({ score: 0, grade: 'poor' });
    expect(run('downgrade')('hit')).toMatchObject({ score: 96, grade: 'good', vetoed: true });
  });
  it('a veto condition without data is not applied but reported', () => {
    expect(run('zero')('unknown')).toMatchObject({ score: 96, vetoed: false, vetoUnchecked: ['B1: no data for metric ops.security_incidents'] });
  });
});

describe('ranking on rounded scores', () => {
  it('gives equal rounded scores the same rank and skips (1, 2, 2, 4)', () => {
    const flat = system(`
format: govperf/indicator-system@1
code: R
version: "1"
name: { zh: 排名, en: Ranking }
ranking: { precision: 1 }
indicators:
  - code: S
    name: { zh: 得分, en: Score }
    formula: s
    scoring: { method: identity }
`);
    const r = evaluate(compileSystem(flat), { period: 'p', facts: facts([['a', { s: 90.04 }], ['b', { s: 80.04 }], ['c', { s: 79.96 }], ['d', { s: 70 }]]) });
    expect(r.units.map((u) => [u.unit, u.scoreRounded, u.rank])).toEqual([
      ['a', 90, 1],
      ['b', 80, 2],
      ['c', 80, 2],
      ['d', 70, 4],
    ]);
  });

  it('ranks within each peer group and respects appliesTo', () => {
    const grouped = system(base.replace('        formula: h.minutes\n', '        formula: h.minutes\n        appliesTo: [county]\n'));
    const r = evaluate(compileSystem(grouped), {
      period: 'p',
      units: [
        { id: 'c1', peerGroup: 'city' },
        { id: 'k1', peerGroup: 'county' },
        { id: 'k2', peerGroup: 'county' },
      ],
      facts: facts([
        ['c1', { 'h.on_time': 90, 'h.completed': 100, 'h.minutes': 10, 'r.satisfaction': 80 }],
        ['k1', { 'h.on_time': 90, 'h.completed': 100, 'h.minutes': 10, 'r.satisfaction': 80 }],
        ['k2', { 'h.on_time': 96, 'h.completed': 100, 'h.minutes': 4, 'r.satisfaction': 90 }],
      ]),
    });
    const c1 = r.units.find((u) => u.unit === 'c1')!;
    expect(c1.rank).toBe(1);
    expect(c1.indicators.map((i) => i.code)).not.toContain('A2');
    // Without A2 the city's A is its on-time score alone.
    expect(c1.score).toBeCloseTo(0.6 * 85.7142857143 + 0.4 * 80, 9);
    expect(r.units.filter((u) => u.peerGroup === 'county').map((u) => [u.unit, u.rank])).toEqual([
      ['k2', 1],
      ['k1', 2],
    ]);
  });
});

describe('relative scoring and data-driven weights', () => {
  const relative = (scoring: string, weighting = '') =>
    system(`
format: govperf/indicator-system@1
code: REL
version: "1"
name: { zh: 相对, en: Relative }
${weighting}
indicators:
  - code: X
    name: { zh: 甲, en: X }
    formula: x
    scoring: ${scoring}
  - code: Y
    name: { zh: 乙, en: Y }
    direction: cost
    formula: y
    scoring: ${scoring}
`);
  const data = facts([['a', { x: 10, y: 1 }], ['b', { x: 20, y: 3 }], ['c', { x: 40, y: 2 }]]);

  it('minmax: worst → 0, best → 100 within the group, inverted for cost', () => {
    const r = evaluate(compileSystem(relative('{ method: minmax }')), { period: 'p', facts: data });
    const s = (u: string, c: string) => r.units.find((x) => x.unit === u)!.indicators.find((i) => i.code === c)!.score;
    expect([s('a', 'X'), s('b', 'X'), s('c', 'X')]).toEqual([0, (10 / 30) * 100, 100]);
    expect([s('a', 'Y'), s('b', 'Y'), s('c', 'Y')]).toEqual([100, 0, 50]);
  });

  it('zscore: 50 + 10·z with the population standard deviation', () => {
    const r = evaluate(compileSystem(relative('{ method: zscore }')), { period: 'p', facts: data });
    // x: mean 23.333, population sd = sqrt(((−13.333)² + (−3.333)² + 16.667²)/3) = 12.4722.
    const sd = Math.sqrt((13.3333333333 ** 2 + 3.3333333333 ** 2 + 16.6666666667 ** 2) / 3);
    const a = r.units.find((u) => u.unit === 'a')!.indicators.find((i) => i.code === 'X')!.score!;
    expect(a).toBeCloseTo(50 + (10 * (10 - 70 / 3)) / sd, 6);
    // y is a cost: a has the smallest y (1 vs mean 2), so a positive z-score: 50 + 10·(1/0.8165).
    const ay = r.units.find((u) => u.unit === 'a')!.indicators.find((i) => i.code === 'Y')!.score!;
    expect(ay).toBeCloseTo(50 + 10 / Math.sqrt(2 / 3), 9);
  });

  it('entropy weighting uses the children\'s scores across the peer group', () => {
    const r = evaluate(compileSystem(relative('{ method: minmax }', 'weighting: { method: entropy }')), { period: 'p', facts: data });
    const expected = entropyWeights(
      [
        [0, 100],
        [(10 / 30) * 100, 0],
        [100, 50],
      ],
      { normalization: 'minmax' },
    ).weights;
    expect(r.peerGroups[0]!.weights['$root']).toEqual({ X: expected[0], Y: expected[1] });
    const a = r.units.find((u) => u.unit === 'a')!;
    expect(a.score).toBeCloseTo(expected[0]! * 0 + expected[1]! * 100, 9);
  });

  it('AHP weighting of the top level from a judgement matrix', () => {
    const r = evaluate(compileSystem(relative('{ method: minmax }', 'weighting: { method: ahp, ahp: { judgements: [[1, 3], ["1/3", 1]] } }')), { period: 'p', facts: data });
    expect(r.peerGroups[0]!.weights['$root']!['X']).toBeCloseTo(0.75, 12);
  });
});

describe('explain', () => {
  const compiled = compileSystem(system(base));
  it('traces a leaf from facts to its contribution', () => {
    const e = explain(compiled, { period: 'p', facts: threeUnits }, 'u1', 'A1');
    expect(e.indicator.path.map((p) => p.code)).toEqual(['A', 'A1']);
    expect(e.facts).toEqual([
      { metric: 'h.completed', value: 100, sources: [] },
      { metric: 'h.on_time', value: 90, sources: [] },
    ]);
    expect(e.formula).toMatchObject({ source: 'h.on_time / h.completed * 100', value: 90, noData: null });
    expect(e.scoring).toMatchObject({ method: 'target-linear', target: 95, clamped: false });
    expect(e.scoring!.score).toBeCloseTo(85.7142857143, 9);
    expect(e.weight).toMatchObject({ method: 'manual', local: 0.5, chain: [{ code: 'A', local: 0.6 }, { code: 'A1', local: 0.5 }] });
    expect(e.weight.global).toBeCloseTo(0.3, 15);
    expect(e.contribution).toBeCloseTo(0.3 * 85.7142857143, 9);
    expect(e.light).toBe('yellow');
    expect(e.composite.rank).toBe(2);
  });
  it('explains a group indicator by its children', () => {
    const e = explain(compiled, { period: 'p', facts: threeUnits }, 'u3', 'A');
    expect(e.children.map((c) => [c.code, c.score, c.localWeight])).toEqual([
      ['A1', 0, 1],
      ['A2', null, 0],
    ]);
  });
  it('carries the facts\' sources through', () => {
    const sourced = threeUnits.map((f, i) => ({ ...f, source: { file: 'facts.csv', line: i + 2 } }));
    const e = explain(compiled, { period: 'p', facts: sourced }, 'u1', 'A1');
    expect(e.facts.find((f) => f.metric === 'h.on_time')!.sources).toEqual([{ file: 'facts.csv', line: 2 }]);
  });
  it('refuses unknown units and indicators by name', () => {
    expect(() => explain(compiled, { period: 'p', facts: threeUnits }, 'nobody', 'A1')).toThrow('unit: unknown unit "nobody"');
    expect(() => explain(compiled, { period: 'p', facts: threeUnits }, 'u1', 'Z9')).toThrow('indicator: unknown indicator "Z9" in system T');
  });
});

describe('bad evaluation input', () => {
  const compiled = compileSystem(system(base));
  it('names the field and reason', () => {
    expect(() => evaluate(compiled, { period: 'p', facts: [...threeUnits, { unit: 'u1', metric: 'h.minutes', value: 3 }] })).toThrow(/facts\[\d+\]: metric "h.minutes" of unit "u1" is given more than once/);
    expect(() => evaluate(compiled, { period: 'p', units: [{ id: 'u1' }], facts: threeUnits })).toThrow(/facts\[\d+\]\.unit: unknown unit "u2"/);
    expect(() => evaluate(compiled, { period: 'p', facts: [{ unit: 'u1', metric: 'x', value: Number.NaN }] })).toThrow('facts[0].value: not a finite number: NaN');
    expect(() => evaluate(compiled, { period: 'p', units: [{ id: 'a' }, { id: 'a' }], facts: [] })).toThrow('units[1].id: unit "a" is listed twice');
  });
});

describe('properties', () => {
  const compiled = compileSystem(system(base.replace('scoring: { method: identity }', 'scoring: { method: zscore }')));
  const unitArb = fc.record({
    onTime: fc.integer({ min: 0, max: 1000 }),
    completed: fc.integer({ min: 0, max: 1000 }),
    minutes: fc.option(fc.double({ min: 0, max: 120, noNaN: true }), { nil: undefined }),
    satisfaction: fc.double({ min: -50, max: 150, noNaN: true }),
  });
  const toFacts = (units: { onTime: number; completed: number; minutes: number | undefined; satisfaction: number }[]) =>
    facts(units.map((u, i) => [`u${i}`, { 'h.on_time': u.onTime, 'h.completed': u.completed, ...(u.minutes === undefined ? {} : { 'h.minutes': u.minutes }), 'r.satisfaction': u.satisfaction }]));

  it('scores stay in [0, 100] and leaf weights of a unit sum to 1', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 12 }), (units) => {
        const r = evaluate(compiled, { period: 'p', facts: toFacts(units) });
        for (const u of r.units) {
          if (u.score !== null) expect(u.score).toBeGreaterThanOrEqual(0);
          if (u.score !== null) expect(u.score).toBeLessThanOrEqual(100 + 1e-9);
          for (const i of u.indicators) if (i.score !== null) expect(i.score >= 0 && i.score <= 100).toBe(true);
          const leafWeights = u.indicators.filter((i) => i.leaf).reduce((s, i) => s + i.weight, 0);
          if (u.score !== null) expect(leafWeights).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('results are byte-identical whatever the order of units and facts', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 10 }), fc.integer(), (units, seed) => {
        const f = toFacts(units);
        const shuffled = [...f].sort((a, b) => ((hash(a.unit + a.metric) ^ seed) >>> 0) - ((hash(b.unit + b.metric) ^ seed) >>> 0));
        const unitIds = [...new Set(f.map((x) => x.unit))];
        const one = JSON.stringify(evaluate(compiled, { period: 'p', facts: f, units: unitIds.map((id) => ({ id })) }));
        const two = JSON.stringify(evaluate(compiled, { period: 'p', facts: shuffled, units: [...unitIds].reverse().map((id) => ({ id })) }));
        expect(two).toBe(one);
      }),
    );
  });
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

describe('TOPSIS as an alternative ranking', () => {
  // Tzeng & Huang (2011): alternatives (5,8,4) (7,6,8) (8,8,6) (7,4,6), weights .3/.4/.3, vector
  // normalisation; published closeness .5037 .6581 .7482 .3340, ranks 3 2 1 4.
  const flat = system(`
format: govperf/indicator-system@1
code: TZ
version: "1"
name: { zh: 逼近理想解, en: TOPSIS }
indicators:
  - { code: C1, name: { zh: 一, en: One }, weight: 0.3, formula: c1, scoring: { method: minmax } }
  - { code: C2, name: { zh: 二, en: Two }, weight: 0.4, formula: c2, scoring: { method: minmax } }
  - { code: C3, name: { zh: 三, en: Three }, weight: 0.3, formula: c3, scoring: { method: minmax } }
`);
  const rows: [string, Record<string, number>][] = [
    ['A1', { c1: 5, c2: 8, c3: 4 }],
    ['A2', { c1: 7, c2: 6, c3: 8 }],
    ['A3', { c1: 8, c2: 8, c3: 6 }],
    ['A4', { c1: 7, c2: 4, c3: 6 }],
    ['A5', { c1: 7, c2: 4 }],
  ];
  it('reproduces the published closeness from the indicator weights; incomplete units are left out', () => {
    const r = evaluate(compileSystem(flat), { period: 'p', facts: facts(rows) }, { topsis: 'vector' });
    const t = (id: string) => r.units.find((u) => u.unit === id)!.topsis;
    [0.5037, 0.6581, 0.7482, 0.334].forEach((c, i) => expect(Math.abs(t(`A${i + 1}`)!.closeness - c)).toBeLessThanOrEqual(1e-4));
    expect(['A1', 'A2', 'A3', 'A4'].map((id) => t(id)!.rank)).toEqual([3, 2, 1, 4]);
    expect(t('A5')).toBeNull();
    expect(r.warnings).toContain('TOPSIS, peer group all: 1 unit(s) without a value for every indicator are not ranked by TOPSIS');
  });
  it('is absent unless asked for', () => {
    expect('topsis' in evaluate(compileSystem(flat), { period: 'p', facts: facts(rows) }).units[0]!).toBe(false);
  });
});
