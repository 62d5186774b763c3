// The metrics a formula depends on, so callers can fetch exactly those.
import { childrenOf, type FormulaAst } from './ast';

/** Sorted (by code unit), unique metric names referenced anywhere in the formula. */
export function metricsOf(ast: FormulaAst): string[] {
  const names = new Set<string>();
  const pending: FormulaAst[] = [ast];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind === 'metric') names.add(node.name);
    pending.push(...childrenOf(node));
  }
  return [...names].sort();
}
