import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { registerIndicatorSystem } from '@govperf/services';
import { openDatabase } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';

describe('govperf rectification and appeals on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-rect-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  const taskId = 'rt_00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
    try {
      const db = database.db;
      await seedTestOrgTree(db);
      await registerIndicatorSystem(db, { format: 'govperf/indicator-system@1', code: 'CLI', version: '1', name: { zh: '命令行', en: 'CLI' }, indicators: [{ code: 'A1', name: { zh: '甲', en: 'A' }, formula: 'x', scoring: { method: 'identity' } }] });
      const system = await db.selectFrom('indicator_systems').select('hash').executeTakeFirstOrThrow();
      await db.insertInto('evaluation_runs').values({ id: 'run_cli', system_code: 'CLI', system_version: '1', system_hash: system.hash, period: '2025-06', scope_org_unit: '330100', input_hash: 'x', status: 'succeeded', result: '{"units":[]}', published_at: new Date('2025-07-01T00:00:00Z') }).execute();
      // Due long ago: the supervision sweep puts it on the list and escalates it past 杭州市 to 浙江省.
      await db
        .insertInto('rectification_tasks')
        .values({ id: taskId, origin_run_id: 'run_cli', system_code: 'CLI', origin_period: '2025-06', level: 2, kind: 'optimisation', org_unit: '330106', subject: 'A1', indicator: 'A1', reason: JSON.stringify({ zh: '指标“甲”未达到目标值', en: 'A below target' }), due_at: new Date('2025-07-31T16:00:00Z'), created_at: new Date('2025-07-01T00:00:00Z'), updated_at: new Date('2025-07-01T00:00:00Z') })
        .execute();
    } finally {
      await database.close();
    }
  });

  it('lists the ledger, supervises overdue tasks and shows a task with its history', async () => {
    const listed = await cli(env, 'rectification', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('西湖区 330106');
    expect(listed.out).toContain('待制定方案 逾期');
    const swept = JSON.parse((await cli(env, 'rectification', 'supervise', '--format', 'json')).out);
    expect(swept).toEqual({ supervised: 1, escalated: 1 });
    const supervised = JSON.parse((await cli(env, 'rectification', 'list', '--supervised', '--format', 'json')).out);
    expect(supervised.tasks).toHaveLength(1);
    expect(supervised.tasks[0].escalation.to).toBe('330000');
    const shown = await cli(env, 'rectification', 'show', taskId);
    expect(shown.out).toMatch(/supervised[\s\S]*escalated/);
  });

  it('names a bad option', async () => {
    const bad = await cli(env, 'rectification', 'list', '--status', 'done');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--status');
    expect((await cli(env, 'appeals', '--format', 'json')).out).toContain('"appeals": []');
  });
});
