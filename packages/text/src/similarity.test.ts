import { describe, expect, it } from 'vitest';
import { clusterSimilar, findNearDuplicates, jaccard, normalizeForSimilarity, shingles } from './similarity';

const items = (...texts: string[]) => texts.map((text, i) => ({ id: `t${i + 1}`, text }));

describe('near-duplicate detection', () => {
  it('normalises width, case, punctuation and emoji', () => {
    expect(normalizeForSimilarity('ＡＰＰ 闪退！！👍')).toBe('app闪退');
    expect(jaccard(shingles('人脸识别失败！'), shingles('人脸识别失败'))).toBe(1);
  });

  it('computes Jaccard on bigram sets', () => {
    // 登录失败 → {登录, 录失, 失败}; 登录成功 → {登录, 录成, 成功}: 1 shared of 5.
    expect(jaccard(shingles('登录失败'), shingles('登录成功'))).toBeCloseTo(1 / 5);
    expect(jaccard(shingles(''), shingles(''))).toBe(1);
  });

  it('clusters near-duplicates with a representative, member ids and support', () => {
    const clusters = clusterSimilar(items(
      '人脸识别一直失败，登录不了',
      '交社保很方便，一分钟搞定',
      '人脸识别一直失败,登录不了!!',
      '人脸识别老是失败，登录不了',
      '交社保很方便一分钟就搞定了👍',
      '窗口工作人员态度很好',
    ));
    expect(clusters).toEqual([
      { representative: { id: 't1', text: '人脸识别一直失败，登录不了' }, memberIds: ['t1', 't3', 't4'], support: 3 },
      { representative: { id: 't2', text: '交社保很方便，一分钟搞定' }, memberIds: ['t2', 't5'], support: 2 },
      { representative: { id: 't6', text: '窗口工作人员态度很好' }, memberIds: ['t6'], support: 1 },
    ]);
  });

  it('compares with representatives, so similarity does not chain A≈B≈C into one cluster', () => {
    const chain = items('一二三四五六七八九十', '一二三四五六七八甲乙', '一二三四五六丙丁甲乙');
    const j = (a: string, b: string) => jaccard(shingles(a), shingles(b));
    expect(j(chain[0]!.text, chain[1]!.text)).toBeGreaterThanOrEqual(0.5);
    expect(j(chain[1]!.text, chain[2]!.text)).toBeGreaterThanOrEqual(0.5);
    expect(j(chain[0]!.text, chain[2]!.text)).toBeLessThan(0.5);
    expect(clusterSimilar(chain).map((c) => c.memberIds)).toEqual([['t1', 't2'], ['t3']]);
  });

  it('lists confirmed pairs with their similarity', () => {
    const pairs = findNearDuplicates(items('公积金提取到账很快', '公积金提取到账很快！', '社保卡补办要多久'));
    expect(pairs).toEqual([{ a: 't1', b: 't2', similarity: 1 }]);
  });

  it('is deterministic and handles thousands of copies without comparing all pairs', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: String(i), text: i % 2 ? '好用' : `第${i}条：办事指南写得不清楚，材料清单和窗口要求不一致` }));
    const started = performance.now();
    const first = clusterSimilar(many);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(clusterSimilar(many)).toEqual(first);
    expect(first[0]).toMatchObject({ support: 2500 });
    expect(first.reduce((s, c) => s + c.support, 0)).toBe(5000);
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => clusterSimilar(items('a'), { threshold: 0 })).toThrow(RangeError);
  });
});
