// Budget linkage (以效定补, docs/result-application.md §3): a funding pool divided across the units
// of one peer group from their published scores, in whole yuan, by the largest-remainder
// (Hamilton) method so that the amounts add up to the pool exactly.
//
// The arithmetic is exact: every basis is taken as an integer number of millionths (scores are
// published with at most 6 decimals, coefficients are decimals), and quotas, floors and
// remainders are BigInt fractions over the same denominator, so no comparison of remainders can
// be decided by binary rounding noise.
import { FundingPoolSchema, FundingRuleSchema, type FundingRule, type FundingRuleInput } from '@govperf/contracts';
import { roundHalfUp } from '../numeric';
import { ApplicationInputError, byCode, parsed } from './peer-share';

export interface FundingUnit {
  unit: string;
  name?: string | null | undefined;
  /** All units of one allocation must be in the same peer group, when given. */
  peerGroup?: string | null | undefined;
  /** The published score (≥ 0); null when the unit had no data, which gives it nothing. */
  score: number | null;
  /** The published grade code; null when unscored. */
  grade: string | null;
}

export interface FundingLine {
  unit: string;
  name: string | null;
  peerGroup: string | null;
  score: number | null;
  grade: string | null;
  /** What the pool is divided in proportion to: the score, the score above the floor, or the grade's coefficient. */
  basis: number;
  /** basis / total basis. */
  share: number;
  /** pool × share: the exact entitlement, shown as a number. */
  quota: number;
  /** ⌊quota⌋. */
  floor: number;
  /** Got one of the yuan left over after the floors (largest remainders first). */
  roundedUp: boolean;
  /** Whole yuan: floor, or floor + 1 when rounded up. */
  amount: number;
}

export interface FundingAllocation {
  rule: FundingRule;
  pool: number;
  peerGroup: string | null;
  totalBasis: number;
  /** Yuan handed out by remainder: pool − Σ floors, always fewer than the units with a basis. */
  leftover: number;
  /** In the input order. */
  lines: FundingLine[];
}

/** Millionths: enough for a score published at the system's maximum ranking precision (6). */
const DECIMALS = 6;
const SCALE = 10n ** BigInt(DECIMALS);

/** x as an integer count of millionths, via its decimal form (87.35 → 87350000n, not 87349999n). */
function micro(x: number): bigint {
  return BigInt(roundHalfUp(x, DECIMALS).toFixed(DECIMALS).replace('.', ''));
}

const MAX_SCORE = 1e12;

const fromMicro = (m: bigint) => Number(m) / Number(SCALE);

function basisOf(u: FundingUnit, rule: FundingRule, i: number): bigint {
  // The upper bound keeps the decimal form of a basis out of exponent notation.
  if (u.score !== null && (!Number.isFinite(u.score) || u.score < 0 || u.score > MAX_SCORE)) {
    throw new ApplicationInputError(`units[${i}].score`, `a score must be a number from 0 to ${MAX_SCORE}, got ${u.score}`);
  }
  switch (rule.method) {
    case 'proportional':
      return u.score === null ? 0n : micro(u.score);
    case 'above-floor': {
      if (u.score === null) return 0n;
      const above = micro(u.score) - micro(rule.floor);
      return above > 0n ? above : 0n;
    }
    case 'grade-coefficients': {
      if (u.grade === null) return 0n;
      const coefficient = rule.coefficients[u.grade];
      if (coefficient === undefined) {
        throw new ApplicationInputError('rule.coefficients', `no coefficient for grade "${u.grade}" of unit ${u.unit} (given: ${Object.keys(rule.coefficients).join(', ')})`);
      }
      return micro(coefficient);
    }
  }
}

/**
 * Divides `pool` yuan across `units` by `rule`:
 * 1. basis per unit: proportional → score; above-floor → max(0, score − floor); grade-coefficients
 *    → the coefficient of the unit's grade. No score (or grade) → basis 0 → 0 yuan.
 * 2. quota = pool × basis / Σ basis; every unit first gets ⌊quota⌋.
 * 3. the yuan left over go one each to the largest remainders; ties go to the higher score, then
 *    the smaller unit code (code-point order).
 * The amounts sum to the pool exactly and each is ⌊quota⌋ or ⌈quota⌉. Every basis 0 is an error:
 * there is nothing to divide by.
 */
export function allocateFunding(units: readonly FundingUnit[], rule: FundingRuleInput, pool: number): FundingAllocation {
  const r = parsed(FundingRuleSchema.safeParse(rule), 'rule');
  const p = parsed(FundingPoolSchema.safeParse(pool), 'pool');
  if (units.length === 0) throw new ApplicationInputError('units', 'there are no units to allocate the pool to');
  const seen = new Set<string>();
  const groups = new Set<string>();
  units.forEach((u, i) => {
    if (seen.has(u.unit)) throw new ApplicationInputError(`units[${i}].unit`, `unit ${u.unit} is listed twice`);
    seen.add(u.unit);
    if (u.peerGroup != null) groups.add(u.peerGroup);
  });
  // The pool is shared within one peer group: scores of different groups are not comparable.
  if (groups.size > 1) throw new ApplicationInputError('units', `the units span several peer groups (${[...groups].sort(byCode).join(', ')}); allocate each group's pool separately`);

  const bases = units.map((u, i) => basisOf(u, r, i));
  const total = bases.reduce((a, b) => a + b, 0n);
  if (total === 0n) {
    const why = r.method === 'above-floor' ? `no unit scores above the floor ${r.floor}` : r.method === 'grade-coefficients' ? 'every unit’s grade has coefficient 0 (or no grade)' : 'every unit has score 0 (or no score)';
    throw new ApplicationInputError('units', `every unit's basis is 0 (${why}): there is nothing to divide the pool by`);
  }

  const P = BigInt(p);
  const floors = bases.map((b) => (P * b) / total);
  // Remainders share the denominator `total`, so comparing numerators compares fractions exactly.
  const remainders = bases.map((b, i) => P * b - floors[i]! * total);
  const leftover = P - floors.reduce((a, b) => a + b, 0n);
  const order = units
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a]!;
      const rb = remainders[b]!;
      if (ra !== rb) return ra > rb ? -1 : 1;
      const sa = units[a]!.score ?? -Infinity;
      const sb = units[b]!.score ?? -Infinity;
      return sb - sa || byCode(units[a]!.unit, units[b]!.unit);
    });
  // Σ remainders = leftover × total with each remainder < total, so more than `leftover` units have a
  // positive remainder: a unit with basis 0 never gets a leftover yuan.
  const up = new Set(order.slice(0, Number(leftover)));

  return {
    rule: r,
    pool: p,
    peerGroup: groups.size === 1 ? [...groups][0]! : null,
    totalBasis: fromMicro(total),
    leftover: Number(leftover),
    lines: units.map((u, i) => {
      const floor = Number(floors[i]!);
      const roundedUp = up.has(i);
      return {
        unit: u.unit,
        name: u.name ?? null,
        peerGroup: u.peerGroup ?? null,
        score: u.score,
        grade: u.grade,
        basis: fromMicro(bases[i]!),
        share: Number(bases[i]!) / Number(total),
        quota: floor + Number(remainders[i]!) / Number(total),
        floor,
        roundedUp,
        amount: floor + (roundedUp ? 1 : 0),
      };
    }),
  };
}
