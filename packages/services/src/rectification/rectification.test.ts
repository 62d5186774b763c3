// The ledger end to end through the services: publish a run → responses become tasks → a
// department plans, reports progress and submits → a later published run re-measures: the task
// on target closes, the one still short reopens → overdue tasks go onto the supervision list and
// up the hierarchy. On both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { verifyAuditChain } from '../audit/chain';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { escalationLevel, superviseOverdue } from './supervision';
import { respondToPublishedRun } from './respond';

const SYSTEM = {
  format: 'govperf/indicator-system@1',
  code: 'RECT',
  version: '1',
  name: { zh: '整改测试', en: 'Rectification test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};

const operator = systemActor('test');
const evaluator = userActor({ username: 'kp', display_name: '考评员', role: 'evaluator', org_unit_code: '330000', department_code: null }, null);
const westLake = userActor({ username: 'xh', display_name: '西湖区填报员', role: 'department_operator', org_unit_code: '330106', department_code: null }, null);
const shangcheng = userActor({ username: 'sc', display_name: '上城区填报员', role: 'department_operator', org_unit_code: '330102', department_code: null }, null);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const badRating = (i: number) => ({
  rating_id: `HCP-R-${i}`, org_unit: '330105', department: null, item_code: 'ITEM-1', handling_id: null, channel: 'app', level: 1,
  rated_at: '2025-06-12T10:00:00+08:00', real_name: false, rater_type: 'person', rater_age_band: null, comment: null,
});

describe.each(testEngines())('rectification ledger on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  const publish = async (period: string) => {
    const { runId } = await services.evaluations.run(operator, { systemCode: 'RECT', period, scope: '330100', levels: ['county'] });
    return { runId, ...(await services.evaluations.publish(operator, runId)) };
  };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    // June: 上城区 90 %, 拱墅区 95 %, 西湖区 80 %. July: 上城区 100 %, 西湖区 still 80 %.
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
      { unit: '330102', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-07-10T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330106', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, SYSTEM);
    await database.db.insertInto('departments').values({ code: 'gs-scjg', name: '拱墅区市场监管局', org_unit_code: '330105' }).execute();
    const item = {
      item_code: 'ITEM-1', item_name: '个体工商户设立登记', org_unit: '330105', department: 'gs-scjg', snapshot_date: '2025-06-30', in_service: true, item_type: 'immediate', high_frequency: true,
      online_capable: true, full_online: true, app_available: true, zero_material: false, instant_approval_enabled: true, statutory_limit_days: 15, promised_limit_days: 0, approval_steps: 2,
      elder_mode: true, accessible: true, kiosk_available: true, min_necessary_compliant: true, rating_enabled: true, xprov_listed: true, xprov_enabled: true, inprov_listed: true,
      inprov_enabled: true, standardised: true, guide_published: true, guide_complete: true,
    };
    const items = await services.ingestion.ingest(operator, { type: 'service-items', source: 'test', channel: 'http', format: 'json' }, [item]);
    expect(items, JSON.stringify(items)).toMatchObject({ accepted: 1 });
    // Ten 差评 on one service item of 拱墅区: all of its bad reviews, so concentrated (≥ 10 and ≥ 30 %).
    const rated = await services.ingestion.ingest(operator, { type: 'ratings', source: 'test', channel: 'http', format: 'json' }, Array.from({ length: 10 }, (_, i) => badRating(i)));
    expect(rated).toMatchObject({ accepted: 10 });
  });
  afterAll(async () => dispose());

  it('turns a published run into tasks, once', async () => {
    const june = await publish('2025-06');
    // A1 below 95 in 上城区 (90) and 西湖区 (80) → level 2; the peer group of 3 is below the minimum
    // size of 5 for a bottom share → no level 1; the concentrated 差评 → level 3 for 拱墅区.
    expect(june.responses).toEqual({ created: 3, alreadyOpen: 0, remeasured: 0, closed: 0, reopened: 0 });
    const tasks = await services.rectification.list(evaluator, {});
    expect(tasks.map((t) => [t.unit, t.level, t.indicator ?? t.itemCode, t.status, t.baseline.value])).toEqual([
      ['330102', 2, 'A1', 'open', 90],
      ['330105', 3, 'ITEM-1', 'open', 10],
      ['330106', 2, 'A1', 'open', 80],
    ]);
    // Published 2025-06 run at "now"; due 30 calendar days later at local midnight.
    const task = tasks[0]!;
    expect(new Date(task.dueAt).getTime() - new Date(task.createdAt).getTime()).toBeGreaterThan(30 * 86_400_000);
    expect(task.reason.zh).toContain('未达到目标值 95');
    // Generating the responses again changes nothing: the same problems are already open.
    const again = await database.db.transaction().execute((trx) => respondToPublishedRun(trx, operator, june.runId));
    expect(again).toMatchObject({ created: 0, alreadyOpen: 3 });
  });

  it('scopes the ledger to the caller\'s subtree', async () => {
    expect((await services.rectification.list(westLake, {})).map((t) => t.unit)).toEqual(['330106']);
    const other = (await services.rectification.list(evaluator, { unit: '330102' }))[0]!;
    expect((await refusal(services.rectification.get(westLake, other.id))).code).toBe('not_found');
    expect((await refusal(services.rectification.progress(westLake, other.id, { note: '越权', percent: 10 }))).code).toBe('not_found');
    expect((await refusal(services.rectification.list(westLake, { unit: '330102' }))).code).toBe('forbidden');
  });

  it('plans, records progress and submits for re-measurement, refusing what the state does not allow', async () => {
    const task = (await services.rectification.list(westLake, {}))[0]!;
    const dueDay = new Date(new Date(task.dueAt).getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
    const late = await refusal(services.rectification.plan(westLake, task.id, { goal: '按时办结率达到 95%', measures: ['增派窗口人员'], owner: '王科长', deadline: '2099-01-01' }));
    expect(late.code).toBe('validation_failed');
    expect(late.message).toMatch(/deadline/);
    const empty = await refusal(services.rectification.plan(westLake, task.id, { goal: '', measures: [], owner: '王科长', deadline: dueDay }));
    expect(empty.message).toMatch(/goal/);
    expect((await refusal(services.rectification.submit(westLake, task.id, { note: '完成' }))).message).toMatch(/plan/);
    await services.rectification.plan(westLake, task.id, { goal: '按时办结率达到 95%', measures: ['增派窗口人员', '超期预警'], owner: '王科长', deadline: dueDay });
    const progressed = await services.rectification.progress(westLake, task.id, { note: '已增派 2 名窗口人员', percent: 60, evidence: [{ name: '排班表.xlsx', sha256: 'a'.repeat(64) }] });
    expect(progressed).toMatchObject({ status: 'in_progress', progressPercent: 60 });
    expect(await services.rectification.submit(westLake, task.id, { note: '措施已落实' })).toMatchObject({ status: 'checking' });
    expect((await refusal(services.rectification.progress(westLake, task.id, { note: '再报', percent: 100 }))).code).toBe('conflict');
    // A department may not close anything; an indicator task does not close by hand at all.
    expect((await refusal(services.rectification.close(westLake, task.id, { conclusion: '已整改' }))).code).toBe('forbidden');
    expect((await refusal(services.rectification.close(evaluator, task.id, { conclusion: '已整改' }))).message).toMatch(/re-measur|later published run/);
  });

  it('closes a user-representative review with its conclusion only', async () => {
    const review = (await services.rectification.list(evaluator, { level: 3 }))[0]!;
    expect((await refusal(services.rectification.submit(evaluator, review.id, { note: '完成' }))).code).toBe('forbidden');
    const closed = await services.rectification.close(evaluator, review.id, { conclusion: '用户代表评议认为材料清单需简化，已纳入优化计划' });
    expect(closed).toMatchObject({ status: 'closed' });
  });

  it('re-measures open tasks on the next published run: on target closes, still short reopens', async () => {
    const july = await publish('2025-07');
    // 上城区 100 % → closed; 西湖区 80 % (submitted) → reopened; both re-measured. No new task:
    // 西湖区's shortfall is the same open problem.
    expect(july.responses).toEqual({ created: 0, alreadyOpen: 1, remeasured: 2, closed: 1, reopened: 1 });
    const [shangchengTask] = await services.rectification.list(shangcheng, {});
    expect(shangchengTask).toMatchObject({ status: 'closed', closedByRunId: july.runId, lastMeasurement: { value: 100, period: '2025-07' } });
    expect((await refusal(services.rectification.progress(shangcheng, shangchengTask!.id, { note: '补报', percent: 100 }))).message).toMatch(/closed/);
    const [westLakeTask] = await services.rectification.list(westLake, {});
    expect(westLakeTask).toMatchObject({ status: 'in_progress', reopenCount: 1, lastMeasurement: { value: 80 } });
    const history = await services.rectification.get(westLake, westLakeTask!.id);
    expect(history.history.map((e) => e.kind)).toEqual(['created', 'planned', 'progress', 'submitted', 'remeasured', 'reopened']);
  });

  it('puts overdue tasks on the supervision list and escalates them up the tree, idempotently', async () => {
    const [task] = await services.rectification.list(westLake, {});
    const due = new Date(task!.dueAt);
    const limit = due.getTime() - new Date(task!.createdAt).getTime();
    const dayAfter = new Date(due.getTime() + 86_400_000);
    expect(await superviseOverdue(database.db, operator, dayAfter)).toEqual({ supervised: 1, escalated: 1 });
    expect(await superviseOverdue(database.db, operator, dayAfter)).toEqual({ supervised: 0, escalated: 0 });
    let [supervised] = await services.rectification.list(evaluator, { supervised: 'true' });
    expect(supervised).toMatchObject({ unit: '330106', escalation: { level: 1, to: '330100' } });
    // A further whole limit overdue: one level higher, to the province; never above the top.
    const muchLater = new Date(due.getTime() + limit + 86_400_000);
    expect(await superviseOverdue(database.db, operator, muchLater)).toEqual({ supervised: 0, escalated: 1 });
    [supervised] = await services.rectification.list(evaluator, { supervised: 'true' });
    expect(supervised!.escalation).toEqual({ level: 2, to: '330000' });
    expect(await superviseOverdue(database.db, operator, new Date(due.getTime() + 10 * limit))).toEqual({ supervised: 0, escalated: 0 });
  });

  it('keeps the history append-only and every change on the audit trail', async () => {
    await expect(database.db.updateTable('rectification_events').set({ actor: 'x' }).execute()).rejects.toThrow(/append-only/);
    const actions = await database.db.selectFrom('audit_log').select('action').where('action', 'like', 'rectification.%').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['rectification.respond', 'rectification.plan', 'rectification.progress', 'rectification.submit', 'rectification.close', 'rectification.supervise', 'rectification.escalate']));
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});

