// Appeals end to end: within the window with evidence; one pending per unit and result; refused
// after the deadline with the reason; decided once by someone other than the appellant; an upheld
// appeal yields a corrected run, the published run stays as it was, and publishing the
// correction closes the task that rested on the mistaken figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { appealDeadline, submitAppeal } from './appeals';

const SYSTEM = {
  format: 'govperf/indicator-system@1', code: 'APPEAL', version: '1', name: { zh: '申诉测试', en: 'Appeal test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};
const operator = systemActor('test');
const evaluator = userActor({ username: 'kp', display_name: '考评员', role: 'evaluator', org_unit_code: '330000', department_code: null }, null);
const westLake = userActor({ username: 'xh', display_name: '西湖区填报员', role: 'department_operator', org_unit_code: '330106', department_code: null }, null);
const evidence = [{ name: '办件系统截图.png', sha256: 'b'.repeat(64) }];

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('appeal window', () => {
  it('ends at local midnight after the 15th calendar day from publication', () => {
    // Published 2025-07-05 10:00 Beijing time → window to the end of 2025-07-20 (Beijing) = 16:00Z.
    expect(appealDeadline(new Date('2025-07-05T02:00:00Z')).toISOString()).toBe('2025-07-20T16:00:00.000Z');
    // Published 23:30 Beijing time on 2025-07-05 (15:30Z): the same local day counts as day 0.
    expect(appealDeadline(new Date('2025-07-05T15:30:00Z')).toISOString()).toBe('2025-07-20T16:00:00.000Z');
  });
});

describe.each(testEngines())('appeals on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let runId: string;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, SYSTEM);
    ({ runId } = await services.evaluations.run(operator, { systemCode: 'APPEAL', period: '2025-06', scope: '330100', levels: ['county'] }));
  });
  afterAll(async () => dispose());

  it('accepts only appeals against a published result, within the subtree', async () => {
    expect((await refusal(services.appeals.submit(westLake, runId, { unit: '330106', grounds: '两件办件实为按时办结，系统时间记录错误', evidence }))).message).toMatch(/published/);
    await services.evaluations.publish(operator, runId);
    expect((await refusal(services.appeals.submit(westLake, runId, { unit: '330102', grounds: '两件办件实为按时办结，系统时间记录错误', evidence }))).code).toBe('forbidden');
    const noEvidence = await refusal(services.appeals.submit(westLake, runId, { unit: '330106', grounds: '两件办件实为按时办结，系统时间记录错误', evidence: [] }));
    expect(noEvidence.message).toMatch(/evidence/);
  });

  it('refuses an appeal after the window with the reason', async () => {
    const published = (await services.evaluations.get(operator, runId)).publishedAt!;
    const late = new Date(appealDeadline(new Date(published)).getTime() + 1000);
    const error = await refusal(submitAppeal(database.db, westLake, runId, { unit: '330106', grounds: '两件办件实为按时办结，系统时间记录错误', evidence }, late));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/appeal window has closed.*within 15 days/);
  });

  it('rejects, upholds once, and corrects without changing the published run', async () => {
    const first = await services.appeals.submit(westLake, runId, { unit: '330106', indicator: 'A1', grounds: '两件办件实为按时办结，系统时间记录错误', evidence });
    expect(first.status).toBe('pending');
    expect((await refusal(services.appeals.submit(westLake, runId, { unit: '330106', indicator: 'A1', grounds: '重复提交同一申诉内容', evidence }))).message).toMatch(/pending appeal/);
    expect((await refusal(services.appeals.decide(westLake, first.id, { outcome: 'upheld', reason: '自己复核' }))).code).toBe('forbidden');

    // The data operator corrects the two records the evidence shows; the reviewer upholds.
    await sql`update probe_cases set on_time = true where org_unit = '330106'`.execute(database.db);
    const decided = await services.appeals.decide(evaluator, first.id, { outcome: 'upheld', reason: '经核实系统时间记录错误，数据已更正' });
    expect(decided).toMatchObject({ status: 'upheld', decision: { by: 'kp' } });
    expect((await refusal(services.appeals.decide(evaluator, first.id, { outcome: 'rejected', reason: '改判' }))).message).toMatch(/final/);

    const original = await services.evaluations.get(operator, runId);
    const corrected = await services.evaluations.get(operator, decided.correctedRunId!);
    expect(corrected).toMatchObject({ correctsRunId: runId, publishedAt: null, period: '2025-06', system: { version: '1' } });
    const value = (run: typeof original, unit: string) => run.result.units.find((u) => u.unit === unit)!.indicators.find((i) => i.code === 'A1')!.value;
    expect(value(original, '330106')).toBe(80);
    expect(value(corrected, '330106')).toBe(100);
    expect(original.publishedAt).not.toBeNull();

    // The original's task for 西湖区 rested on the mistaken 80 %: publishing the correction closes it.
    const [task] = await services.rectification.list(westLake, {});
    expect(task).toMatchObject({ originRunId: runId, status: 'open' });
    const published = await services.evaluations.publish(operator, corrected.id);
    expect(published.responses).toMatchObject({ created: 0, closed: 1 });
    const [closed] = await services.rectification.list(westLake, {});
    expect(closed).toMatchObject({ status: 'closed', closedByRunId: corrected.id });
  });

  it('records a rejected appeal with its reason', async () => {
    const appeal = await services.appeals.submit(westLake, runId, { unit: '330106', grounds: '综合得分计算有误，请复核', evidence });
    const rejected = await services.appeals.decide(evaluator, appeal.id, { outcome: 'rejected', reason: '经复核计算无误' });
    expect(rejected).toMatchObject({ status: 'rejected', correctedRunId: null, decision: { reason: '经复核计算无误' } });
    expect((await services.appeals.list(evaluator, { status: 'rejected' })).map((a) => a.id)).toEqual([appeal.id]);
    const audit = await database.db.selectFrom('audit_log').select('action').where('action', 'like', 'appeal.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['appeal.decide', 'appeal.decide', 'appeal.submit', 'appeal.submit']);
  });
});
