import { describe, expect, it } from 'vitest';
import { classMetrics, evaluateSentiment, evaluateTags } from './evaluate';

describe('metrics', () => {
  it('computes P/R/F1 from counts, 0 when undefined', () => {
    expect(classMetrics(3, 1, 2)).toMatchObject({ precision: 0.75, recall: 0.6, support: 5 });
    expect(classMetrics(3, 1, 2).f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
    expect(classMetrics(0, 0, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('matches a hand-worked multi-label example', () => {
    // item 1: gold {a, b}, predicted {a}      → a tp; b fn
    // item 2: gold {b},    predicted {b, c}   → b tp; c fp
    // item 3: gold {},     predicted {a}      → a fp
    // item 4: gold {c},    predicted {c}      → c tp (exact)
    // a: tp 1 fp 1 fn 0 → P 1/2 R 1 F1 2/3;  b: tp 1 fn 1 → P 1 R 1/2 F1 2/3;  c: tp 1 fp 1 → P 1/2 R 1 F1 2/3
    // micro: tp 3 fp 2 fn 1 → P 3/5 R 3/4 F1 2·0.6·0.75/1.35 = 2/3
    const result = evaluateTags([['a', 'b'], ['b'], [], ['c']], [['a'], ['b', 'c'], ['a'], ['c']], ['a', 'b', 'c']);
    expect(result.perTag.a).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 });
    expect(result.perTag.b).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 1, precision: 1, recall: 0.5 });
    expect(result.perTag.c!.f1).toBeCloseTo(2 / 3);
    expect(result.micro).toMatchObject({ truePositives: 3, falsePositives: 2, falseNegatives: 1, precision: 0.6, recall: 0.75 });
    expect(result.micro.f1).toBeCloseTo(2 / 3);
    expect(result.macro.precision).toBeCloseTo((0.5 + 1 + 0.5) / 3);
    expect(result.macro.recall).toBeCloseTo((1 + 0.5 + 1) / 3);
    expect(result.macro.f1).toBeCloseTo(2 / 3);
    expect(result.exactMatch).toBe(0.25);
  });

  it('matches a hand-worked sentiment confusion matrix', () => {
    //              predicted: pos neu neg
    // gold positive:           2   1   0
    // gold neutral:            1   1   0
    // gold negative:           0   1   3
    const gold = ['positive', 'positive', 'positive', 'neutral', 'neutral', 'negative', 'negative', 'negative', 'negative'] as const;
    const predicted = ['positive', 'positive', 'neutral', 'positive', 'neutral', 'neutral', 'negative', 'negative', 'negative'] as const;
    const result = evaluateSentiment(gold, predicted);
    expect(result.confusion).toEqual({ positive: { positive: 2, neutral: 1, negative: 0 }, neutral: { positive: 1, neutral: 1, negative: 0 }, negative: { positive: 0, neutral: 1, negative: 3 } });
    expect(result.accuracy).toBeCloseTo(6 / 9);
    // positive: P 2/3 R 2/3; neutral: P 1/3 R 1/2 F1 0.4; negative: P 1 R 3/4 F1 6/7
    expect(result.perClass.positive).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(result.perClass.neutral.precision).toBeCloseTo(1 / 3);
    expect(result.perClass.neutral.f1).toBeCloseTo(0.4);
    expect(result.perClass.negative.f1).toBeCloseTo(6 / 7);
    expect(result.macro.f1).toBeCloseTo((2 / 3 + 0.4 + 6 / 7) / 3);
  });

  it('refuses gold and predictions of different lengths', () => {
    expect(() => evaluateTags([[]], [], [])).toThrow(/1 gold items but 0 predictions/);
    expect(() => evaluateSentiment(['neutral'], [])).toThrow(/1 gold items/);
  });
});
