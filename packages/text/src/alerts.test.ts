import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, createAlertMatcher } from './alerts';

const match = (text: string) => createAlertMatcher().match(text);

describe('createAlertMatcher', () => {
  it('raises high alerts for escalation, leaks, fraud, threats and petitioning', () => {
    expect(match('再不处理我就投诉')).toEqual([{ severity: 'high', category: 'escalation', keyword: '投诉' }]);
    expect(match('我的个人信息是不是泄露了')).toEqual([{ severity: 'high', category: 'data_leak', keyword: '泄露' }]);
    expect(match('短信里的链接像诈骗')).toEqual([{ severity: 'high', category: 'fraud', keyword: '诈骗' }]);
    expect(match('他威胁我')[0]).toMatchObject({ severity: 'high', category: 'threat' });
    expect(match('办不下来我就去上访')[0]).toMatchObject({ severity: 'high', keyword: '上访' });
  });

  it('orders alerts by severity and reports one per category', () => {
    expect(match('部门之间踢皮球，我要向媒体曝光，还要举报')).toEqual([
      { severity: 'high', category: 'escalation', keyword: '媒体' },
      { severity: 'medium', category: 'service_failure', keyword: '踢皮球' },
    ]);
    expect(match('扣了两次钱')).toEqual([{ severity: 'medium', category: 'money', keyword: '扣了两次' }]);
    expect(match('这app就是垃圾')).toEqual([{ severity: 'low', category: 'dissatisfaction', keyword: '垃圾' }]);
  });

  it('stays silent on ordinary feedback', () => {
    expect(match('办事很方便，点赞')).toEqual([]);
    expect(match('请问公积金怎么提取')).toEqual([]);
  });

  it('accepts custom rules, regular expressions included, and validates them', () => {
    const matcher = createAlertMatcher([{ category: 'heat', severity: 'medium', keywords: ['中暑', '空调.{0,3}坏'] }]);
    expect(matcher.match('大厅空调又坏了')).toEqual([{ severity: 'medium', category: 'heat', keyword: '空调又坏' }]);
    expect(AlertRuleSchema.safeParse({ category: 'x', severity: 'urgent', keywords: ['a'] }).error?.issues[0]?.path).toEqual(['severity']);
    expect(AlertRuleSchema.safeParse({ category: 'x', severity: 'low', keywords: ['('] }).error?.issues[0]?.path).toEqual(['keywords', 0]);
  });
});
