// Pure helpers of the cockpit: which run to show, the children of the focused unit, rank changes.
import type { CockpitUnit, OrgUnit, RunSummary } from '../../api-client';

/** The newest run per (system, period), preferring published ones. */
export function latestRuns(runs: readonly RunSummary[]): RunSummary[] {
  const best = new Map<string, RunSummary>();
  for (const run of runs) {
    const key = `${run.system.code}|${run.period}|${run.scope}`;
    const current = best.get(key);
    const better = !current || (run.publishedAt !== null) > (current.publishedAt !== null) || ((run.publishedAt !== null) === (current.publishedAt !== null) && run.startedAt > current.startedAt);
    if (better) best.set(key, run);
  }
  return [...best.values()].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : a.system.code.localeCompare(b.system.code)));
}

/** The run of the same system and scope for the period before this one, if any. */
export function previousRun(runs: readonly RunSummary[], current: RunSummary): RunSummary | undefined {
  return latestRuns(runs)
    .filter((r) => r.system.code === current.system.code && r.scope === current.scope && r.period < current.period && r.period.length === current.period.length)
    .sort((a, b) => (a.period < b.period ? 1 : -1))[0];
}

export interface RankingRow extends CockpitUnit {
  change: number | null;
  hasChildren: boolean;
}

/** The focused unit's children with their results, best first; rank change against the previous run (positive = up). */
export function rankingRows(units: readonly OrgUnit[], results: readonly CockpitUnit[], previous: readonly CockpitUnit[] | undefined, focus: string): RankingRow[] {
  const children = units.filter((u) => u.parent === focus);
  const byUnit = new Map(results.map((r) => [r.unit, r]));
  const before = new Map((previous ?? []).map((r) => [r.unit, r.rank]));
  const parents = new Set(units.map((u) => u.parent));
  return children
    .map((child) => byUnit.get(child.code))
    .filter((r): r is CockpitUnit => r !== undefined)
    .map((r) => {
      const old = before.get(r.unit);
      return { ...r, change: old != null && r.rank !== null ? old - r.rank : null, hasChildren: parents.has(r.unit) };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.localeCompare(b.unit));
}

/** From the top of the caller's tree down to `focus`. */
export function breadcrumb(units: readonly OrgUnit[], focus: string): OrgUnit[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const path: OrgUnit[] = [];
  for (let unit = byCode.get(focus); unit; unit = unit.parent ? byCode.get(unit.parent) : undefined) path.unshift(unit);
  return path;
}
