// The cockpit's view of a run: what the ranking, the heat map and the red/yellow board draw, and no
// more. A stored run carries every unit × indicator with its value, weights and contribution
// (≈ 14 KB a unit, 1.4 MB for the demo province's 102 units); the cockpit needs each unit's
// standing, the scores of its indicators down to the second level (the heat map) and the leaves
// that are red or yellow (the warning board). The unit page asks for the whole run when opened.
export interface CockpitIndicator {
  code: string;
  parent: string | null;
  depth: number;
  leaf: boolean;
  score: number | null;
  light: 'green' | 'yellow' | 'red' | null;
}

/** Second-level heat-map rows: the groups down to this depth are kept for every unit. */
export const COCKPIT_DEPTH = 2;

const keep = (indicator: CockpitIndicator) => indicator.depth <= COCKPIT_DEPTH || (indicator.leaf && (indicator.light === 'red' || indicator.light === 'yellow'));
const fields = ({ code, parent, depth, leaf, score, light }: CockpitIndicator): CockpitIndicator => ({ code, parent, depth, leaf, score, light });

/** The same run with each unit's indicators cut to what the cockpit draws, each with only those fields. */
export function cockpitView<U extends { indicators?: readonly CockpitIndicator[] | undefined }, R extends { result: { units: readonly U[] } }>(run: R) {
  return {
    ...run,
    result: {
      ...run.result,
      units: run.result.units.map((unit) => (unit.indicators ? { ...unit, indicators: unit.indicators.filter(keep).map(fields) } : unit)),
    },
  };
}
