// The rater hears the outcome: a 差评 given through our intake is appealed by the unit; deciding
// the appeal (upheld or rejected) queues a notification to the rater by the rating's tracking
// code, in both languages, with the reviewer's reason and no contact data; closing a 差评
// callback does the same. A rating delivered by another system has no address here: nothing queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor } from '../identity/actor';
import { createLogChannel } from '../notifications/log-channel';
import { deliverDueNotifications } from '../notifications/delivery';
import { createFieldCipher } from '../privacy/cipher';
import { closeCallback, listCallbacks } from './callbacks';
import { submitRating } from './intake';
import { processRatingSubmission } from './process';
import { decideRatingAppeal, submitRatingAppeal } from './rating-appeals';

const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 9), keyId: 'rater-test' });
const NOW = new Date('2026-11-20T10:00:00+08:00');
const PHONE = '13900002222';
const appellant = systemActor('unit-operator');
const reviewer = systemActor('reviewer');
let n = 0;
const rating = (extra: Record<string, unknown> = {}) => ({
  clientId: 'rater-device', submissionId: `rater-note-${++n}`, caseId: `CASE-RN-${n}`, stage: 'completion', channel: 'online', level: 1,
  dimensions: { overall: 1 }, comment: '窗口人员态度差', contact: { phone: PHONE }, ...extra,
});

describe.each(testEngines())('the rater hears the outcome on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const rate = async (extra: Record<string, unknown> = {}) => {
    const receipt = await submitRating(database.db, rating(extra), { cipher, now: NOW });
    const submission = await database.db.selectFrom('feedback_submissions').select(['id']).where('tracking_code', '=', receipt.trackingCode).executeTakeFirstOrThrow();
    await processRatingSubmission(database.db, submission.id, { now: NOW });
    return { trackingCode: receipt.trackingCode, ratingId: submission.id };
  };
  const toRater = (trackingCode: string) =>
    database.db.selectFrom('feedback_notifications').select(['kind', 'recipient', 'message', 'org_unit']).where('tracking_code', '=', trackingCode).where('recipient', '=', 'submitter').orderBy('id').execute();

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
  });
  afterAll(async () => dispose());

  it('tells the rater that an appeal against their rating was upheld, or rejected, with the reason', async () => {
    const upheld = await rate();
    const rejected = await rate();
    const grounds = '评价人并非该办件的申请人，评价内容与办件无关';
    const evidence = [{ name: '办件记录.png' }];
    const a1 = await submitRatingAppeal(database.db, appellant, { ratingId: upheld.ratingId, kind: 'mistaken', grounds, evidence }, { now: NOW });
    const a2 = await submitRatingAppeal(database.db, appellant, { ratingId: rejected.ratingId, kind: 'malicious', grounds, evidence }, { now: NOW });
    expect(await toRater(upheld.trackingCode)).toEqual([]);
    await decideRatingAppeal(database.db, reviewer, a1.id, { outcome: 'upheld', reason: '经核实属误评，评价人可拨打 13812345678 咨询' }, { now: NOW });
    await decideRatingAppeal(database.db, reviewer, a2.id, { outcome: 'rejected', reason: '证据不足以认定恶意差评' }, { now: NOW });

    const [told] = await toRater(upheld.trackingCode);
    expect(told).toMatchObject({ kind: 'rating_appeal.upheld', recipient: 'submitter', org_unit: a1.unit, message: { outcome: 'upheld' } });
    const message = told!.message as { zh: string; en: string };
    expect(message.zh).toContain('申诉成立');
    expect(message.zh).toContain(upheld.trackingCode);
    expect(message.en).toContain('no longer counts');
    const [toldRejected] = await toRater(rejected.trackingCode);
    expect(toldRejected).toMatchObject({ kind: 'rating_appeal.rejected', message: { outcome: 'rejected', reason: '证据不足以认定恶意差评' } });
    expect((toldRejected!.message as { zh: string }).zh).toContain('申诉不成立');
    // No phone number in clear text: neither the rater's nor one written into the reason.
    const all = JSON.stringify(await database.db.selectFrom('feedback_notifications').select('message').execute());
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('13812345678');
    expect(all).toContain('138****5678');
    // The upheld appeal closed the open callback; the rater got one message about it, not two.
    expect((await toRater(upheld.trackingCode)).map((m) => m.kind)).toEqual(['rating_appeal.upheld']);
  });

  it('tells the rater when a callback closes, and the log channel delivers it without the phone', async () => {
    const { trackingCode } = await rate();
    const callback = (await listCallbacks(database.db, systemActor(), { status: 'open' }, NOW, cipher)).find((c) => c.trackingCode === trackingCode)!;
    await closeCallback(database.db, systemActor(), callback.id, { outcome: `已电话回访（${PHONE}），窗口已整改` }, NOW, cipher);
    const [told] = await toRater(trackingCode);
    expect(told).toMatchObject({ kind: 'callback.done', recipient: 'submitter', org_unit: callback.unit });
    expect(JSON.stringify(told)).not.toContain(PHONE);
    const lines: string[] = [];
    await deliverDueNotifications(database.db, createLogChannel((line) => lines.push(line)), { now: () => NOW });
    const line = lines.find((l) => l.includes(trackingCode) && l.includes('callback.done'));
    expect(line).toContain('139****2222');
    expect(lines.join('\n')).not.toContain(PHONE);
  });

  it('queues nothing for a rating delivered by another system (no address)', async () => {
    await database.db.insertInto('ratings').values({ source: 'hcp', source_id: 'EXT-1', rating_id: 'EXT-1', org_unit: '330106', channel: 'app', level: 1, rated_at: NOW, real_name: false, rater_type: 'person' }).execute();
    const before = (await database.db.selectFrom('feedback_notifications').select('id').execute()).length;
    const appeal = await submitRatingAppeal(database.db, appellant, { ratingId: 'EXT-1', kind: 'mistaken', grounds: '评价人并非该办件的申请人，评价内容与办件无关', evidence: [{ name: 'x.png' }] }, { now: NOW });
    await decideRatingAppeal(database.db, reviewer, appeal.id, { outcome: 'upheld', reason: '经核实属误评' }, { now: NOW });
    expect((await database.db.selectFrom('feedback_notifications').select('id').execute()).length).toBe(before);
  });
});
