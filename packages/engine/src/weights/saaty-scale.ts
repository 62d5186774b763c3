// Saaty's fundamental 1-9 scale, used to suggest a revised judgement and to print ratios
// the way people write them ("1/3" rather than 0.3333333333333333).

/** 1/9, 1/8, ..., 1/2, 1, 2, ..., 9 in ascending order. */
export const SAATY_SCALE: readonly number[] = Object.freeze([
  ...[9, 8, 7, 6, 5, 4, 3, 2].map((k) => 1 / k),
  1, 2, 3, 4, 5, 6, 7, 8, 9,
]);

/**
 * The scale value nearest to a positive ratio `x`. Distance is measured on a log scale
 * because judgements are ratios: 1/3 and 3 must be treated symmetrically. Ties go to the
 * value closer to 1 (the more modest judgement); values outside the scale snap to 1/9 or 9.
 */
export function saatyScaleNearest(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new RangeError(`saatyScaleNearest needs a positive finite ratio, got ${x}`);
  }
  const logX = Math.log(x);
  let best = 1;
  let bestDistance = Math.abs(logX);
  for (const candidate of SAATY_SCALE) {
    const distance = Math.abs(logX - Math.log(candidate));
    const closerToOne = Math.abs(Math.log(candidate)) < Math.abs(Math.log(best));
    if (distance < bestDistance - 1e-12 || (Math.abs(distance - bestDistance) <= 1e-12 && closerToOne)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Relative tolerance for recognising 0.3333333333333333 as 1/3 when printing. */
const PRINT_TOLERANCE = 1e-6;

/**
 * Formats a judgement for a message: whole numbers as "3", reciprocals of whole numbers as
 * "1/3", anything else with 4 significant digits.
 */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return String(x);
  const whole = Math.round(x);
  if (whole >= 1 && Math.abs(x - whole) <= PRINT_TOLERANCE * whole) return String(whole);
  const inverse = Math.round(1 / x);
  if (inverse >= 2 && Math.abs(x * inverse - 1) <= PRINT_TOLERANCE) return `1/${inverse}`;
  return String(Number(x.toPrecision(4)));
}
