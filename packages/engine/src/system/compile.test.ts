import { describe, expect, it } from 'vitest';
import { validateIndicatorSystem } from '@govperf/contracts';
import { compileSystem, SystemCompileError } from './compile';

function problemsOf(document: unknown) {
  const parsed = validateIndicatorSystem(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  try {
    compileSystem(parsed.system);
  } catch (error) {
    if (error instanceof SystemCompileError) return error.problems;
    throw error;
  }
  return [];
}

const leaf = (code: string, formula = 'm.a') => ({ code, name: { zh: code, en: code }, formula, scoring: { method: 'identity' } });

describe('compile problems', () => {
  it('name the document path and say why in English and Chinese', () => {
    const problems = problemsOf({
      format: 'govperf/indicator-system@1',
      code: 'S',
      version: '1',
      name: { zh: '体系', en: 'System' },
      metrics: { 'm.a': { name: { zh: '甲', en: 'A' } } },
      weighting: { method: 'ahp', ahp: { judgements: [[1, 9, '1/9'], ['1/9', 1, 9], [9, '1/9', 1]] } },
      indicators: [leaf('A'), leaf('B', 'm.unknown'), { ...leaf('C', 'm.a +'), veto: [{ when: 'm.a > 0', action: 'zero', reason: { zh: '否', en: 'No' } }] }],
    });
    expect(problems.map((p) => p.path)).toEqual([['weighting'], ['indicators', 1, 'formula'], ['indicators', 2, 'formula']]);
    const [ahp, metric, formula] = problems;
    expect(ahp!.reason).toMatch(/^AHP judgements are inconsistent: CR = /);
    expect(ahp!.reasonZh).toMatch(/^判断矩阵未通过一致性检验：一致性比率 CR = \d\.\d{4} ≥ 0\.1（RI 表 saaty_classic）。最不一致的判断：第 \d 行第 \d 列：现为 /);
    expect(metric!.reasonZh).toBe('B 的计算公式使用了未在数据项目录（metrics）中声明的数据项“m.unknown”');
    expect(formula!.reason).toMatch(/^formula error at line 1, column \d+: /);
    expect(formula!.reasonZh).toMatch(/^公式第 1 行第 \d+ 列有误：/);
  });
});
