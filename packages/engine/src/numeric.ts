// Small numeric helpers shared by the engine. Deterministic: no locale, no clock.

/**
 * Rounds half away from zero at `digits` decimals on the number's shortest decimal form,
 * the way a person rounds a printed figure (1.005 → 1.01, which `toFixed` gets wrong).
 */
export function roundHalfUp(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) {
    throw new RangeError(`digits must be an integer from 0 to 12, got ${digits}`);
  }
  const sign = value < 0 ? -1 : 1;
  // Shift the decimal exponent textually so the rounding sees the shortest decimal form.
  const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + digits}`));
  // Past ~1e21 String() switches to exponent form: such a value has no decimals left to round.
  if (String(shifted).includes('e')) return value;
  const result = sign * Number(`${shifted}e-${digits}`);
  return Object.is(result, -0) ? 0 : result;
}

/** Clamps into [lo, hi]. */
export function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/** Sum in index order (a fixed order keeps results bit-identical across runs). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * Standard competition ranking ("1224"): equal keys share a rank and the next rank skips.
 * `keys[i]` is the value of item i; higher is better unless `descending` is false.
 * Returns ranks aligned with the input.
 */
export function competitionRanks(keys: readonly number[], descending = true): number[] {
  const order = keys.map((_, i) => i).sort((a, b) => (descending ? keys[b]! - keys[a]! : keys[a]! - keys[b]!) || a - b);
  const ranks = new Array<number>(keys.length);
  for (let pos = 0; pos < order.length; pos++) {
    const idx = order[pos]!;
    const prev = pos > 0 ? order[pos - 1]! : -1;
    ranks[idx] = pos > 0 && keys[prev] === keys[idx] ? ranks[prev]! : pos + 1;
  }
  return ranks;
}

/**
 * A small seeded pseudo-random generator (mulberry32) returning numbers in [0, 1): the same
 * seed gives the same sequence on every machine, for demo data, benchmarks and tests.
 * Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
