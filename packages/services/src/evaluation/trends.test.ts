import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';

const SYSTEM = {
  format: 'govperf/indicator-system@1', code: 'TREND', version: '1', name: { zh: '趋势', en: 'Trend' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } }],
};
const operator = systemActor('test');

describe.each(testEngines())('unit trends on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    // 上城区 90 % → 100 %; 拱墅区 70 % → 80 %.
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-05-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-05-10T10:00:00+08:00', total: 10, onTime: 7 },
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, SYSTEM);
  });
  afterAll(async () => dispose());

  it('takes per period the published run, else the latest, with the rank and the peer average', async () => {
    const run = (period: string) => services.evaluations.run(operator, { systemCode: 'TREND', period, scope: '330100', levels: ['county'] }).then((r) => r.runId);
    const may = await run('2025-05');
    await services.evaluations.publish(operator, may);
    await run('2025-05'); // a later, unpublished rerun of May does not replace the published one
    const june = await run('2025-06');
    const points = await services.evaluations.trend(operator, { system: 'TREND', unit: '330102', periods: 12 });
    expect(points).toEqual([
      { period: '2025-05', runId: may, published: true, score: 90, rank: 1, grade: 'excellent', peerAverage: 80 },
      { period: '2025-06', runId: june, published: false, score: 100, rank: 1, grade: 'excellent', peerAverage: 90 },
    ]);
    expect(await services.evaluations.trend(operator, { system: 'TREND', unit: '330102', periods: 1 })).toHaveLength(1);
  });

  it('withholds the rank and peer average of an ancestor’s run when fewer than 5 other units are ranked (decision 0008)', async () => {
    const reader = (area: string) => userActor({ username: `reader-${area}`, display_name: area, role: 'department_operator', org_unit_code: area, department_code: null }, null);
    // 330105 is the only other ranked county of the city runs: its score would follow from the average.
    const county = await services.evaluations.trend(reader('330102'), { system: 'TREND', unit: '330102', periods: 12 });
    expect(county.map((p) => [p.score, p.rank, p.peerAverage, p.withheld])).toEqual([[90, null, null, true], [100, null, null, true]]);
    // The city's own runs: every unit is its own, nothing to withhold.
    const city = await services.evaluations.trend(reader('330100'), { system: 'TREND', unit: '330102', periods: 12 });
    expect(city.map((p) => [p.rank, p.peerAverage, p.withheld])).toEqual([[1, 80, undefined], [1, 90, undefined]]);
  });
});
