// Saaty's 1–9 scale as the editor offers it, and the matrix built from the upper-triangle choices.
export const SAATY_VALUES = [9, 8, 7, 6, 5, 4, 3, 2, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9] as const;

export const saatyLabel = (v: number) => (v >= 1 ? String(Math.round(v)) : `1/${Math.round(1 / v)}`);

/** The reciprocal matrix for n criteria from judgements a_ij (i < j), keyed `i-j`. */
export function judgementMatrix(n: number, upper: ReadonlyMap<string, number>): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : i < j ? (upper.get(`${i}-${j}`) ?? 1) : 1 / (upper.get(`${j}-${i}`) ?? 1))),
  );
}
