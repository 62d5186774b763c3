import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Database, type FeedbackItemStatus } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { userActor } from '../identity/actor';
import { createFieldCipher } from '../privacy/cipher';
import { awardPoints, awardPointsForStatus, contributorStanding, maskClientId, standingOf, topContributors } from './contributors';
import { processFeedbackSubmission } from './process';
import { submitFeedback } from './intake';
import { advanceOrder } from './work-orders';

describe('star levels', () => {
  it('counts 1 per feedback, +5 accepted, +20 delivered, and levels at 0/10/30/60/100', () => {
    expect(standingOf({ feedback: 0, accepted: 0, delivered: 0 })).toMatchObject({ points: 0, stars: 1, title: { zh: '见习体验官' }, nextAt: 10 });
    expect(standingOf({ feedback: 4, accepted: 1, delivered: 0 })).toMatchObject({ points: 9, stars: 1 });
    expect(standingOf({ feedback: 5, accepted: 1, delivered: 0 })).toMatchObject({ points: 10, stars: 2 });
    expect(standingOf({ feedback: 4, accepted: 1, delivered: 1 })).toMatchObject({ points: 29, stars: 2, nextAt: 30 });
    expect(standingOf({ feedback: 4, accepted: 4, delivered: 4 })).toMatchObject({ points: 104, stars: 5, title: { zh: '金牌体验官', en: 'Gold reviewer' }, nextAt: null });
    // The ledger's own sum wins over the counts (rates may change; what was earned is kept).
    expect(standingOf({ feedback: 1, accepted: 0, delivered: 0 }, 60)).toMatchObject({ points: 60, stars: 4 });
    expect(maskClientId('client-abcdef12')).toBe('c-…ef12');
  });
});

