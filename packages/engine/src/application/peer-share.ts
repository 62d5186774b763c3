// Who is in the top or bottom share of a peer group: one rule for level-1 responses, the
// commendation list and the interview list, so the three never disagree about a unit.
import { roundHalfUp } from '../numeric';

/** Bad input to the result-application functions: names the field and the reason. */
export class ApplicationInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ApplicationInputError';
  }
}

/** A safeParse result, structurally, so the engine needs no direct dependency on zod. */
type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } };

/** The data, or an ApplicationInputError naming the field of the first issue. */
export function parsed<T>(result: Parsed<T>, field: string): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ApplicationInputError([field, ...issue.path.map(String)].join('.'), issue.message);
}

/**
 * n × share rounded up or down. Shares are decimals and 100 × 0.55 is 55.00000000000001 in binary,
 * which would ceil to one too many: the product is first rounded to 9 decimals.
 */
export function shareCount(n: number, share: number, rounding: 'ceil' | 'floor'): number {
  const product = roundHalfUp(n * share, 9);
  return rounding === 'ceil' ? Math.ceil(product) : Math.floor(product);
}

export interface RankedMember {
  unit: string;
  /** Rank within the peer group, 1 = best; equal scores share a rank. */
  rank: number;
}

/** Index of the first rank in `sorted` (ascending) that is not below `rank` (`strict`) or above it. */
function bound(sorted: readonly number[], rank: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! < rank : sorted[mid]! <= rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The members with fewer than k members strictly ahead of them: the top k, with every unit tied
 * at the boundary included (equal published rank, equal treatment), so the set may exceed k.
 */
export function topOf(members: readonly RankedMember[], k: number): Set<string> {
  const sorted = members.map((m) => m.rank).sort((a, b) => a - b);
  return new Set(members.filter((m) => bound(sorted, m.rank, true) < k).map((m) => m.unit));
}

/** The members with fewer than k members strictly behind them: the bottom k, ties at the boundary included. */
export function bottomOf(members: readonly RankedMember[], k: number): Set<string> {
  const sorted = members.map((m) => m.rank).sort((a, b) => a - b);
  return new Set(members.filter((m) => sorted.length - bound(sorted, m.rank, false) < k).map((m) => m.unit));
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A percentage for a message: 0.1 → "10", 0.125 → "12.5". */
export function percent(share: number): string {
  return String(roundHalfUp(share * 100, 1));
}
