// Deterministic randomness for the demo province. Every generator stage and every
// (unit, month) cell draws from its own stream, seeded from the demo seed by hashing, so the
// data do not depend on the order in which stages run and a stage can be regenerated (the
// ratings pass replays the handling cells) without storing what it produced.
import { seededRandom } from '@govperf/engine';

export type Rng = () => number;

/** A 32-bit hash of a few integers (murmur3 finaliser over a running mix). */
export function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A hash of a string (for stable per-name seeds). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return hash32(h);
}

/** A stream for one stage (and optionally one cell) of the demo. */
export function stream(seed: number, ...parts: number[]): Rng {
  return seededRandom(hash32(seed, ...parts));
}

/** A uniform number in [0, 1) that depends only on its inputs (no stream state). */
export function unit(...parts: number[]): number {
  return hash32(...parts) / 4294967296;
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = rng() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Log-normal with the given median and spread (sigma of the log). */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Poisson (Knuth; fine for the small means used here). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

export const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** Cumulative weights for `pickIndex`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += Math.max(0, weights[i]!);
    out[i] = sum;
  }
  return out;
}

/** An index drawn with the weights behind `cum` (binary search). */
export function pickIndex(rng: Rng, cum: Float64Array): number {
  const total = cum[cum.length - 1]!;
  const x = rng() * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Splits `total` into whole numbers proportional to `weights` by cumulative rounding: the parts
 * add up to exactly round(total), and the result depends only on the inputs.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let carried = 0;
  let given = 0;
  for (const w of weights) {
    carried += sum > 0 ? (total * w) / sum : 0;
    const next = Math.round(carried);
    out.push(next - given);
    given = next;
  }
  return out;
}

/** A pseudonymous hexadecimal id of fixed width from a hash (never a real identifier). */
export function hexId(width: number, ...parts: number[]): string {
  let out = '';
  let salt = 0;
  while (out.length < width) out += hash32(...parts, salt++).toString(16).padStart(8, '0');
  return out.slice(0, width);
}
