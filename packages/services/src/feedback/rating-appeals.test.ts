// 好差评申诉 end to end: only 差评 of the caller's subtree, within the window (hand-computed local
// dates), one appeal per rating; decided once by someone other than the appellant; upheld takes
// the rating out of the metrics (the row stays, and stays out when its source sends it again);
// rejected changes nothing; every step in the history and the audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { verifyAuditChain } from '../audit/chain';
import { systemActor, userActor } from '../identity/actor';
import { defaultMetricCatalogue } from '../metrics/catalogue';
import { computeMetrics } from '../metrics/compute';
import { createServices, type Services } from '../services';
import { PROBE_CATALOGUE } from '../testing';
import { ratingAppealDeadline } from './rating-appeals';

const operator = systemActor('test');
const user = (username: string, role: 'department_operator' | 'evaluator' | 'admin', unit: string) => userActor({ username, display_name: username, role, org_unit_code: unit, department_code: null }, null);
const westLake = user('xh', 'department_operator', '330106');
const ningbo = user('nb', 'department_operator', '330200');
const evaluator = user('kp', 'evaluator', '330000');
const admin = user('adm', 'admin', '330100');
const evidence = [{ name: '办件系统记录截图.png', sha256: 'c'.repeat(64) }];
const grounds = '评价人并非该办件的申请人，评价内容与办件无关';

/** Rated 07:30 Beijing time on 2026-11-04 (23:30Z on the 3rd): the window runs to the end of 2026-11-14, Beijing time. */
const RATED_AT = '2026-11-04T07:30:00+08:00';
const DEADLINE = '2026-11-14T16:00:00.000Z';
const IN_WINDOW = new Date('2026-11-10T09:00:00+08:00');

