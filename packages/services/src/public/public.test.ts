// The public portal's services on a small fixture, aggregates computed by hand: published results
// per region, rectification progress with public fields only, 好差评 aggregates from accepted
// ratings, and re-ratings (closed tasks only, one per mobile number, the number only encrypted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor } from '../identity/actor';
import { createFieldCipher } from '../privacy/cipher';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';

const SYSTEM = {
  format: 'govperf/indicator-system@1',
  code: 'PUB',
  version: '1',
  name: { zh: '公开测试', en: 'Portal test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};
const operator = systemActor('test');
const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 7), keyId: 't1' });

const rating = (id: string, unit: string, level: number, extra: Record<string, unknown> = {}) => ({
  rating_id: id, org_unit: unit, department: null, item_code: null, handling_id: null, channel: 'app', level,
  rated_at: '2025-06-12T10:00:00+08:00', real_name: true, rater_type: 'person', rater_age_band: null, comment: null, ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(testEngines())('the public portal services on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let june: string;
  let july: string;
  let closedTask: string;
  let openTask: string;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    // June: 上城区 90 %, 拱墅区 95 %, 西湖区 80 %. July: 上城区 100 % (its task closes), 西湖区 still 80 %.
    await createProbeCases(db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
      { unit: '330102', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-07-10T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330106', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE, cipher);
    await services.systems.register(operator, SYSTEM);
    const publish = async (period: string) => {
      const { runId } = await services.evaluations.run(operator, { systemCode: 'PUB', period, scope: '330100', levels: ['county'] });
      await services.evaluations.publish(operator, runId);
      return runId;
    };
    june = await publish('2025-06');
    july = await publish('2025-07');
    const tasks = await db.selectFrom('rectification_tasks').select(['id', 'org_unit', 'status']).execute();
    closedTask = tasks.find((t) => t.org_unit === '330102')!.id;
    openTask = tasks.find((t) => t.org_unit === '330106')!.id;
    expect(tasks.find((t) => t.id === closedTask)!.status).toBe('closed');

    // 好差评 in June: 上城区 5, 4, 3, 2, 1 (the 1 rectified); 拱墅区 5, 5 and a flagged 1 (not counted);
    // 宁波市 one 1 rated in July (outside the period). An unpublished draft run exists for nothing here.
    const rated = await services.ingestion.ingest(operator, { type: 'ratings', source: 'pub', channel: 'http', format: 'json' }, [
      rating('R1', '330102', 5), rating('R2', '330102', 4), rating('R3', '330102', 3), rating('R4', '330102', 2),
      rating('R5', '330102', 1, { rectified_at: '2025-06-20T10:00:00+08:00' }),
      rating('R6', '330105', 5), rating('R7', '330105', 5), rating('R8', '330105', 1),
      rating('R9', '330200', 1, { rated_at: '2025-07-02T10:00:00+08:00' }),
    ]);
    expect(rated).toMatchObject({ accepted: 9 });
    await db.updateTable('ratings').set({ quality_status: 'flagged' }).where('rating_id', '=', 'R8').execute();
  });
  afterAll(async () => dispose());

  it('lists the regions and the published runs that cover one', async () => {
    expect((await services.public.regions()).map((r) => r.code)).toEqual(['330000', '330100', '330102', '330105', '330106', '330200']);
    expect((await services.public.runs({ region: '330102' })).map((r) => r.id).sort()).toEqual([june, july].sort());
    expect(await services.public.runs({ region: '330200' })).toEqual([]);
    expect((await refusal(services.public.runs({ region: '999999' }))).status).toBe(404);
    const run = await services.public.run(june, { region: '330102' });
    expect(run.units.map((u) => u.unit)).toEqual(['330102']);
    expect((await services.public.run(june)).units).toHaveLength(3);
  });

  it('shows a unit’s indicator values, scores and lights', async () => {
    const unit = await services.public.unit(june, '330106');
    expect(unit).toMatchObject({ unit: '330106', name: '西湖区', system: { code: 'PUB' }, vetoed: false });
    const a1 = unit.indicators.find((i) => i.code === 'A1')!;
    expect(a1).toMatchObject({ name: { zh: '按时办结率' }, value: 80, target: 95, unit: '%' });
    expect(a1.light).not.toBeNull();
    expect((await refusal(services.public.unit(june, '330200'))).status).toBe(404);
  });

  it('shows rectification progress with public fields only', async () => {
    const view = await services.public.rectification('330100', {}, new Date('2025-07-15T00:00:00Z'));
    expect(view.totals).toMatchObject({ closed: 1, total: 2 });
    expect(view.units.map((u) => [u.unit, u.total, u.closed])).toEqual([['330102', 1, 1], ['330105', 0, 0], ['330106', 1, 0]]);
    const closed = view.tasks.find((t) => t.id === closedTask)!;
    expect(closed).toMatchObject({ unitName: '上城区', status: 'closed', statusLabel: { zh: '已销号' }, kindLabel: { zh: '指标优化事项' }, indicatorName: { zh: '按时办结率' }, progressPercent: 100, rerating: { count: 0 } });
    expect(closed.closedAt).not.toBeNull();
    // Open work first.
    expect(view.tasks[0]!.id).toBe(openTask);
    for (const task of view.tasks) expect(Object.keys(task)).not.toEqual(expect.arrayContaining(['plan']));
    expect(JSON.stringify(view)).not.toMatch(/owner|evidence|history|originRunId/);
    expect((await services.public.rectification('330200')).totals.total).toBe(0);
    expect((await services.public.rectification('330100', { status: 'closed' })).tasks.map((t) => t.id)).toEqual([closedTask]);
    expect((await services.public.rectification('330100', { status: 'active' })).tasks.map((t) => t.id)).toEqual([openTask]);
    const one = await services.public.rectification('330100', { limit: 1 });
    expect([one.tasks.length, one.totals.total]).toEqual([1, 2]);
  });

  it('aggregates 好差评 from the accepted ratings of the period, as computed by hand', async () => {
    const view = await services.public.ratings({ region: '330000', period: '2025-06' });
    // 上城区 5 + 拱墅区 2 (the flagged one left out); 宁波市's rating is from July.
    expect(view.totals).toEqual({ unit: '330000', name: '浙江省', total: 7, levels: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 3 }, goodRate: 4 / 7, bad: 2, badRectified: 1, badRectifiedRate: 0.5 });
    expect(view.units).toEqual([
      { unit: '330100', name: '杭州市', total: 7, levels: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 3 }, goodRate: 4 / 7, bad: 2, badRectified: 1, badRectifiedRate: 0.5 },
      { unit: '330200', name: '宁波市', total: 0, levels: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, goodRate: null, bad: 0, badRectified: 0, badRectifiedRate: null },
    ]);
    const hangzhou = await services.public.ratings({ region: '330100', period: '2025-06' });
    expect(hangzhou.units.map((u) => [u.unit, u.total, u.goodRate, u.bad, u.badRectifiedRate])).toEqual([
      ['330102', 5, 0.4, 2, 0.5],
      ['330105', 2, 1, 0, null],
      ['330106', 0, null, 0, null],
    ]);
    expect((await services.public.ratings({ region: '330200', period: '2025-07' })).totals).toMatchObject({ total: 1, bad: 1, badRectified: 0, badRectifiedRate: 0 });
    expect((await refusal(services.public.ratings({ region: '330000', period: '2025-13' }))).status).toBe(400);
  });

  it('takes one re-rating per person of a closed task, keeping the number only encrypted', async () => {
    const first = await services.public.rerate(closedTask, { level: 4, phone: '13812345678', comment: '  <script>alert(1)</script> 请回电13912345678 ' });
    expect(first).toMatchObject({ taskId: closedTask, level: 4, comment: '<script>alert(1)</script> 请回电139****5678', summary: { count: 1, average: 4, satisfiedRate: 1 } });

    // The same person again, written differently: refused with the reason.
    const again = await refusal(services.public.rerate(closedTask, { level: 1, phone: '+86 138-1234-5678' }));
    expect(again.status).toBe(409);
    expect(again.details).toEqual({ reason: 'already_rated' });
    expect(again.messageIn('zh')).toContain('每人只能复评一次');
    expect(again.messageIn('en')).toContain('only once');

    const second = await services.public.rerate(closedTask, { level: 1, phone: '13900000000' });
    expect(second.summary).toMatchObject({ count: 2, average: 2.5, satisfiedRate: 0.5, levels: { 1: 1, 4: 1 } });
    const listed = (await services.public.rectification('330102')).tasks.find((t) => t.id === closedTask)!;
    expect(listed.rerating).toEqual(second.summary);

    const stored = await database.db.selectFrom('rectification_reratings').select(['phone', 'comment']).where('task_id', '=', closedTask).orderBy('id').execute();
    expect(stored.map((s) => cipher.decrypt(s.phone))).toEqual(['13812345678', '13900000000']);
    expect(JSON.stringify(stored)).not.toContain('1381234');
    expect(stored[0]!.comment).toBe('<script>alert(1)</script> 请回电13912345678');

    const audit = await database.db.selectFrom('audit_log').select(['actor', 'actor_kind', 'entity_id', 'details']).where('action', '=', 'rectification.rerate').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor: 'anonymous', actor_kind: 'anonymous', entity_id: closedTask });
    expect(JSON.stringify(audit)).not.toMatch(/1381234|1390000|gp1\./);
  });

  it('refuses a task not yet closed, bad input, and re-ratings without a cipher', async () => {
    const open = await refusal(services.public.rerate(openTask, { level: 5, phone: '13700000000' }));
    expect(open.status).toBe(409);
    expect(open.details).toMatchObject({ reason: 'not_closed' });
    expect(open.messageIn('zh')).toContain('尚未销号');
    expect((await refusal(services.public.rerate('rt_00000000-0000-0000-0000-000000000000', { level: 5, phone: '13700000000' }))).status).toBe(404);
    for (const bad of [{ level: 6, phone: '13700000000' }, { level: 3, phone: '12345678901' }, { level: 3, phone: '0571-87654321' }, { level: 3, phone: '13700000000', comment: '长'.repeat(501) }, { level: 3 }]) {
      expect((await refusal(services.public.rerate(closedTask, bad))).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await services.public.rerate(closedTask, { level: 3, phone: '13700000000', comment: '长'.repeat(500) })).comment).toHaveLength(500);
    const plain = createServices(database, PROBE_CATALOGUE);
    expect((await refusal(plain.public.rerate(closedTask, { level: 3, phone: '13600000000' }))).status).toBe(503);
  });
});
