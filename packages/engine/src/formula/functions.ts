// The function table: names and arities, checked at parse time.
import type { FunctionName } from './ast';

export interface FunctionSpec {
  readonly name: FunctionName;
  readonly minArgs: number;
  readonly maxArgs: number;
}

export const FORMULA_FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'if', minArgs: 3, maxArgs: 3 },
  { name: 'min', minArgs: 1, maxArgs: Infinity },
  { name: 'max', minArgs: 1, maxArgs: Infinity },
  { name: 'abs', minArgs: 1, maxArgs: 1 },
  { name: 'coalesce', minArgs: 1, maxArgs: Infinity },
  { name: 'round', minArgs: 1, maxArgs: 2 },
];

/** `round(x, digits)` accepts a literal whole number of digits in this range (that of `roundHalfUp`). */
export const ROUND_MAX_DIGITS = 12;

// A Map, not an object literal, so names like "constructor" are not found on the prototype.
const byName = new Map<string, FunctionSpec>(FORMULA_FUNCTIONS.map((spec) => [spec.name, spec]));

/** Function names are case-insensitive: `MIN(...)`, `Min(...)` and `min(...)` are the same. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return byName.get(name.toLowerCase());
}

export function knownFunctionsText(): string {
  return FORMULA_FUNCTIONS.map((spec) => spec.name).join(', ');
}

/** e.g. "if() takes 3 arguments, got 2", "min() takes at least 1 argument, got 0". */
export function arityMessage(spec: FunctionSpec, got: number): string {
  const plural = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;
  const expected =
    spec.minArgs === spec.maxArgs
      ? plural(spec.minArgs)
      : spec.maxArgs === Infinity
        ? `at least ${plural(spec.minArgs)}`
        : spec.maxArgs === spec.minArgs + 1
          ? `${spec.minArgs} or ${plural(spec.maxArgs)}`
          : `${spec.minArgs} to ${plural(spec.maxArgs)}`;
  return `${spec.name}() takes ${expected}, got ${got}`;
}
