// Generates the quickstart sample: one quarter of metric facts for the districts and counties
// of 杭州市 (real GB/T 2260 codes) on the national template, deterministic by seed.
//
//   npx tsx examples/quickstart/generate.ts            # rewrites facts.csv and units.csv here
//
// Each county has a "capability" (some lead, some lag); for every leaf the generator picks
// the value that capability implies between the scoring floor and the target, sets the
// formula's other metrics to plausible counts, and solves the (linear) formula for the first
// metric not yet set. Shared denominators (cases completed, ratings…) are set once per county.
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSystemText, type IndicatorNode, type IndicatorSystem } from '@govperf/contracts';
import { evaluateFormula, parseFormula, seededRandom, type FormulaAst } from '@govperf/engine';

export const PERIOD = '2025-Q3';

export const UNITS: { code: string; name: string; capability: number; size: number }[] = [
  { code: '330102', name: '上城区', capability: 0.95, size: 1.4 },
  { code: '330105', name: '拱墅区', capability: 0.9, size: 1.2 },
  { code: '330106', name: '西湖区', capability: 0.97, size: 1.3 },
  { code: '330108', name: '滨江区', capability: 1.05, size: 0.9 },
  { code: '330109', name: '萧山区', capability: 0.85, size: 1.8 },
  { code: '330110', name: '余杭区', capability: 0.92, size: 1.5 },
  { code: '330111', name: '富阳区', capability: 0.7, size: 0.9 },
  { code: '330112', name: '临安区', capability: 0.62, size: 0.7 },
  { code: '330113', name: '临平区', capability: 0.8, size: 1.0 },
  { code: '330114', name: '钱塘区', capability: 0.88, size: 0.8 },
  { code: '330122', name: '桐庐县', capability: 0.55, size: 0.5 },
  { code: '330127', name: '淳安县', capability: 0.35, size: 0.4 },
  { code: '330182', name: '建德市', capability: 0.5, size: 0.5 },
];

/** Counties with a data-security incident this quarter (triggers the template's veto). */
const INCIDENTS = new Set(['330112']);

/** Metric names in the order they appear in the formula (numerators come first). */
function metricsInOrder(ast: FormulaAst, out: string[] = []): string[] {
  switch (ast.kind) {
    case 'metric':
      if (!out.includes(ast.name)) out.push(ast.name);
      break;
    case 'unary':
      metricsInOrder(ast.operand, out);
      break;
    case 'binary':
      metricsInOrder(ast.left, out);
      metricsInOrder(ast.right, out);
      break;
    case 'call':
      ast.args.forEach((a) => metricsInOrder(a, out));
      break;
    case 'number':
      break;
  }
  return out;
}

function leaves(nodes: readonly IndicatorNode[]): IndicatorNode[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));
}

/** A plausible magnitude for a metric that is not being solved for, by its unit. */
function magnitude(system: IndicatorSystem, metric: string, size: number, rand: () => number): number {
  const unit = system.metrics?.[metric]?.unit ?? '';
  const jitter = 0.8 + 0.4 * rand();
  if (unit === '元') return Math.round(2_000_000 * size * jitter);
  if (unit === '分钟') return Math.round(132_480 * jitter); // a quarter's scheduled minutes
  if (unit === '小时' || unit === '天' || unit === '日') return Math.round(40 * size * jitter);
  if (metric.startsWith('items.') || metric.startsWith('manual.') || metric.startsWith('ops.')) return Math.max(2, Math.round(60 * size * jitter));
  return Math.max(20, Math.round(6_000 * size * jitter));
}

/** The value a county of this capability reaches on this leaf. */
function desiredValue(leaf: IndicatorNode, capability: number, rand: () => number): number {
  const quality = Math.min(1.15, Math.max(0, capability + 0.25 * (rand() - 0.5)));
  const target = leaf.target ?? 80;
  const scoring = leaf.scoring!;
  if (scoring.method === 'identity') return 55 + 40 * quality;
  const floor = scoring.method === 'target-linear' ? scoring.floor : leaf.direction === 'cost' ? target * 2 + 1 : target / 2;
  let value = floor + (target - floor) * quality;
  if (leaf.unit === '%') value = Math.min(100, Math.max(0, value));
  return Math.max(0, value);
}

export function generate(system: IndicatorSystem): { facts: string; units: string } {
  const rand = seededRandom(20250930);
  const rows: string[] = ['unit,period,metric,value'];
  for (const unit of UNITS) {
    const values = new Map<string, number>();
    for (const leaf of leaves(system.indicators)) {
      const ast = parseFormula(leaf.formula!);
      const names = metricsInOrder(ast);
      const unknown = names.find((m) => !values.has(m));
      if (unknown === undefined) continue;
      for (const m of names) if (m !== unknown && !values.has(m)) values.set(m, magnitude(system, m, unit.size, rand));
      // Count-like single metrics (incidents, complaints): the veto leaves.
      if (names.length === 1 && leaf.target === 0) {
        values.set(unknown, unknown === 'ops.security_incidents' ? (INCIDENTS.has(unit.code) ? 1 : 0) : rand() < 0.1 ? 1 : 0);
        continue;
      }
      if (unknown === 'ops.core_outage_max_minutes') {
        values.set(unknown, Math.round(30 + 400 * (1 - unit.capability) * rand()));
        continue;
      }
      const want = desiredValue(leaf, unit.capability, rand);
      // Every template formula is linear in each metric: two evaluations give the line.
      const at = (x: number) => {
        const r = evaluateFormula(ast, (m) => (m === unknown ? x : values.get(m)));
        return r.ok ? r.value : Number.NaN;
      };
      const f0 = at(0);
      const slope = at(1) - f0;
      let x = slope === 0 || !Number.isFinite(slope) ? magnitude(system, unknown, unit.size, rand) : (want - f0) / slope;
      // Sums of days, minutes and points may carry decimals; counts are whole.
      const whole = !/_sum$|_avg$/.test(unknown);
      x = whole ? Math.round(x) : Math.round(x * 100) / 100;
      values.set(unknown, Math.max(whole ? 1 : 0.01, x));
    }
    for (const metric of [...values.keys()].sort()) rows.push(`${unit.code},${PERIOD},${metric},${values.get(metric)}`);
  }
  // Only the counties: the city's own figures are a roll-up, which the data platform computes.
  const units = ['unit,name,level,peer_group', ...UNITS.map((u) => `${u.code},${u.name},county,county`)];
  return { facts: `${rows.join('\n')}\n`, units: `${units.join('\n')}\n` };
}

export function loadTemplate(): IndicatorSystem {
  const text = readFileSync(new URL('../../templates/smart-gov-app.yaml', import.meta.url), 'utf8');
  const parsed = parseIndicatorSystemText(text);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.where}: ${p.reason}`).join('\n'));
  return parsed.system;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { facts, units } = generate(loadTemplate());
  writeFileSync(new URL('./facts.csv', import.meta.url), facts);
  writeFileSync(new URL('./units.csv', import.meta.url), units);
  console.log(`wrote ${facts.split('\n').length - 2} facts for ${UNITS.length} counties (${PERIOD})`);
}
