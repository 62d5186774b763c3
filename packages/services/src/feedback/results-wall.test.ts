import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, FeedbackItemStatus } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { excerptOf, resultsWall } from './results-wall';

const DAY = 86_400_000;

describe.each(testEngines())('results wall on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let n = 0;
  const DELIVERED = new Date('2026-09-01T02:00:00Z');
  const RECENT = new Date('2026-11-10T02:00:00Z');
  const NOW = new Date('2026-11-20T02:00:00Z');

  const item = async (fields: { unit: string; tags: string[]; received: Date; status?: FeedbackItemStatus; delivered?: Date; text?: string; support?: number; client?: string }) => {
    const id = `wall-${++n}`;
    const code = `WALL${String(n).padStart(8, '0')}`;
    await database.db.insertInto('feedback_submissions').values({ id, kind: 'feedback', client_id: fields.client ?? 'client-wall-0001', submission_id: id, tracking_code: code, payload: JSON.stringify({}), state: 'processed' }).execute();
    await database.db.insertInto('feedback_items').values({
      id, tracking_code: code, submission_id: id, org_unit: fields.unit, content: fields.text ?? '一般反馈', tags: fields.tags, status: fields.status ?? 'pending_review',
      received_at: fields.received, delivered_at: fields.delivered ?? null, support: fields.support ?? 1,
    }).execute();
    return code;
  };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    // Delivered on 1 September in 上城区: 4 items sharing a tag in the 30 days before, 1 after.
    await item({ unit: '330102', tags: ['login_auth'], received: new Date(DELIVERED.getTime() - 40 * DAY), status: 'online', delivered: DELIVERED, text: '登录总是失败，我的电话 13812345678，请尽快修复这个问题，谢谢你们的辛苦工作和耐心处理，期待改进，登录页面的验证码也经常收不到，希望一并解决'.repeat(2), support: 7 });
    for (const d of [1, 5, 10, 29]) await item({ unit: '330102', tags: ['login_auth', 'ui_interaction'], received: new Date(DELIVERED.getTime() - d * DAY) });
    await item({ unit: '330102', tags: ['ui_interaction'], received: new Date(DELIVERED.getTime() - 3 * DAY) }); // no shared tag
    await item({ unit: '330105', tags: ['login_auth'], received: new Date(DELIVERED.getTime() - 3 * DAY) }); // another unit
    await item({ unit: '330102', tags: ['login_auth'], received: new Date(DELIVERED.getTime() - 31 * DAY) }); // before the window
    await item({ unit: '330102', tags: ['login_auth'], received: new Date(DELIVERED.getTime() + 2 * DAY) });
    await item({ unit: '330102', tags: ['login_auth'], received: new Date(DELIVERED.getTime() + 30 * DAY) }); // after the window
    // Delivered 10 days before now in 拱墅区: after is not known yet.
    await item({ unit: '330105', tags: ['progress'], received: new Date(RECENT.getTime() - 20 * DAY), status: 'online', delivered: RECENT });
    await item({ unit: '330105', tags: ['progress'], received: new Date(RECENT.getTime() - 2 * DAY) });
    // Not on the wall (but counted "after" the first: same unit and tag): accepted, not online; online in 宁波.
    await item({ unit: '330102', tags: ['login_auth'], received: DELIVERED, status: 'accepted' });
    await item({ unit: '330200', tags: ['login_auth'], received: DELIVERED, status: 'online', delivered: DELIVERED });
  });
  afterAll(async () => dispose());

  it('lists delivered items of the subtree, newest first, with before/after counts by the 30-day rule', async () => {
    const wall = await resultsWall(database.db, '330100', { now: NOW });
    expect(wall.region.code).toBe('330100');
    expect(wall.windowDays).toBe(30);
    expect(wall.items.map((i) => i.unit)).toEqual(['330105', '330102']);
    const [recent, old] = wall.items;
    expect(recent).toMatchObject({ before: 1, after: null, changePercent: null, tags: [{ code: 'progress', label: { zh: '办理进度' } }] });
    expect(old).toMatchObject({ before: 4, after: 2, changePercent: -50, support: 7, deliveredAt: DELIVERED.toISOString(), unitName: '上城区' });
    expect(old!.tags).toEqual([{ code: 'login_auth', label: { zh: '登录认证', en: 'Login & authentication' } }]);
    expect(old!.excerpt).toContain('138****5678');
    expect(old!.excerpt).not.toContain('13812345678');
    expect(old!.excerpt.endsWith('…')).toBe(true);
    expect(Object.keys(old!).sort()).toEqual(['after', 'before', 'changePercent', 'deliveredAt', 'excerpt', 'support', 'tags', 'trackingCode', 'unit', 'unitName']);
  });

  it('scopes to the region and refuses an unknown one', async () => {
    expect((await resultsWall(database.db, '330102', { now: NOW })).items).toHaveLength(1);
    expect((await resultsWall(database.db, '330000', { now: NOW })).items).toHaveLength(3);
    await expect(resultsWall(database.db, '999999')).rejects.toMatchObject({ code: 'not_found' });
    await expect(resultsWall(database.db, 'x')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('excerptOf', () => {
  it('masks before cutting', () => {
    expect(excerptOf('电话13812345678', 8)).toBe('电话138***…');
    expect(excerptOf('  短 文本 ')).toBe('短 文本');
  });
});
