import { describe, expect, it } from 'vitest';
import { evaluateFormula } from './evaluate';
import { explainFormula, type FormulaExplanation } from './explain';
import { metricsOf } from './metrics';
import { parseFormula } from './parser';
import { lookupIn } from './testing';

/** `text = value` lines, indented by depth; skipped nodes marked. */
function outline(node: FormulaExplanation, depth = 0): string[] {
  const shown = node.value.ok ? String(node.value.value) : `no data (${node.value.noData.kind})`;
  const line = `${'  '.repeat(depth)}${node.text} = ${shown}${node.skipped ? ' [skipped]' : ''}`;
  return [line, ...node.children.flatMap((child) => outline(child, depth + 1))];
}

describe('explainFormula', () => {
  it('gives the value of every sub-expression', () => {
    const ast = parseFormula('handling.on_time / handling.completed * 100');
    const tree = explainFormula(ast, lookupIn({ 'handling.on_time': 45, 'handling.completed': 50 }));
    expect(outline(tree)).toEqual([
      'handling.on_time / handling.completed * 100 = 90',
      '  handling.on_time / handling.completed = 0.9',
      '    handling.on_time = 45',
      '    handling.completed = 50',
      '  100 = 100',
    ]);
    expect([tree.start, tree.end]).toEqual([0, 43]);
  });

  it('marks the sub-expressions evaluation skipped, and still shows their values', () => {
    const ast = parseFormula('if(n > 0, x / n, 0) + coalesce(a, b) + (0 and y)');
    const tree = explainFormula(ast, lookupIn({ n: 0, x: 3, a: 1, b: 2, y: 5 }));
    expect(outline(tree)).toEqual([
      'if(n > 0, x / n, 0) + coalesce(a, b) + (0 and y) = 1',
      '  if(n > 0, x / n, 0) + coalesce(a, b) = 1',
      '    if(n > 0, x / n, 0) = 0',
      '      n > 0 = 0',
      '        n = 0',
      '        0 = 0',
      '      x / n = no data (division-by-zero) [skipped]',
      '        x = 3 [skipped]',
      '        n = 0 [skipped]',
      '      0 = 0',
      '    coalesce(a, b) = 1',
      '      a = 1',
      '      b = 2 [skipped]',
      '  0 and y = 0',
      '    0 = 0',
      '    y = 5 [skipped]',
    ]);
  });

  it('carries no data up the tree', () => {
    const tree = explainFormula(parseFormula('a + b * 2'), lookupIn({ a: 1 }));
    expect(outline(tree)).toEqual([
      'a + b * 2 = no data (missing-metric)',
      '  a = 1',
      '  b * 2 = no data (missing-metric)',
      '    b = no data (missing-metric)',
      // Evaluation stops at the first missing operand.
      '    2 = 2 [skipped]',
    ]);
    expect(tree.value).toEqual(evaluateFormula(parseFormula('a + b * 2'), lookupIn({ a: 1 })));
  });
});

describe('metricsOf', () => {
  it('lists the metrics a formula references, sorted and unique', () => {
    expect(metricsOf(parseFormula('if(b.x > 0, a / b.x, coalesce(c, a, 0)) + B'))).toEqual(['B', 'a', 'b.x', 'c']);
    expect(metricsOf(parseFormula('1 + true'))).toEqual([]);
    expect(metricsOf(parseFormula('min + max(min)'))).toEqual(['min']);
  });
});