describe.each(testEngines())('contributors on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let n = 0;
  /** An item as it stands (written directly, without the ledger), optionally with an accepted event in its history. */
  const add = async (client: string, unit: string, status: FeedbackItemStatus, state: 'processed' | 'merged' | 'received' = 'processed', wasAccepted = false) => {
    const id = `ctb-${++n}`;
    const code = `CTB${String(n).padStart(9, '0')}`;
    await database.db.insertInto('feedback_submissions').values({ id, kind: 'feedback', client_id: client, submission_id: id, tracking_code: code, payload: JSON.stringify({}), state }).execute();
    await database.db
      .insertInto('feedback_items')
      .values({ id, tracking_code: code, submission_id: id, org_unit: unit, content: '反馈', status, received_at: new Date('2026-10-01T00:00:00Z'), processed_at: state === 'processed' ? new Date('2026-10-01T01:00:00Z') : null, first_response_at: status === 'pending_review' ? null : new Date('2026-10-02T00:00:00Z'), delivered_at: status === 'online' ? new Date('2026-10-20T00:00:00Z') : null })
      .execute();
    if (wasAccepted) await database.db.insertInto('feedback_item_events').values({ item_id: id, at: new Date('2026-10-02T00:00:00Z'), actor: 'u', kind: 'status', status: 'accepted' }).execute();
    return { id, submission_id: id };
  };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await add('client-aaaa1111', '330102', 'online');
    await add('client-aaaa1111', '330102', 'testing');
    await add('client-aaaa1111', '330102', 'rejected', 'processed', true); // accepted, then 不予采纳: keeps 1 + 5
    await add('client-aaaa1111', '330102', 'rejected'); // rejected straight away: 1
    await add('client-aaaa1111', '330102', 'pending_review', 'received'); // not processed yet
    await add('client-aaaa1111', '330102', 'online', 'merged'); // a merged near-duplicate (counted on its first)
    await add('client-bbbb2222', '330105', 'accepted');
    await add('client-cccc3333', '330200', 'online');
    // The rows above predate the ledger: re-run migration 0015 so its backfill awards them.
    const ledger = MIGRATIONS['2026-11-22-0015-contributor-points']!;
    await ledger.down!(database.db);
    await ledger.up(database.db);
  });
  afterAll(async () => dispose());

  it('backfills the ledger from the current statuses and the accepted history', async () => {
    const own = await contributorStanding(database.db, 'client-aaaa1111');
    expect(own).toMatchObject({ clientId: 'client-aaaa1111', feedback: 4, accepted: 3, delivered: 1, points: 4 + 15 + 20, stars: 3, title: { zh: '资深体验官', en: 'Senior reviewer' }, nextAt: 60 });
    expect(own.history).toHaveLength(8);
    expect(own.history[0]).toEqual({ at: '2026-10-20T00:00:00.000Z', reason: 'delivered', label: { zh: '改进已上线', en: 'improvement delivered' }, points: 20 });
    expect(own.history.map((h) => h.at)).toEqual([...own.history.map((h) => h.at)].sort().reverse());
    expect(JSON.stringify(own.history)).not.toMatch(/CTB|ctb-/);
    expect(await contributorStanding(database.db, 'client-unknown00')).toEqual({ clientId: 'client-unknown00', feedback: 0, accepted: 0, delivered: 0, points: 0, stars: 1, title: { zh: '见习体验官', en: 'Trainee reviewer' }, nextAt: 10, history: [] });
    await expect(contributorStanding(database.db, 'bad id')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('awards once per item and reason, and only for feedback', async () => {
    const item = await add('client-dddd4444', '330106', 'pending_review');
    const before = await database.db.selectFrom('contributor_points').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await awardPoints(database.db, item, 'processed', new Date('2026-10-03T00:00:00Z'));
    await awardPoints(database.db, item, 'processed', new Date('2026-10-04T00:00:00Z'));
    await awardPointsForStatus(database.db, { ...item, status: 'online' }, new Date('2026-10-05T00:00:00Z'));
    await awardPointsForStatus(database.db, { ...item, status: 'online' }, new Date('2026-10-06T00:00:00Z'));
    await awardPointsForStatus(database.db, { ...item, status: 'rejected' }, new Date('2026-10-07T00:00:00Z'));
    const after = await database.db.selectFrom('contributor_points').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(3);
    const own = await contributorStanding(database.db, 'client-dddd4444');
    expect(own).toMatchObject({ feedback: 1, accepted: 1, delivered: 1, points: 26, stars: 2 });
    expect(own.history.map((h) => [h.at.slice(0, 10), h.reason])).toEqual([['2026-10-05', 'delivered'], ['2026-10-05', 'accepted'], ['2026-10-03', 'processed']]);
    // A rating submission has no points.
    await database.db.insertInto('feedback_submissions').values({ id: 'ctb-rating', kind: 'rating', client_id: 'client-rating00', submission_id: 'ctb-rating', tracking_code: 'CTBRATING', payload: '{}', state: 'processed' }).execute();
    await awardPoints(database.db, { id: item.id, submission_id: 'ctb-rating' }, 'accepted');
    expect((await contributorStanding(database.db, 'client-rating00')).points).toBe(0);
  });

  it('ranks the region’s contributors from the ledger with masked ids', async () => {
    const board = await topContributors(database.db, '330100');
    expect(board.contributors).toEqual([
      expect.objectContaining({ id: 'c-…1111', points: 39, stars: 3, delivered: 1 }),
      expect.objectContaining({ id: 'c-…4444', points: 26, stars: 2 }),
      expect.objectContaining({ id: 'c-…2222', points: 6, stars: 1 }),
    ]);
    expect(board.contributors[0]).not.toHaveProperty('history');
    expect(JSON.stringify(board)).not.toContain('client-');
    expect((await topContributors(database.db, '330000', { limit: 1 })).contributors).toEqual([expect.objectContaining({ id: 'c-…1111' })]);
    expect((await topContributors(database.db, '330200')).contributors).toEqual([expect.objectContaining({ id: 'c-…3333', points: 26 })]);
  });

  it('awards in the processing and work-order transactions, and keeps points after a rejection', async () => {
    await database.db.insertInto('departments').values({ code: 'ctb-dept', name: '西湖区政务服务办', org_unit_code: '330106' }).execute();
    const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 3), keyId: 'ctb-test' });
    const staff = userActor({ username: 'ctb-op', display_name: 'ctb-op', role: 'department_operator', org_unit_code: '330106', department_code: null }, '10.0.0.9');
    const context = { occurredAt: '2026-11-20T09:59:00+08:00', pagePath: '/home', device: 'iPhone 15', appVersion: '3.2.1' };
    const send = (submissionId: string, text: string) => submitFeedback(database.db, { clientId: 'client-eeee5555', submissionId, text, orgUnit: '330106', context }, { cipher, now: new Date('2026-11-20T02:00:00Z') });
    const first = await send('ctb-flow-1', '希望社保查询页面增加打印功能');
    const second = await send('ctb-flow-2', '公积金提取进度看不到，建议增加进度提醒');
    for (const receipt of [first, second]) {
      const submission = await database.db.selectFrom('feedback_submissions').select('id').where('tracking_code', '=', receipt.trackingCode).executeTakeFirstOrThrow();
      expect(await processFeedbackSubmission(database.db, submission.id)).toBe('processed');
      expect(await processFeedbackSubmission(database.db, submission.id)).toBe('already');
    }
    expect(await contributorStanding(database.db, 'client-eeee5555')).toMatchObject({ points: 2, feedback: 2 });
    const idOf = async (code: string) => (await database.db.selectFrom('feedback_items').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow()).id;
    const a = await idOf(first.trackingCode);
    const b = await idOf(second.trackingCode);
    await advanceOrder(database.db, staff, a, { status: 'accepted' });
    await advanceOrder(database.db, staff, a, { status: 'developing' });
    await advanceOrder(database.db, staff, a, { status: 'rejected', reason: '已纳入省级统一建设' });
    await advanceOrder(database.db, staff, b, { status: 'accepted' });
    for (const status of ['developing', 'testing', 'online'] as const) await advanceOrder(database.db, staff, b, { status });
    const own = await contributorStanding(database.db, 'client-eeee5555');
    expect(own).toMatchObject({ feedback: 2, accepted: 2, delivered: 1, points: 2 + 10 + 20, stars: 3 });
    expect(own.history.map((h) => h.reason).sort()).toEqual(['accepted', 'accepted', 'delivered', 'processed', 'processed']);
  });
});
