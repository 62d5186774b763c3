// A deterministic synthetic workload: an indicator system with 4 × 3 × 5 = 60 leaves using
// every scoring method and weighting kind, and N units in several peer groups.
import type { IndicatorNode, IndicatorSystem } from '@govperf/contracts';
import { IndicatorSystemSchema } from '@govperf/contracts';
import { seededRandom, type MetricFact, type UnitInput } from '@govperf/engine';

const scorings: IndicatorNode['scoring'][] = [
  { method: 'target-linear', floor: 50 },
  { method: 'bands', bands: [{ min: 95, score: 100 }, { min: 85, score: 80 }, { min: 70, score: 60 }], otherwise: 0 },
  { method: 'minmax' },
  { method: 'zscore', center: 50, scale: 10 },
  { method: 'identity' },
];

export function syntheticSystem(): IndicatorSystem {
  const dims: IndicatorNode[] = [];
  for (let d = 1; d <= 4; d++) {
    const seconds: IndicatorNode[] = [];
    for (let s = 1; s <= 3; s++) {
      const leaves: IndicatorNode[] = [];
      for (let l = 1; l <= 5; l++) {
        const code = `L${d}${s}${l}`;
        leaves.push({
          code,
          name: { zh: `指标${code}`, en: `Indicator ${code}` },
          direction: 'benefit',
          weight: l,
          formula: l % 2 === 0 ? `m.${code}.num / m.${code}.den * 100` : `coalesce(m.${code}.num, 0) / max(m.${code}.den, 1) * 100`,
          target: 90,
          tolerance: 5,
          scoring: scorings[(d + s + l) % scorings.length],
          ...(l === 1 && s === 1 ? { veto: [{ when: `m.${code}.incidents > 0`, action: 'cap' as const, cap: 59, reason: { zh: '否决', en: 'Veto' } }] } : {}),
        });
      }
      seconds.push({ code: `S${d}${s}`, name: { zh: `二级${d}${s}`, en: `Level 2 ${d}${s}` }, direction: 'benefit', ...(s === 2 ? { weighting: { method: 'entropy' as const, normalization: 'minmax' as const } } : {}), children: leaves });
    }
    dims.push({ code: `D${d}`, name: { zh: `一级${d}`, en: `Level 1 ${d}` }, direction: 'benefit', children: seconds });
  }
  return IndicatorSystemSchema.parse({
    format: 'govperf/indicator-system@1',
    code: 'BENCH',
    version: '1',
    name: { zh: '基准', en: 'Benchmark' },
    weighting: { method: 'ahp', ahp: { judgements: [[1, 2, 3, 4], ['1/2', 1, 2, 3], ['1/3', '1/2', 1, 2], ['1/4', '1/3', '1/2', 1]] } },
    indicators: dims,
  });
}

export function syntheticData(units: number, seed = 42): { units: UnitInput[]; facts: MetricFact[] } {
  const rand = seededRandom(seed);
  const list: UnitInput[] = [];
  const facts: MetricFact[] = [];
  for (let u = 0; u < units; u++) {
    const id = `U${String(u).padStart(5, '0')}`;
    list.push({ id, peerGroup: `G${u % 5}` });
    const skill = 0.6 + 0.4 * rand();
    for (let d = 1; d <= 4; d++)
      for (let s = 1; s <= 3; s++)
        for (let l = 1; l <= 5; l++) {
          if (rand() < 0.01) continue; // a little missing data
          const code = `L${d}${s}${l}`;
          const den = 100 + Math.floor(rand() * 900);
          facts.push({ unit: id, metric: `m.${code}.den`, value: den });
          facts.push({ unit: id, metric: `m.${code}.num`, value: Math.round(den * Math.min(1, skill + 0.1 * (rand() - 0.5))) });
          if (l === 1 && s === 1) facts.push({ unit: id, metric: `m.${code}.incidents`, value: rand() < 0.02 ? 1 : 0 });
        }
  }
  return { units: list, facts };
}
