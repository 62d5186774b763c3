// Delphi consultations end to end on both engines: who may organise and judge, Saaty-scale and
// reciprocity checks, resubmission until the round closes, the group result (geometric mean,
// weights, CR, dispersion worked by hand), anonymity between experts, the next round's list of
// judgements to reconsider, convergence across rounds, scoping, and the audit trail. Then the
// entropy/combined preview on a stored run, against entropy weights computed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { ahp } from '@govperf/engine';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { listAuditEntries, verifyAuditChain } from '../audit/chain';
import { createUser } from '../identity/credentials';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';

const operator = systemActor('test');
type Role = 'evaluator' | 'expert' | 'admin' | 'department_operator' | 'auditor';
const user = (username: string, role: Role, unit: string) => userActor({ username, display_name: username, role, org_unit_code: unit, department_code: null }, null);
const organiser = user('zzz', 'evaluator', '330100');
const e1 = user('ex1', 'expert', '330100');
const e2 = user('ex2', 'expert', '330100');
const ningbo = user('nbo', 'evaluator', '330200');
const auditor = user('sjy', 'auditor', '330100');
const criteria = [
  { code: 'A', name: { zh: '基础支撑', en: 'Foundations' } },
  { code: 'B', name: { zh: '服务效能', en: 'Service' } },
  { code: 'C', name: { zh: '治理创新', en: 'Innovation' } },
];
const matrix = (a12: number, a13: number, a23: number) => [[1, a12, a13], [1 / a12, 1, a23], [1 / a13, 1 / a23, 1]];

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(testEngines())('Delphi consultations and the weights preview on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let id: string;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE);
    const people: [string, Role, string][] = [['zzz', 'evaluator', '330100'], ['ex1', 'expert', '330100'], ['ex2', 'expert', '330100'], ['ex3', 'expert', '330200'], ['dep', 'department_operator', '330100'], ['ex4', 'expert', '330000'], ['ex5', 'expert', '330102'], ['off', 'expert', '330100']];
    for (const [username, role, orgUnit] of people) await createUser(database.db, { username, displayName: username, password: 'delphi password 2026', role, orgUnit });
  });
  afterAll(async () => dispose());

  it('lets an organiser invite only experts who may judge and whose area contains the consultation', async () => {
    expect((await refusal(services.weights.createConsultation(e1, { title: '一级指标权重', criteria, experts: ['ex1'] }))).code).toBe('forbidden');
    // A county's expert (in the organiser's area) cannot see a city consultation.
    const outside = await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['ex1', 'ex5'] }));
    expect(outside).toMatchObject({ code: 'validation_failed', details: [{ path: ['experts', 1] }] });
    expect(outside.message).toMatch(/experts\.1: expert ex5 works outside 330100/);
    // A sibling's staff are not the organiser's to invite; the levels above are (the province's experts).
    const beside = await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['ex1', 'ex3'] }));
    expect(beside).toMatchObject({ code: 'validation_failed', details: [{ path: ['experts', 1] }] });
    expect(beside.message).toMatch(/experts\.1: expert ex3 is neither in your area \(330100\) nor at a level above it/);
    await database.db.updateTable('users').set({ disabled_at: new Date() }).where('username', '=', 'off').execute();
    expect((await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['off'] }))).message).toMatch(/experts\.0: user off does not exist or is disabled/);
    expect((await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['dep'] }))).message).toMatch(/may not judge/);
    expect((await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['nobody'] }))).message).toMatch(/nobody does not exist/);
    expect((await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria: criteria.slice(0, 1), experts: ['ex1'] }))).message).toMatch(/criteria: at least two criteria/);
    expect((await refusal(services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['ex1'], orgUnit: '330200' }))).code).toBe('forbidden');

    const created = await services.weights.createConsultation(organiser, { title: '一级指标权重', criteria, experts: ['ex1', 'ex2'] }, new Date('2026-11-20T09:00:00Z'));
    id = created.id;
    expect(created).toMatchObject({ orgUnit: '330100', round: 1, roundOpen: true, experts: ['ex1', 'ex2'], invited: false, rounds: [{ round: 1, closedAt: null, submissions: [], result: null }] });
    expect((await services.weights.consultations(e2)).map((c) => c.id)).toEqual([id]);
    expect(await services.weights.consultations(ningbo)).toEqual([]);
    expect((await refusal(services.weights.consultation(ningbo, id))).code).toBe('not_found');
    expect((await refusal(services.weights.consultations(auditor))).code).toBe('forbidden');
  });

  it('takes each invited expert\'s own reciprocal Saaty-scale matrix, resubmitted until the round closes', async () => {
    expect((await refusal(services.weights.submitJudgement(organiser, id, { matrix: matrix(3, 5, 2) }))).details).toMatchObject({ reason: 'not_invited' });
    const offScale = await refusal(services.weights.submitJudgement(e1, id, { matrix: matrix(4.5, 5, 2) }));
    expect(offScale).toMatchObject({ code: 'validation_failed', details: [{ path: ['matrix', 0, 1] }] });
    expect(offScale.message).toMatch(/not on Saaty's 1–9 scale/);
    expect((await refusal(services.weights.submitJudgement(e1, id, { matrix: [[1, 3, 5], [3, 1, 2], [1 / 5, 1 / 2, 1]] }))).message).toMatch(/matrix/);
    expect((await refusal(services.weights.submitJudgement(e1, id, { matrix: [[1, 3], [1 / 3, 1]] }))).message).toMatch(/3 × 3/);

    const first = await services.weights.submitJudgement(e1, id, { matrix: matrix(3, 5, 2) });
    expect(first.mine?.cr).toBeCloseTo(ahp(matrix(3, 5, 2)).cr, 12);
    // Resubmitted: the last one counts. Strings as people write them are fine.
    const again = await services.weights.submitJudgement(e1, id, { matrix: [[1, '1', 5], [1, 1, '2'], ['1/5', 0.5, 1]] });
    expect(again.mine?.matrix[0]).toEqual([1, 1, 5]);
    await services.weights.submitJudgement(e2, id, { matrix: matrix(9, 5, 1 / 2) });
    // Experts see each other as 专家 k; the organiser sees names.
    expect((await services.weights.consultation(e2, id)).rounds[0]!.submissions.map((s) => s.expert)).toEqual(['专家 1 / Expert 1', 'ex2']);
    expect((await services.weights.consultation(organiser, id)).rounds[0]!.submissions.map((s) => s.expert)).toEqual(['ex1', 'ex2']);
  });

  it('closes a round with the geometric-mean group result and each judgement\'s dispersion', async () => {
    expect((await refusal(services.weights.closeRound(e1, id))).code).toBe('forbidden');
    const closed = await services.weights.closeRound(organiser, id, new Date('2026-11-21T09:00:00Z'));
    const result = closed.rounds[0]!.result!;
    // a12: 1 and 9 → 3, GSD 3; a13: 5 and 5 → 5, GSD 1; a23: 2 and 1/2 → 1, GSD 2.
    expect(result.matrix[0]![1]).toBeCloseTo(3, 12);
    expect(result.matrix[1]![2]).toBeCloseTo(1, 12);
    expect(result.dispersion.map((d) => Number(d.gsd.toFixed(9)))).toEqual([3, 1, 2]);
    expect(result.dispersion.map((d) => d.high)).toEqual([true, false, true]);
    expect(result.meanGsd).toBeCloseTo(Math.cbrt(6), 12);
    expect(result.weights).toEqual(ahp(matrix(3, 5, 1)).weights);
    expect(result.expertResults.map((e) => e.expert)).toEqual(['ex1', 'ex2']);
    expect(result.expertResults[1]!.weights).toEqual(ahp(matrix(9, 5, 1 / 2)).weights);
    expect(closed.roundOpen).toBe(false);
    expect((await refusal(services.weights.submitJudgement(e1, id, { matrix: matrix(3, 5, 2) }))).details).toMatchObject({ reason: 'round_closed' });
    expect((await refusal(services.weights.closeRound(organiser, id))).details).toMatchObject({ reason: 'round_closed' });
  });

  it('shows the next round the judgements to reconsider, and the convergence across rounds', async () => {
    const opened = await services.weights.openNextRound(organiser, id);
    expect(opened).toMatchObject({ round: 2, roundOpen: true });
    expect((await refusal(services.weights.openNextRound(organiser, id))).details).toMatchObject({ reason: 'round_open' });
    const seen = await services.weights.consultation(e1, id);
    expect(seen.reconsider).toEqual([
      { row: 0, col: 1, group: expect.closeTo(3, 9), gsd: expect.closeTo(3, 9), yours: 1 },
      { row: 1, col: 2, group: expect.closeTo(1, 9), gsd: expect.closeTo(2, 9), yours: 2 },
    ]);
    expect(seen.rounds[0]!.result!.expertResults.map((e) => e.expert)).toEqual(['ex1', '专家 2 / Expert 2']);
    expect(seen.mine).toBeNull();
    await services.weights.submitJudgement(e1, id, { matrix: matrix(3, 5, 1) });
    await services.weights.submitJudgement(e2, id, { matrix: matrix(3, 5, 2) });
    const done = await services.weights.closeRound(organiser, id);
    expect(done.convergence.map((c) => c.round)).toEqual([1, 2]);
    expect(done.convergence[1]!.meanGsd).toBeLessThan(done.convergence[0]!.meanGsd);
    expect(done.convergence[1]).toMatchObject({ highCount: 0, experts: 2 });
    expect(done.convergence[1]!.maxGsd).toBeCloseTo(Math.SQRT2, 12);
  });

  it('audits every change on an intact chain', async () => {
    const entries = await listAuditEntries(database.db, { action: 'weights.*', orgUnits: '*', limit: 1000 });
    const delphi = entries.map((e) => e.action);
    expect(delphi.sort()).toEqual([
      'weights.delphi_close_round', 'weights.delphi_close_round', 'weights.delphi_create',
      'weights.delphi_judgement', 'weights.delphi_judgement', 'weights.delphi_judgement', 'weights.delphi_judgement', 'weights.delphi_judgement',
      'weights.delphi_open_round',
    ]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('builds criteria from an indicator system node, and previews entropy and combined weights on a stored run', async () => {
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 20, onTime: 10 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
    ]);
    await services.systems.register(operator, {
      format: 'govperf/indicator-system@1', code: 'PREVIEW', version: '1', name: { zh: '预览测试', en: 'Preview test' },
      weighting: { method: 'ahp', ahp: { judgements: [[1, 3], ['1/3', 1]] } },
      indicators: [
        { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } },
        { code: 'A2', name: { zh: '办结件数', en: 'Completed' }, unit: '件', formula: 'probe.completed', target: 20, scoring: { method: 'target-linear', floor: 0 } },
      ],
    });
    const fromSystem = await services.weights.createConsultation(organiser, { title: '预览体系一级指标', system: 'PREVIEW', experts: ['ex1'] });
    expect(fromSystem.criteria).toEqual([{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' } }, { code: 'A2', name: { zh: '办结件数', en: 'Completed' } }]);
    expect(fromSystem.node).toBe('$root');

    await services.evaluations.run(operator, { systemCode: 'PREVIEW', period: '2025-06', scope: '330100', levels: ['county'] });
    const preview = await services.weights.preview(organiser, { system: 'PREVIEW', period: '2025-06' });
    expect(preview).toMatchObject({ node: '$root', units: 3, subjective: 'ahp', alpha: 0.5, degenerate: false, basis: 'value', peerGroups: [{ units: 3 }] });
    // By hand: A1 = 90, 50, 100 → min–max 0.8, 0, 1 → p = 4/9, 0, 5/9 → E = 0.625296, d = 0.374704;
    // A2 = 10, 20, 10 → 0, 1, 0 → E = 0, d = 1. Entropy weights 0.272571 / 0.727429; AHP 0.75 / 0.25.
    const [a1, a2] = preview.indicators;
    expect(a1!.entropy).toBeCloseTo(0.272571, 5);
    expect(a2!.entropy).toBeCloseTo(0.727429, 5);
    expect(a1!.ahp).toBeCloseTo(0.75, 9);
    expect(a1!.combined).toBeCloseTo(0.5 * 0.75 + 0.5 * 0.272571, 5);
    const tilted = await services.weights.preview(organiser, { system: 'PREVIEW', period: '2025-06', alpha: 1 });
    expect(tilted.indicators[0]!.combined).toBeCloseTo(0.75, 9);

    expect((await refusal(services.weights.preview(ningbo, { system: 'PREVIEW', period: '2025-06' }))).code).toBe('not_found');
    expect((await refusal(services.weights.preview(organiser, { system: 'PREVIEW', period: '2025-06', scope: '330200' }))).code).toBe('forbidden');
    expect((await refusal(services.weights.preview(organiser, { system: 'PREVIEW', period: '2025-06', alpha: 2 }))).message).toMatch(/alpha/);
    expect((await refusal(services.weights.preview(organiser, { system: 'PREVIEW', period: '2025-06', node: 'A1' }))).message).toMatch(/no group indicator A1/);
  });

  // Last: it adds a consultation the earlier tests' counts do not expect.
  it('lets a city organiser invite the province’s experts (a level above), as the picker lists them', async () => {
    const withProvince = await services.weights.createConsultation(organiser, { title: '含省级专家', criteria, experts: ['ex1', 'ex4'] }, new Date('2026-11-20T09:00:00Z'));
    expect(withProvince.experts).toEqual(['ex1', 'ex4']);
  });
});