const rating = (id: string, level: number, extra: Record<string, unknown> = {}) => ({
  rating_id: id, org_unit: '330106', department: null, item_code: null, handling_id: null, channel: 'app', level,
  rated_at: RATED_AT, real_name: false, rater_type: 'person', rater_age_band: null, comment: '办事太慢', ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('rating appeal window', () => {
  it('ends at Beijing midnight after the 10th calendar day from the rating', () => {
    expect(ratingAppealDeadline(new Date(RATED_AT)).toISOString()).toBe(DEADLINE);
    // 23:59 Beijing on 2026-11-04 is the same local day.
    expect(ratingAppealDeadline(new Date('2026-11-04T23:59:00+08:00')).toISOString()).toBe(DEADLINE);
    expect(ratingAppealDeadline(new Date(RATED_AT), 3).toISOString()).toBe('2026-11-07T16:00:00.000Z');
  });
});

describe.each(testEngines())('rating appeals on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  const catalogue = defaultMetricCatalogue();
  /** ratings.total and ratings.points_sum of 西湖区 in 2026-11, through the metric catalogue. */
  const metrics = async () => {
    const names = ['ratings.total', 'ratings.points_sum'];
    const facts = await computeMetrics(database.db, names.map((n) => catalogue.definitions.get(n)!), catalogue.columns, '2026-11');
    return names.map((n) => facts.find((f) => f.metric === n && f.unit === '330106')?.value ?? 0);
  };
  const status = async (id: string) => (await database.db.selectFrom('ratings').select(['quality_status', 'quality_flags']).where('rating_id', '=', id).executeTakeFirstOrThrow());

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE);
    const ingested = await services.ingestion.ingest(operator, { type: 'ratings', source: 'hcp', channel: 'http', format: 'json' }, [
      rating('HCP-1', 1), rating('HCP-2', 2), rating('HCP-3', 1), rating('HCP-4', 2), rating('HCP-GOOD', 4),
    ]);
    expect(ingested.accepted).toBe(5);
  });
  afterAll(async () => dispose());

  it('accepts only 差评 of the caller\'s subtree, with grounds and evidence', async () => {
    const good = await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-GOOD', kind: 'mistaken', grounds, evidence }, IN_WINDOW));
    expect(good).toMatchObject({ code: 'conflict', details: { reason: 'not_a_bad_rating', level: 4 } });
    expect(good.message).toMatch(/only a bad rating \(level 1–2\)/);
    expect((await refusal(services.ratingAppeals.submit(ningbo, { ratingId: 'HCP-1', kind: 'mistaken', grounds, evidence }, IN_WINDOW))).code).toBe('not_found');
    expect((await refusal(services.ratingAppeals.submit(evaluator, { ratingId: 'HCP-1', kind: 'mistaken', grounds, evidence }, IN_WINDOW))).code).toBe('forbidden');
    expect((await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-1', kind: 'mistaken', grounds, evidence: [] }, IN_WINDOW))).message).toMatch(/evidence/);
    expect((await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-1', kind: 'mistaken', grounds: '太短', evidence }, IN_WINDOW))).message).toMatch(/grounds/);
    expect((await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-1', kind: 'angry', grounds, evidence }, IN_WINDOW))).message).toMatch(/kind/);
  });

  it('refuses after the window, naming the dates', async () => {
    const lastMoment = new Date(new Date(DEADLINE).getTime() - 1000);
    const late = await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-4', kind: 'malicious', grounds, evidence }, new Date(DEADLINE)));
    expect(late).toMatchObject({ code: 'conflict', details: { reason: 'window_closed', deadline: DEADLINE } });
    expect(late.message).toBe('the appeal window has closed: the rating was given on 2026-11-04 and appeals were due within 10 days (by the end of 2026-11-14)');
    expect(late.messageIn('zh')).toMatch(/2026-11-04.*10 日内（2026-11-14 24:00 前）/);
    const onTime = await services.ratingAppeals.submit(westLake, { ratingId: 'HCP-4', kind: 'malicious', grounds, evidence }, lastMoment);
    expect(onTime).toMatchObject({ status: 'pending', deadline: DEADLINE, kind: 'malicious', kindLabel: { zh: '恶意差评' } });
  });

  it('allows one appeal per rating; the appellant cannot decide it; upheld takes the rating out of the metrics', async () => {
    const before = await metrics();
    expect(before).toEqual([5, 0 + 25 + 0 + 25 + 75]);
    const appeal = await services.ratingAppeals.submit(admin, { ratingId: 'HCP-1', kind: 'mistaken', grounds, evidence }, IN_WINDOW);
    expect(appeal).toMatchObject({ ratingId: 'HCP-1', source: 'hcp', unit: '330106', level: 1, status: 'pending', decision: null, history: [{ action: 'submitted', actor: 'adm' }] });
    const again = await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-1', kind: 'malicious', grounds, evidence }, IN_WINDOW));
    expect(again).toMatchObject({ code: 'conflict', details: { reason: 'appeal_pending', appeal: appeal.id } });

    expect((await refusal(services.ratingAppeals.decide(admin, appeal.id, { outcome: 'upheld', reason: '自己复核' }))).code).toBe('forbidden');
    expect((await refusal(services.ratingAppeals.decide(westLake, appeal.id, { outcome: 'upheld', reason: '无权复核' }))).code).toBe('forbidden');
    expect((await refusal(services.ratingAppeals.decide(user('nb-kp', 'evaluator', '330200'), appeal.id, { outcome: 'upheld', reason: '辖区外' }))).code).toBe('not_found');
    expect((await status('HCP-1')).quality_status).toBe('accepted');

    // The real-name 差评 had a callback task open: an upheld appeal closes it with the reason.
    await database.db.insertInto('feedback_submissions').values({ id: 'sub-cb', kind: 'rating', client_id: 'client-cb', submission_id: 'sub-cb', tracking_code: 'CB1', payload: '{}' }).execute();
    await database.db.insertInto('feedback_callbacks').values({ id: 'cb1', submission_id: 'sub-cb', rating_id: 'HCP-1', org_unit: '330106', level: 1, contact_phone: 'gp1.x', due_at: new Date('2026-11-30T00:00:00Z') }).execute();
    const upheld = await services.ratingAppeals.decide(evaluator, appeal.id, { outcome: 'upheld', reason: '经核实评价人与办件无关，属误评' }, new Date('2026-11-12T10:00:00+08:00'));
    expect(await database.db.selectFrom('feedback_callbacks').select(['status', 'outcome']).where('id', '=', 'cb1').executeTakeFirstOrThrow()).toEqual({ status: 'done', outcome: expect.stringContaining('appeal upheld') });
    expect(upheld).toMatchObject({ status: 'upheld', decision: { by: 'kp', reason: '经核实评价人与办件无关，属误评', at: '2026-11-12T02:00:00.000Z' } });
    expect(upheld.history.map((h) => h.action)).toEqual(['submitted', 'upheld']);
    // The row stays, marked; the metrics no longer count it.
    expect(await status('HCP-1')).toEqual({ quality_status: 'appealed', quality_flags: expect.arrayContaining(['rating_appeal_upheld']) });
    expect(await metrics()).toEqual([4, 25 + 0 + 25 + 75]);

    // Final: no second decision, no second appeal.
    expect((await refusal(services.ratingAppeals.decide(evaluator, appeal.id, { outcome: 'rejected', reason: '改判' }))).message).toMatch(/final/);
    expect((await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-1', kind: 'mistaken', grounds, evidence }, IN_WINDOW))).details).toMatchObject({ reason: 'not_counted' });

    // The source sends the rating again, changed: it is replaced, but stays out of the scores.
    await services.ingestion.ingest(operator, { type: 'ratings', source: 'hcp', channel: 'http', format: 'json' }, [rating('HCP-1', 1, { comment: '更正后的评价内容' })]);
    expect(await database.db.selectFrom('ratings').select(['comment', 'quality_status']).where('rating_id', '=', 'HCP-1').executeTakeFirstOrThrow()).toEqual({ comment: '更正后的评价内容', quality_status: 'appealed' });
    expect(await metrics()).toEqual([4, 125]);
  });

  it('changes nothing when the appeal is rejected, and keeps it final', async () => {
    const appeal = await services.ratingAppeals.submit(westLake, { ratingId: 'HCP-3', kind: 'malicious', grounds, evidence }, IN_WINDOW);
    const rejected = await services.ratingAppeals.decide(evaluator, appeal.id, { outcome: 'rejected', reason: '证据不足以证明恶意' });
    expect(rejected).toMatchObject({ status: 'rejected', statusLabel: { zh: '申诉不成立' }, decision: { reason: '证据不足以证明恶意' } });
    expect((await status('HCP-3')).quality_status).toBe('accepted');
    expect(await metrics()).toEqual([4, 125]);
    const refiled = await refusal(services.ratingAppeals.submit(westLake, { ratingId: 'HCP-3', kind: 'mistaken', grounds, evidence }, IN_WINDOW));
    expect(refiled.details).toMatchObject({ reason: 'appeal_decided', appeal: appeal.id });
    expect((await refusal(services.ratingAppeals.decide(evaluator, appeal.id, { outcome: 'upheld', reason: '改判' }))).code).toBe('conflict');
  });

  it('lists appeals in the caller\'s subtree and audits every step', async () => {
    expect((await services.ratingAppeals.list(westLake)).map((a) => a.ratingId).sort()).toEqual(['HCP-1', 'HCP-3', 'HCP-4']);
    expect((await services.ratingAppeals.list(evaluator, { status: 'upheld' })).map((a) => a.ratingId)).toEqual(['HCP-1']);
    expect((await services.ratingAppeals.list(evaluator, { status: 'pending' })).map((a) => a.ratingId)).toEqual(['HCP-4']);
    expect(await services.ratingAppeals.list(ningbo)).toEqual([]);
    expect((await refusal(services.ratingAppeals.list({ ...systemActor('none'), permissions: new Set() }))).code).toBe('forbidden');
    const audit = await database.db.selectFrom('audit_log').select('action').where('action', 'like', 'feedback.rating_appeal_%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['feedback.rating_appeal_decide', 'feedback.rating_appeal_decide', 'feedback.rating_appeal_submit', 'feedback.rating_appeal_submit', 'feedback.rating_appeal_submit']);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
