// Result-application lists (结果运用名单, docs/result-application.md §2): the commendation list
// (通报表扬: the top share of the peer group in each of the last N consecutive periods) and the
// interview list (约谈: the bottom share of the peer group in the current period).
import { PeriodSchema, ResultListsConfigSchema, type ResultListsConfig, type ResultListsConfigInput } from '@govperf/contracts';
import { ApplicationInputError, bottomOf, byCode, parsed, shareCount, topOf } from './peer-share';

/** One unit's published result in one period. */
export interface RankedUnit {
  unit: string;
  name?: string | null | undefined;
  peerGroup: string;
  /** The published score; null when the unit had no data. */
  score: number | null;
  /** Rank within the peer group, 1 = best; null when unranked. */
  rank: number | null;
}

export interface PeriodResults {
  period: string;
  units: readonly RankedUnit[];
}

/** Where a unit stood in one period. */
export interface ListPlacement {
  period: string;
  peerGroup: string;
  score: number;
  rank: number;
  /** Ranked units in the peer group that period. */
  groupSize: number;
  /** The number the share gives: the list holds more only when units tie at the boundary. */
  quota: number;
}

export interface ListEntry {
  unit: string;
  name: string | null;
  /** The current period's peer group. */
  peerGroup: string;
  /** Oldest first; the interview list has only the current period. */
  placements: ListPlacement[];
}

export interface ResultLists {
  period: string;
  commendation: ListEntry[];
  interview: ListEntry[];
}

/** The period after `period`: 2025-12 → 2026-01, 2025-Q4 → 2026-Q1, 2025 → 2026. */
export function nextPeriod(period: string): string {
  const p = PeriodSchema.parse(period);
  const year = Number(p.slice(0, 4));
  if (p.length === 4) return String(year + 1);
  if (p[5] === 'Q') {
    const q = Number(p[6]);
    return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
  }
  const month = Number(p.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

type Side = 'top' | 'bottom';

/** The placements of the units in the given side of their peer group in one period. */
function selected(results: PeriodResults, side: Side, config: ResultListsConfig): Map<string, ListPlacement> {
  const groups = new Map<string, RankedUnit[]>();
  for (const u of results.units) {
    if (u.rank === null || u.score === null) continue;
    const members = groups.get(u.peerGroup);
    if (members) members.push(u);
    else groups.set(u.peerGroup, [u]);
  }
  const out = new Map<string, ListPlacement>();
  for (const [peerGroup, members] of groups) {
    const n = members.length;
    if (n < config.minPeerGroupSize) continue;
    // Commendation never exceeds its share (but names at least one); the bottom share is rounded
    // up so that "the bottom 10 %" of a group of 5 is one unit, not none.
    const quota = side === 'top' ? Math.max(1, shareCount(n, config.topShare, 'floor')) : shareCount(n, config.bottomShare, 'ceil');
    const ranked = members.map((m) => ({ unit: m.unit, rank: m.rank! }));
    const chosen = side === 'top' ? topOf(ranked, quota) : bottomOf(ranked, quota);
    for (const m of members) {
      if (chosen.has(m.unit)) out.set(m.unit, { period: results.period, peerGroup, score: m.score!, rank: m.rank!, groupSize: n, quota });
    }
  }
  return out;
}

function checkPeriod(results: PeriodResults, field: string): void {
  if (!PeriodSchema.safeParse(results.period).success) throw new ApplicationInputError(`${field}.period`, `"${results.period}" is not a period (2025-06, 2025-Q3 or 2025)`);
  const seen = new Set<string>();
  results.units.forEach((u, i) => {
    if (seen.has(u.unit)) throw new ApplicationInputError(`${field}.units[${i}].unit`, `unit ${u.unit} is listed twice`);
    seen.add(u.unit);
  });
}

function entry(unit: RankedUnit, placements: ListPlacement[]): ListEntry {
  return { unit: unit.unit, name: unit.name ?? null, peerGroup: unit.peerGroup, placements };
}

const byGroupThenRank = (a: ListEntry, b: ListEntry) =>
  byCode(a.peerGroup, b.peerGroup) || a.placements.at(-1)!.rank - b.placements.at(-1)!.rank || byCode(a.unit, b.unit);

/**
 * The commendation list: units in the top share of their peer group in each of the last
 * `consecutivePeriods` periods, which must follow each other (2025-Q3, 2025-Q4). Per period and
 * group of n ranked units (n ≥ minPeerGroupSize): k = max(1, floor(n × topShare)), and a unit is
 * in when fewer than k units rank strictly ahead of it (ties at the boundary all in).
 * `periods` is oldest first; the last is the current period.
 */
export function commendationList(periods: readonly PeriodResults[], config: ResultListsConfigInput = {}): ListEntry[] {
  const c = parsed(ResultListsConfigSchema.safeParse(config), 'config');
  periods.forEach((p, i) => checkPeriod(p, `periods[${i}]`));
  if (periods.length < c.consecutivePeriods) {
    throw new ApplicationInputError('periods', `the commendation list needs ${c.consecutivePeriods} consecutive periods, got ${periods.length}`);
  }
  const window = periods.slice(periods.length - c.consecutivePeriods);
  for (let i = 1; i < window.length; i++) {
    const expected = nextPeriod(window[i - 1]!.period);
    if (window[i]!.period !== expected) {
      throw new ApplicationInputError(`periods[${periods.length - window.length + i}].period`, `expected ${expected} after ${window[i - 1]!.period}, got ${window[i]!.period}: the periods must be consecutive, oldest first`);
    }
  }
  const tops = window.map((p) => selected(p, 'top', c));
  const current = window.at(-1)!;
  return current.units
    .filter((u) => tops.every((t) => t.has(u.unit)))
    .map((u) => entry(u, tops.map((t) => t.get(u.unit)!)))
    .sort(byGroupThenRank);
}

/**
 * The interview list: units in the bottom share of their peer group in the current period. Per
 * group of n ranked units (n ≥ minPeerGroupSize): k = ceil(n × bottomShare), and a unit is in when
 * fewer than k units rank strictly behind it (ties at the boundary all in).
 */
export function interviewList(current: PeriodResults, config: ResultListsConfigInput = {}): ListEntry[] {
  const c = parsed(ResultListsConfigSchema.safeParse(config), 'config');
  checkPeriod(current, 'current');
  const bottom = selected(current, 'bottom', c);
  return current.units
    .filter((u) => bottom.has(u.unit))
    .map((u) => entry(u, [bottom.get(u.unit)!]))
    .sort(byGroupThenRank);
}

/** Both lists for the last of `periods` (oldest first). */
export function resultLists(periods: readonly PeriodResults[], config: ResultListsConfigInput = {}): ResultLists {
  const current = periods.at(-1);
  if (!current) throw new ApplicationInputError('periods', 'at least one period is needed');
  return { period: current.period, commendation: commendationList(periods, config), interview: interviewList(current, config) };
}
