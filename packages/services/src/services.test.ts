import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { listAuditEntries, verifyAuditChain } from './audit/chain';
import { systemActor } from './identity/actor';
import { createUser } from './identity/credentials';
import { login } from './identity/sessions';
import { createServices } from './services';
import { createProbeCases, PROBE_CATALOGUE } from './testing';

describe.each(testEngines())('the services facade on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createProbeCases(database.db, [{ unit: '330102', at: '2026-10-10T10:00:00+08:00', total: 4, onTime: 3 }]);
  });
  afterAll(async () => dispose());

  it('checks permissions and the subtree below the routes, and audits what changes', async () => {
    const services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(systemActor(), {
      format: 'govperf/indicator-system@1', code: 'FACADE', version: '1', name: { zh: '门面', en: 'Facade' }, periodicity: 'month',
      indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } }],
    });
    await createUser(database.db, { username: 'hz-eval', displayName: '考评', password: 'facade password', role: 'evaluator', orgUnit: '330100' });
    const { actor } = await login(database.db, { username: 'hz-eval', password: 'facade password', clientIp: '10.0.0.1' });
    await expect(services.evaluations.run(actor, { systemCode: 'FACADE', period: '2026-10', scope: '330200' })).rejects.toMatchObject({ code: 'forbidden', details: { field: 'scope' } });
    const { runId } = await services.evaluations.run(actor, { systemCode: 'FACADE', period: '2026-10' });
    expect((await services.evaluations.get(actor, runId)).scope).toBe('330100');
    await expect(services.evaluations.publish(actor, runId)).rejects.toMatchObject({ code: 'forbidden', details: { permission: 'evaluation.publish' } });
    await expect(services.audit.verify(actor)).rejects.toMatchObject({ code: 'forbidden' });
    const entries = await listAuditEntries(database.db, { action: 'evaluation.run' });
    expect(entries[0]).toMatchObject({ actor: 'hz-eval', actorKind: 'user', entityId: runId, orgUnit: '330100', clientIp: '10.0.0.1' });
  });

  it('audits the runs the scheduler creates', async () => {
    const services = createServices(database, PROBE_CATALOGUE);
    const outcome = await services.jobs.tick(new Date('2026-11-22T10:00:00+08:00'));
    expect(outcome.succeeded).toBeGreaterThanOrEqual(1);
    const scheduled = (await listAuditEntries(database.db, { action: 'evaluation.run', actor: 'scheduler' }))[0];
    expect(scheduled).toMatchObject({ actorKind: 'system', orgUnit: '330000', details: { system: 'FACADE', period: '2026-10', scheduled: true } });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
