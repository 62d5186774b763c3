import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { createServices, defaultMetricCatalogue } from '@govperf/services';
import { openDatabase } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';

describe('govperf feedback on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-feedback-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      await seedTestOrgTree(database.db);
      // Stored long ago by the public endpoint and still waiting in the queue.
      const services = createServices(database, defaultMetricCatalogue());
      await services.feedback.submit(
        { clientId: 'cli-device-1', submissionId: 'cli-submission-1', text: '浙里办系统崩溃了，一直闪退，根本打不开', orgUnit: '330106', context: { occurredAt: '2026-01-05T09:00:00+08:00', pagePath: '/', device: 'cli', appVersion: '1' } },
        { now: new Date('2026-01-05T09:00:00+08:00') },
      );
    } finally {
      await database.close();
    }
  });

  it('processes queued submissions, lists work orders and the overdue list', async () => {
    const pending = await cli(env, 'feedback', 'list');
    expect(pending.code).toBe(0);
    expect(pending.out).toContain('（待分拣）');
    const processed = JSON.parse((await cli(env, 'feedback', 'process', '--format', 'json')).out);
    expect(processed).toMatchObject({ succeeded: 1, failed: 0 });
    const listed = await cli(env, 'feedback', 'list', '--open');
    expect(listed.out).toContain('330106');
    expect(listed.out).toContain('红 red');
    const overdue = JSON.parse((await cli(env, 'feedback', 'overdue', '--format', 'json')).out);
    expect(overdue.workOrders).toHaveLength(1);
    expect(overdue.workOrders[0]).toMatchObject({ tier: 'red', dueAt: '2026-01-05T03:00:00.000Z', sla: { state: 'overdue', escalationLevel: 3 } });
  });

  it('names a bad option', async () => {
    const bad = await cli(env, 'feedback', 'list', '--status', 'done');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--status');
  });
});
