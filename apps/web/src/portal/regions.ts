// The region picker's logic: the chain province → city → county of a region, the children to
// rank under it, and the periods to offer. Pure functions, tested in regions.test.ts.
import type { PublishedRun, PublishedUnit, Region } from './api';

export const PICKER_LEVELS = ['province', 'city', 'county'] as const;
export type PickerLevel = (typeof PICKER_LEVELS)[number];

/** The selected code at each picker level, from the top down to `code`. */
export function chainOf(regions: readonly Region[], code: string): Partial<Record<PickerLevel, string>> {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const chain: Partial<Record<PickerLevel, string>> = {};
  for (let r = byCode.get(code); r; r = r.parent ? byCode.get(r.parent) : undefined) {
    if ((PICKER_LEVELS as readonly string[]).includes(r.level)) chain[r.level as PickerLevel] ??= r.code;
  }
  return chain;
}

/** The options of a picker level: the children of the level above's choice (top level: the roots). */
export function optionsAt(regions: readonly Region[], level: PickerLevel, chain: Partial<Record<PickerLevel, string>>): Region[] {
  const index = PICKER_LEVELS.indexOf(level);
  if (index === 0) {
    const codes = new Set(regions.map((r) => r.code));
    return regions.filter((r) => r.level === 'province' || (!r.parent || !codes.has(r.parent)));
  }
  const parent = chain[PICKER_LEVELS[index - 1]!];
  return parent ? regions.filter((r) => r.parent === parent) : [];
}

/** The deepest choice in the chain. */
export function selectedOf(chain: Partial<Record<PickerLevel, string>>): string | undefined {
  return chain.county ?? chain.city ?? chain.province;
}

/** The default region: the first root (the province). */
export function defaultRegion(regions: readonly Region[]): string | undefined {
  return optionsAt(regions, 'province', {})[0]?.code;
}

/**
 * What to rank for a region: its direct children that the run evaluated; a region without any
 * (a county) is shown on its own.
 */
export function rankedUnits(regions: readonly Region[], units: readonly PublishedUnit[], region: string): PublishedUnit[] {
  const children = new Set(regions.filter((r) => r.parent === region).map((r) => r.code));
  const rows = units.filter((u) => children.has(u.unit));
  const chosen = rows.length ? rows : units.filter((u) => u.unit === region);
  return [...chosen].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.score ?? -1) - (a.score ?? -1) || a.unit.localeCompare(b.unit));
}

/** The newest published run per period (a later publication of a period replaces an earlier one), newest period first. */
export function runsByPeriod(runs: readonly PublishedRun[]): PublishedRun[] {
  const newest = new Map<string, PublishedRun>();
  for (const run of runs) {
    const key = `${run.system.code}|${run.period}`;
    const seen = newest.get(key);
    if (!seen || seen.publishedAt < run.publishedAt) newest.set(key, run);
  }
  return [...newest.values()].sort((a, b) => b.period.localeCompare(a.period) || a.system.code.localeCompare(b.system.code));
}

/** 0.4286 → "42.9%"; null → "—". */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Mainland mobile numbers, as the server checks them (spaces, hyphens and +86 allowed). */
export function isMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''));
}
