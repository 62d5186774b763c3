// The demo province on a brand-new embedded database: Zhejiang's real cities and counties with
// a year of synthetic facts, the four templates registered, every complete quarter evaluated and
// published, and the demo credentials written where the operator can find them.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSystemText } from '@govperf/contracts';
import { createServices, loadDemoProvince, systemActor, type FieldCipher, type MetricCatalogue } from '@govperf/services';
import type { Database } from '@govperf/storage';

const TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));
/** Made-up national averages, clearly labelled as example data, so the radar has a third series. */
const REFERENCE_EXAMPLE = fileURLToPath(new URL('../../../examples/reference/national-average-example.json', import.meta.url));
/** The national template, evaluated per quarter at province, city and county level. */
export const DEMO_SYSTEM = 'CN-SMARTGOV-APP';

export interface DemoStep {
  stage: string;
  done: number;
  total: number;
}

export interface DemoOutcome {
  credentialsFile: string;
  username: string;
  handlingRecords: number;
  runs: { period: string; runId: string; ranked: number }[];
  seconds: number;
}

/** Complete calendar quarters covered by a list of months (YYYY-MM). */
export function completeQuarters(months: readonly string[]): string[] {
  const byQuarter = new Map<string, number>();
  for (const m of months) {
    const q = `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`;
    byQuarter.set(q, (byQuarter.get(q) ?? 0) + 1);
  }
  return [...byQuarter].filter(([, n]) => n === 3).map(([q]) => q).sort();
}

export async function initialiseDemo(database: Database, catalogue: MetricCatalogue, options: { dataDir: string; scale?: number; cipher?: FieldCipher; onProgress?: (step: DemoStep) => void }): Promise<DemoOutcome> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const summary = await loadDemoProvince(database, { ...(options.scale ? { scale: options.scale } : {}), ...(options.cipher ? { cipher: options.cipher } : {}), onProgress: progress });
  const services = createServices(database, catalogue, options.cipher);
  const operator = systemActor('demo');
  const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.yaml'));
  for (const file of templates) {
    const parsed = parseIndicatorSystemText(readFileSync(join(TEMPLATES, file), 'utf8'));
    if (!parsed.ok) throw new Error(`template ${file}: ${parsed.problems.map((p) => `${p.where}: ${p.reason}`).join('; ')}`);
    await services.systems.register(operator, parsed.system);
  }
  const references = JSON.parse(readFileSync(REFERENCE_EXAMPLE, 'utf8')) as Record<string, unknown>[];
  await services.referenceValues.import(operator, DEMO_SYSTEM, references.map((record) => ({ record })));
  const quarters = completeQuarters(summary.periods);
  const runs: DemoOutcome['runs'] = [];
  for (const [i, period] of quarters.entries()) {
    progress({ stage: `evaluate ${DEMO_SYSTEM} ${period}`, done: i, total: quarters.length });
    const { runId, result } = await services.evaluations.run(operator, { systemCode: DEMO_SYSTEM, period, scope: summary.province, levels: ['province', 'city', 'county'] });
    await services.evaluations.publish(operator, runId);
    runs.push({ period, runId, ranked: result.units.filter((u) => u.rank !== null).length });
  }
  mkdirSync(options.dataDir, { recursive: true });
  const credentialsFile = join(options.dataDir, 'demo-credentials.json');
  writeFileSync(credentialsFile, `${JSON.stringify({ username: summary.username, password: summary.password, apiToken: summary.apiToken }, null, 2)}\n`, { mode: 0o600 });
  return { credentialsFile, username: summary.username, handlingRecords: summary.counts.handling_records ?? 0, runs, seconds: (performance.now() - started) / 1000 };
}
