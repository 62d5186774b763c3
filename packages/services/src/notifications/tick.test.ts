// Wired end to end: the scheduler's tick schedules the delivery job and the channel given to
// createServices delivers what the feedback loop queued; staff list and retry through the facade
// (feedback.manage only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { queueNotification } from '../feedback/history';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { PROBE_CATALOGUE } from '../testing';
import type { NotificationChannel, OutgoingNotification } from './channel';

const NOW = new Date('2026-11-22T08:00:30Z');

describe.each(testEngines())('notification delivery through the scheduler on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  const sent: OutgoingNotification[] = [];
  let refuse = false;
  const channel: NotificationChannel = { name: 'recording', send: async (n) => (refuse ? { status: 'permanent', error: 'gateway answered 403' } : (sent.push(n), { status: 'delivered' })) };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE, undefined, { notifications: channel });
  });
  afterAll(async () => dispose());

  it('delivers queued notifications on the next tick, and dead letters can be retried by a manager', async () => {
    await queueNotification(database.db, { trackingCode: 'TICK0001', orgUnit: '330106', recipient: 'submitter', kind: 'test.tick', at: NOW, message: { zh: '已办结', en: 'done' } });
    const outcome = await services.jobs.tick(NOW);
    expect(outcome.scheduled).toBeGreaterThan(0);
    expect(sent.map((n) => n.to.trackingCode)).toEqual(['TICK0001']);
    expect(await database.db.selectFrom('feedback_notifications').select(['delivered_via']).where('tracking_code', '=', 'TICK0001').executeTakeFirstOrThrow()).toEqual({ delivered_via: 'recording' });

    refuse = true;
    await queueNotification(database.db, { trackingCode: 'TICK0002', orgUnit: '330106', recipient: 'submitter', kind: 'test.tick', at: NOW, message: { zh: '已办结', en: 'done' } });
    // The next minute's delivery job.
    await services.jobs.tick(new Date(NOW.getTime() + 60_000));
    const operator = userActor({ username: 'xh-op', display_name: '西湖区', role: 'department_operator', org_unit_code: '330106', department_code: null }, null);
    await expect(services.feedback.notifications(operator)).rejects.toMatchObject({ code: 'forbidden' });
    const [dead] = await services.feedback.notifications(systemActor());
    expect(dead).toMatchObject({ trackingCode: 'TICK0002', state: 'failed', lastError: 'gateway answered 403' });
    refuse = false;
    await services.feedback.retryNotification(systemActor(), dead!.id, new Date(NOW.getTime() + 120_000));
    await services.jobs.tick(new Date(NOW.getTime() + 120_000));
    expect(sent.map((n) => n.to.trackingCode)).toEqual(['TICK0001', 'TICK0002']);
  });
});
