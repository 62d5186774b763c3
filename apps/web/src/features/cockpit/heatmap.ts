// The cockpit's heat map and warning board, computed from one stored run: the focused units'
// second-level indicator scores, and their red and yellow leaf indicators with who answers for them.
import type { CockpitRun, IndicatorDefinition } from '../../api-client';

export interface HeatMapData {
  units: { code: string; name: string }[];
  indicators: IndicatorDefinition[];
  /** [indicator index, unit index, score] for each cell with a score. */
  cells: [number, number, number][];
}

export function heatMapData(run: CockpitRun, unitCodes: readonly string[]): HeatMapData {
  const indicators = run.system.indicators.filter((i) => i.depth === 2);
  const byCode = new Map(run.result.units.map((u) => [u.unit, u]));
  const units = unitCodes.map((c) => byCode.get(c)).filter((u) => u !== undefined);
  const cells: [number, number, number][] = [];
  units.forEach((u, y) => {
    const scores = new Map((u.indicators ?? []).map((i) => [i.code, i.score]));
    indicators.forEach((ind, x) => {
      const score = scores.get(ind.code);
      if (typeof score === 'number') cells.push([x, y, Math.round(score * 10) / 10]);
    });
  });
  return { units: units.map((u) => ({ code: u.unit, name: u.name ?? u.unit })), indicators, cells };
}

export interface WarningRow {
  unit: string;
  name: string;
  red: number;
  yellow: number;
  /** The red leaf indicators, each with its responsible office (or the unit itself). */
  redIndicators: { code: string; name: { zh: string; en: string }; owner: string }[];
}

export function warningBoard(run: CockpitRun, unitCodes: readonly string[]): WarningRow[] {
  const definitions = new Map(run.system.indicators.map((d) => [d.code, d]));
  const byCode = new Map(run.result.units.map((u) => [u.unit, u]));
  return unitCodes
    .map((code) => byCode.get(code))
    .filter((u) => u !== undefined)
    .map((u) => {
      const leaves = (u.indicators ?? []).filter((i) => i.leaf);
      const name = u.name ?? u.unit;
      return {
        unit: u.unit,
        name,
        red: leaves.filter((i) => i.light === 'red').length,
        yellow: leaves.filter((i) => i.light === 'yellow').length,
        redIndicators: leaves
          .filter((i) => i.light === 'red')
          .map((i) => ({ code: i.code, name: definitions.get(i.code)?.name ?? { zh: i.code, en: i.code }, owner: definitions.get(i.code)?.owner ?? name })),
      };
    })
    .filter((r) => r.red + r.yellow > 0)
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || (a.unit < b.unit ? -1 : 1));
}
