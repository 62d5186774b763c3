import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_TAXONOMY, TagTaxonomySchema } from './taxonomy';

/** `path: message` of each issue, as the CLI prints them. */
const issues = (value: unknown) => {
  const result = TagTaxonomySchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const tag = (code: string, extra: Record<string, unknown> = {}) => ({ code, zh: '标签', en: 'Tag', keywords: ['词'], ...extra });

describe('TagTaxonomySchema', () => {
  it('accepts the default taxonomy with its seeded government-app tags', () => {
    const zh = DEFAULT_TAXONOMY.tags.map((t) => t.zh);
    for (const seeded of ['登录认证', '人脸识别', '界面交互', '适老化', '办理进度', '材料提交', '系统故障', '政策咨询', '跨部门', '隐私安全', '办事指南', '支付缴费', '表单填写', '预约排队', '工作人员态度', '证照办理', '通知提醒']) {
      expect(zh).toContain(seeded);
    }
    expect(DEFAULT_TAXONOMY.tags.find((t) => t.code === 'face_recognition')?.parent).toBe('login_auth');
  });

  it('fills defaults for optional lists', () => {
    const parsed = TagTaxonomySchema.parse({ tags: [{ code: 'x', zh: '某', en: 'X', patterns: ['某.'] }] });
    expect(parsed.tags[0]).toMatchObject({ keywords: [], exclude: [], patterns: ['某.'] });
  });

  it('names the field of each mistake', () => {
    expect(issues({ tags: [tag('ok'), { code: 'no_zh', en: 'X', keywords: ['a'] }] })).toEqual([expect.stringMatching(/^tags\.1\.zh: /)]);
    expect(issues({ tags: [tag('Bad-Code')] })).toEqual([expect.stringMatching(/^tags\.0\.code: lower-case letters/)]);
    expect(issues({ tags: [tag('a'), tag('a')] })).toEqual(['tags.1.code: duplicate code a (also tags[0])']);
    expect(issues({ tags: [tag('a', { parent: 'nope' })] })).toEqual(['tags.0.parent: unknown parent nope']);
    expect(issues({ tags: [tag('a', { parent: 'b' }), tag('b', { parent: 'a' })] })).toEqual(['tags.0.parent: parent cycle through a', 'tags.1.parent: parent cycle through b']);
    expect(issues({ tags: [tag('a', { patterns: ['(unclosed'] })] })).toEqual([expect.stringMatching(/^tags\.0\.patterns\.0: not a valid regular expression/)]);
    expect(issues({ tags: [{ code: 'a', zh: '甲', en: 'A' }] })).toEqual(['tags.0.keywords: tag a needs at least one keyword or pattern']);
    expect(issues({ tags: [tag('a', { colour: 'red' })] })).toEqual([expect.stringMatching(/^tags\.0: .*colour/)]);
    expect(issues({ tags: [] })).toEqual([expect.stringMatching(/^tags: /)]);
  });

  it('round-trips through JSON', () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_TAXONOMY)) as z.input<typeof TagTaxonomySchema>;
    expect(TagTaxonomySchema.parse(json)).toEqual(DEFAULT_TAXONOMY);
  });
});
