import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['*', 'zh'],
    ['zh', 'zh'],
    ['ZH-hans-CN', 'zh'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['de', 'en'],
    ['de, en;q=0.5, zh;q=0.7', 'zh'],
    ['zh;q=0, en', 'en'],
    ['en;q=0.8, zh;q=0.8', 'en'],
    ['english', 'en'],
    ['zh;q=abc, en;q=0.1', 'en'],
  ] as const)('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