describe('escalation level', () => {
  const created = new Date('2025-07-01T00:00:00Z');
  const due = new Date('2025-07-31T00:00:00Z'); // a 30-day limit
  it('is 0 until due, 1 once overdue, +1 per further whole limit', () => {
    expect(escalationLevel(created, due, due)).toBe(0);
    expect(escalationLevel(created, due, new Date(due.getTime() + 1))).toBe(1);
    expect(escalationLevel(created, due, new Date('2025-08-29T23:59:59Z'))).toBe(1);
    expect(escalationLevel(created, due, new Date('2025-08-30T00:00:00Z'))).toBe(2);
    expect(escalationLevel(created, due, new Date('2025-09-29T00:00:00Z'))).toBe(3);
  });
});

describe.each(testEngines().slice(0, 1))('responses configured by the system, and feedback tags, on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 7 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    // A small peer group of 3 is allowed a bottom share; review tasks need 3 items and 50 %.
    await services.systems.register(operator, { ...SYSTEM, code: 'RECT-CONF', responses: { minPeerGroupSize: 3, bottomShare: 0.2, planDueDays: 10, feedback: { minItems: 3, minShare: 0.5 } } });
    // Four feedback items of 上城区 in June, three of them tagged 人脸识别 (75 % ≥ 50 %), one 登录认证.
    const tags = [['face_recognition'], ['face_recognition', 'login_auth'], ['face_recognition'], ['progress']];
    for (const [i, t] of tags.entries()) {
      await database.db.insertInto('feedback_submissions').values({ id: `s${i}`, kind: 'feedback', client_id: 'client-test', submission_id: `sub-${i}`, tracking_code: `T${i}`, payload: '{}' }).execute();
      await database.db
        .insertInto('feedback_items')
        .values({ id: `fi${i}`, tracking_code: `T${i}`, submission_id: `s${i}`, org_unit: '330102', content: '人脸识别总是失败', tags: t, received_at: new Date('2025-06-12T02:00:00Z') })
        .execute();
    }
  });
  afterAll(async () => dispose());

  it('follows the system\'s responses settings and counts feedback tags for level 3', async () => {
    const { runId } = await services.evaluations.run(operator, { systemCode: 'RECT-CONF', period: '2025-06', scope: '330100', levels: ['county'] });
    const published = await services.evaluations.publish(operator, runId);
    // Level 1: ceil(3 × 0.2) = 1 → 西湖区 (70 %); level 2: 西湖区 below 95; level 3: 上城区's tag face_recognition (3 of 4).
    expect(published.responses.created).toBe(3);
    const tasks = await services.rectification.list(evaluator, {});
    // The special plan (due in 10 days) first, then by unit.
    expect(tasks.map((t) => [t.unit, t.level, t.tag ?? t.indicator])).toEqual([
      ['330106', 1, null],
      ['330102', 3, 'face_recognition'],
      ['330106', 2, 'A1'],
    ]);
    const plan = tasks.find((t) => t.level === 1)!;
    // Due 10 calendar days after publication, not the default 30.
    expect(new Date(plan.dueAt).getTime() - new Date(plan.createdAt).getTime()).toBeLessThan(12 * 86_400_000);
  });
});
