import { describe, expect, it } from 'vitest';
import { parseIndicatorSystemText, validateIndicatorSystem } from './indicator-system-file';

const valid = `
format: govperf/indicator-system@1
code: DEMO
version: "1.0"
name: { zh: 示例体系, en: Demo system }
indicators:
  - code: A
    name: { zh: 服务效能, en: Service efficiency }
    weight: 60
    children:
      - code: A1
        name: { zh: 按时办结率, en: On-time rate }
        weight: 1
        unit: "%"
        formula: handling.on_time / handling.completed * 100
        target: 95
        tolerance: 5
        scoring: { method: target-linear, floor: 60 }
      - code: A2
        name: { zh: 平均办理时长, en: Average handling time }
        weight: 1
        direction: cost
        formula: handling.minutes_avg
        target: 5
        scoring: { method: target-linear, floor: 30 }
  - code: B
    name: { zh: 用户体验, en: User experience }
    weight: 40
    formula: ratings.satisfaction
    scoring: { method: identity }
`;

describe('parseIndicatorSystemText', () => {
  it('accepts a valid system and applies defaults', () => {
    const result = parseIndicatorSystemText(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.system.grades.map((g) => g.name.zh)).toEqual(['优秀', '良好', '一般', '较差']);
    expect(result.system.ranking.precision).toBe(2);
    expect(result.system.indicators[0]!.children![0]!.direction).toBe('benefit');
  });

  it('names the indicator path and field of a bad node', () => {
    const bad = valid.replace('floor: 30', 'floor: 2');
    const result = parseIndicatorSystemText(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.where).toBe('indicator A › A2, field scoring.floor');
    expect(result.problems[0]!.reason).toMatch(/cost indicator.*floor \(2\).*target \(5\)/);
  });

  it('rejects unknown fields and wrong types with the path', () => {
    const result = parseIndicatorSystemText(valid.replace('unit: "%"', 'unit: "%"\n        colour: red').replace('target: 95', 'target: high'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const wheres = result.problems.map((p) => p.where).sort();
    expect(wheres).toEqual(['indicator A › A1', 'indicator A › A1, field target']);
    expect(result.problems.find((p) => p.where === 'indicator A › A1')!.reason).toMatch(/colour/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const result = parseIndicatorSystemText('format: x\ncode: [unclosed\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.where).toMatch(/^line \d+, column \d+$/);
  });

  it('catches structural mistakes: duplicate codes, leaf without formula, partial weights, AHP size', () => {
    const doc = valid
      .replace('code: A2', 'code: A1')
      .replace('    weight: 40\n', '')
      .replace('        formula: handling.minutes_avg\n', '');
    const result = parseIndicatorSystemText(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reasons = result.problems.map((p) => `${p.where}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^indicators: manual weighting needs a weight on every child \(1 of 2/),
        expect.stringMatching(/^indicator A › A1, field code: code "A1" is used more than once/),
        expect.stringMatching(/^indicator A › A1, field formula: a leaf indicator needs a formula/),
      ]),
    );
    const ahp = parseIndicatorSystemText(valid.replace('    weight: 60\n', '').replace('    weight: 40\n', '').replace('indicators:\n', 'weighting: { method: ahp, ahp: { judgements: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]] } }\nindicators:\n'));
    expect(ahp.ok).toBe(false);
    if (ahp.ok) return;
    expect(ahp.problems[0]!.where).toBe('weighting.ahp.judgements');
    expect(ahp.problems[0]!.reason).toMatch(/2×2.*\(A, B\)/);
    expect(ahp.problems[0]!.reasonZh).toBe('判断矩阵须为 2×2，按下级指标顺序每个指标一行一列（A、B）');
  });

  it('gives every problem its reason in Chinese too: structural checks and schema issues', () => {
    const cost = parseIndicatorSystemText(valid.replace('floor: 30', 'floor: 2'));
    if (cost.ok) throw new Error('expected problems');
    expect(cost.problems[0]!.reasonZh).toBe('逆向指标（越大越差）的保底值（2）应高于目标值（5）');

    const schema = parseIndicatorSystemText(valid.replace('unit: "%"', 'unit: "%"\n        colour: red').replace('target: 95', 'target: high').replace('direction: cost', 'direction: down'));
    if (schema.ok) throw new Error('expected problems');
    const zh = Object.fromEntries(schema.problems.map((p) => [p.where, p.reasonZh]));
    expect(zh['indicator A › A1']).toBe('格式中没有这些字段：colour（请检查拼写）');
    expect(zh['indicator A › A1, field target']).toBe('类型不正确：应为数字');
    expect(zh['indicator A › A2, field direction']).toBe('取值须为以下之一：benefit、cost');
    for (const p of schema.problems) expect(p.reason).toMatch(/^[\x20-\x7e]+$/); // English stays the `reason`

    const missing = validateIndicatorSystem({ format: 'govperf/indicator-system@1', code: 'X', version: '1', name: { zh: '', en: 'x' }, indicators: [] });
    if (missing.ok) throw new Error('expected problems');
    expect(missing.problems.map((p) => [p.where, p.reason, p.reasonZh])).toEqual([
      ['name.zh', 'Chinese text (zh) is required', '中文（zh）必填'],
      ['indicators', expect.any(String), '至少需要 1 项'],
    ]);
  });
});
