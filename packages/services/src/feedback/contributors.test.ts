import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, FeedbackItemStatus } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { contributorStanding, maskClientId, standingOf, topContributors } from './contributors';

describe('star levels', () => {
  it('counts 1 per feedback, +5 accepted, +20 delivered, and levels at 0/10/30/60/100', () => {
    expect(standingOf({ feedback: 0, accepted: 0, delivered: 0 })).toMatchObject({ points: 0, stars: 1, title: { zh: '见习体验官' }, nextAt: 10 });
    expect(standingOf({ feedback: 4, accepted: 1, delivered: 0 })).toMatchObject({ points: 9, stars: 1 });
    expect(standingOf({ feedback: 5, accepted: 1, delivered: 0 })).toMatchObject({ points: 10, stars: 2 });
    expect(standingOf({ feedback: 4, accepted: 1, delivered: 1 })).toMatchObject({ points: 29, stars: 2, nextAt: 30 });
    expect(standingOf({ feedback: 4, accepted: 4, delivered: 4 })).toMatchObject({ points: 104, stars: 5, title: { zh: '金牌体验官', en: 'Gold reviewer' }, nextAt: null });
    expect(maskClientId('client-abcdef12')).toBe('c-…ef12');
  });
});

describe.each(testEngines())('contributors on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let n = 0;
  const add = async (client: string, unit: string, status: FeedbackItemStatus, state: 'processed' | 'merged' | 'received' = 'processed') => {
    const id = `ctb-${++n}`;
    const code = `CTB${String(n).padStart(9, '0')}`;
    await database.db.insertInto('feedback_submissions').values({ id, kind: 'feedback', client_id: client, submission_id: id, tracking_code: code, payload: JSON.stringify({}), state }).execute();
    await database.db.insertInto('feedback_items').values({ id, tracking_code: code, submission_id: id, org_unit: unit, content: '反馈', status, received_at: new Date('2026-10-01T00:00:00Z') }).execute();
  };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await add('client-aaaa1111', '330102', 'online');
    await add('client-aaaa1111', '330102', 'testing');
    await add('client-aaaa1111', '330102', 'rejected');
    await add('client-aaaa1111', '330102', 'pending_review', 'received'); // not processed yet
    await add('client-aaaa1111', '330102', 'online', 'merged'); // a merged near-duplicate (counted on its first)
    await add('client-bbbb2222', '330105', 'accepted');
    await add('client-cccc3333', '330200', 'online');
  });
  afterAll(async () => dispose());

  it('gives a client its own points, stars and counts', async () => {
    expect(await contributorStanding(database.db, 'client-aaaa1111')).toEqual({
      clientId: 'client-aaaa1111', feedback: 3, accepted: 2, delivered: 1, points: 3 + 10 + 20, stars: 3, title: { zh: '资深体验官', en: 'Senior reviewer' }, nextAt: 60,
    });
    expect(await contributorStanding(database.db, 'client-unknown00')).toMatchObject({ points: 0, stars: 1, feedback: 0 });
    await expect(contributorStanding(database.db, 'bad id')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('ranks the region’s contributors with masked ids', async () => {
    const board = await topContributors(database.db, '330100');
    expect(board.contributors).toEqual([
      expect.objectContaining({ id: 'c-…1111', points: 33, stars: 3 }),
      expect.objectContaining({ id: 'c-…2222', points: 6, stars: 1 }),
    ]);
    expect(JSON.stringify(board)).not.toContain('client-');
    expect((await topContributors(database.db, '330000', { limit: 1 })).contributors).toHaveLength(1);
  });
});
