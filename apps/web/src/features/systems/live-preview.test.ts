import { describe, expect, it } from 'vitest';
import { applyIfLatest, latestOnly } from './live-preview';

describe('live preview answers', () => {
  it('applies only the answer to the latest edit, whatever order the answers arrive in', async () => {
    const tickets = latestOnly();
    const applied: string[] = [];
    let answerOld!: (v: string) => void;
    let answerNew!: (v: string) => void;
    const old = applyIfLatest(tickets.start(), new Promise<string>((r) => (answerOld = r)), (v) => applied.push(v));
    const newer = applyIfLatest(tickets.start(), new Promise<string>((r) => (answerNew = r)), (v) => applied.push(v));
    answerNew('weights of edit 2');
    answerOld('weights of edit 1'); // slower: arrives after the newer one
    expect(await Promise.all([old, newer])).toEqual([false, true]);
    expect(applied).toEqual(['weights of edit 2']);
  });

  it('drops an answer when an edit is made while it is on its way', async () => {
    const tickets = latestOnly();
    const first = tickets.start();
    expect(first.isLatest()).toBe(true);
    tickets.start();
    expect(first.isLatest()).toBe(false);
    expect(await applyIfLatest(first, Promise.resolve(1), () => {
      throw new Error('a stale answer must not be applied');
    })).toBe(false);
  });
});
