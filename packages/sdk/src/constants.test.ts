// The SDK copies a few facts of the wire contract (it may not depend on @govperf/contracts): this
// test imports both and fails when they drift apart, and checks that what the SDK sends parses.
import * as contracts from '@govperf/contracts';
import { describe, expect, it } from 'vitest';
import { createGovperfClient, type FetchLike, type StorageLike } from './client';
import * as sdk from './constants';

const memory = (): StorageLike => {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};

describe('the constants mirrored from @govperf/contracts', () => {
  it('are the same', () => {
    expect(sdk.FEEDBACK_TEXT_MAX).toBe(contracts.FEEDBACK_TEXT_MAX);
    expect(sdk.RATING_COMMENT_MAX).toBe(contracts.RATING_COMMENT_MAX);
    expect(sdk.RATING_DIMENSIONS).toEqual(contracts.RATING_DIMENSIONS);
    expect(sdk.RATING_DIMENSION_LABELS).toEqual(contracts.RATING_DIMENSION_LABELS);
    expect(sdk.RATING_STAGES).toEqual(contracts.RATING_STAGES);
    expect(sdk.RATING_LEVELS).toEqual(contracts.RATING_LEVELS);
    expect(sdk.FEEDBACK_KINDS).toEqual(contracts.FEEDBACK_KINDS);
    expect(sdk.FEEDBACK_STATUSES).toEqual(contracts.FEEDBACK_STATUSES);
    expect(Object.keys(sdk.FEEDBACK_KIND_LABELS).sort()).toEqual([...contracts.FEEDBACK_KINDS].sort());
  });

  it('limit the context fields as the contract does', () => {
    const shape = contracts.FeedbackContextSchema.shape;
    const at = (n: number) => 'x'.repeat(n);
    const base = { occurredAt: '2026-11-22T10:00:00.000+08:00', pagePath: '/', device: 'd', appVersion: '1' };
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, pagePath: at(sdk.PAGE_PATH_MAX) }).success).toBe(true);
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, pagePath: at(sdk.PAGE_PATH_MAX + 1) }).success).toBe(false);
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, device: at(sdk.DEVICE_MAX + 1) }).success).toBe(false);
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, device: at(sdk.DEVICE_MAX) }).success).toBe(true);
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, appVersion: at(sdk.APP_VERSION_MAX + 1) }).success).toBe(false);
    expect(contracts.FeedbackContextSchema.safeParse({ ...base, locale: at(sdk.LOCALE_MAX + 1) }).success).toBe(false);
    expect(shape.locale).toBeDefined();
  });

  it('check phone numbers and ids as the contract does', () => {
    const samples = ['13812345678', '+86 138 1234 5678', '0571-87654321', '(0571)87654321', '12345678901', '138123456', '010-1234567', 'abc', '86-13912345678', '0571-87654321-123'];
    for (const phone of samples) {
      const ours = sdk.MOBILE_PATTERN.test(phone) || sdk.LANDLINE_PATTERN.test(phone);
      expect(ours, phone).toBe(contracts.PhoneNumber.safeParse(phone).success);
    }
    for (const id of ['abcdefgh', 'a-b_c1234', 'short', 'with space xx', 'x'.repeat(64), 'x'.repeat(65)]) {
      expect(sdk.ID_PATTERN.test(id), id).toBe(contracts.SubmissionId.safeParse(id).success);
      expect(sdk.ID_PATTERN.test(id), id).toBe(contracts.ClientId.safeParse(id).success);
    }
  });
});

describe('what the SDK sends', () => {
  it('parses with FeedbackSubmissionSchema and RatingSubmissionSchema, and the receipts with IntakeReceiptSchema', async () => {
    const sent: { url: string; body: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => {
      sent.push({ url, body: JSON.parse(init.body!) });
      return { status: 201, headers: { get: () => null }, json: async () => ({ trackingCode: 'FB-2026-0001', status: 'pending_review', duplicate: false }) };
    };
    const client = createGovperfClient({ endpoint: 'https://govperf.example/', appVersion: '3.2.1', appId: 'zlb', orgUnit: '330100', storage: memory(), fetch, events: null });
    const outcome = await client.feedback('  办事指南写错了  ', { kind: 'bug', contact: { name: '张三', phone: '13812345678' }, itemCode: 'item-1', pagePath: '/guide/1' });
    await client.rate('case-1', { level: 2, channel: 'offline', stage: 'completion', dimensions: { attitude: 1, service_level: 2 }, comment: '排队太久' });
    expect(sent.map((s) => s.url)).toEqual(['https://govperf.example/api/public/feedback', 'https://govperf.example/api/public/ratings']);
    const feedback = contracts.FeedbackSubmissionSchema.parse(sent[0]!.body);
    expect(feedback).toMatchObject({ text: '办事指南写错了', kind: 'bug', appId: 'zlb', orgUnit: '330100', itemCode: 'item-1', context: { pagePath: '/guide/1', appVersion: '3.2.1' } });
    const rating = contracts.RatingSubmissionSchema.parse(sent[1]!.body);
    expect(rating.dimensions).toEqual({ overall: 2, attitude: 1, service_level: 2 });
    expect(outcome.state).toBe('delivered');
    if (outcome.state === 'delivered') expect(contracts.IntakeReceiptSchema.parse(outcome.receipt)).toEqual(outcome.receipt);
  });

  it('sends text of exactly FEEDBACK_TEXT_MAX characters, which the contract accepts', async () => {
    const bodies: unknown[] = [];
    const fetch: FetchLike = async (_url, init) => {
      bodies.push(JSON.parse(init.body!));
      return { status: 201, headers: { get: () => null }, json: async () => ({ trackingCode: 'T1', status: 'pending_review', duplicate: false }) };
    };
    const client = createGovperfClient({ endpoint: '', appVersion: '1', storage: memory(), fetch, events: null });
    await client.feedback('字'.repeat(sdk.FEEDBACK_TEXT_MAX));
    expect(contracts.FeedbackSubmissionSchema.safeParse(bodies[0]).success).toBe(true);
    await expect(client.feedback('字'.repeat(sdk.FEEDBACK_TEXT_MAX + 1))).rejects.toMatchObject({ code: 'text_too_long' });
  });
});
