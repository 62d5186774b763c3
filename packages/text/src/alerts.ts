// Negative-keyword alerts: words that mean an item needs a person soon (a threatened complaint
// to the media, a data leak, fraud, petitioning). Matched on the raw text, so they fire even when
// the overall sentiment is mild; operators review them, the rule does not judge intent.
import { z } from 'zod';
import { RegExpSourceSchema } from './pattern';

export type AlertSeverity = 'high' | 'medium' | 'low';

export interface Alert {
  severity: AlertSeverity;
  /** The rule's category, e.g. escalation, data_leak. */
  category: string;
  /** The text that matched. */
  keyword: string;
}

export const AlertRuleSchema = z.strictObject({
  category: z.string().regex(/^[a-z][a-z0-9_]*$/),
  severity: z.enum(['high', 'medium', 'low']),
  keywords: z.array(RegExpSourceSchema).min(1),
});
export type AlertRule = z.output<typeof AlertRuleSchema>;

export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { category: 'escalation', severity: 'high', keywords: ['投诉', '举报', '曝光', '媒体', '记者', '上访', '信访', '纪委', '监察', '起诉', '打官司', '律师函', '12345投诉', '市长热线'] },
  { category: 'data_leak', severity: 'high', keywords: ['泄露', '泄漏', '信息被盗', '被冒用', '冒用', '盗用', '倒卖'] },
  { category: 'fraud', severity: 'high', keywords: ['诈骗', '骗子', '冒充', '钓鱼链接', '诈骗链接'] },
  { category: 'threat', severity: 'high', keywords: ['威胁', '自杀', '跳楼', '不想活', '拼命', '同归于尽'] },
  { category: 'integrity', severity: 'high', keywords: ['索贿', '红包', '好处费', '吃拿卡要', '走后门', '乱收费'] },
  { category: 'service_failure', severity: 'medium', keywords: ['踢皮球', '推诿', '敷衍', '不作为', '刁难', '没人管', '石沉大海', '没下文', '骚扰'] },
  { category: 'money', severity: 'medium', keywords: ['扣了两次', '重复扣款', '多扣', '钱去哪了', '不退款', '退款.{0,4}没'] },
  { category: 'dissatisfaction', severity: 'low', keywords: ['差评', '垃圾', '骗人', '名不副实', '形式主义', '失望', '卸载'] },
];

const SEVERITY_ORDER: Record<AlertSeverity, number> = { high: 0, medium: 1, low: 2 };

export interface AlertMatcher {
  match(text: string): Alert[];
}

/**
 * Alerts for a text, most severe first, one per category (the first keyword found in it).
 * A keyword may be a regular expression (退款.{0,4}没).
 */
export function createAlertMatcher(rules: readonly AlertRule[] = DEFAULT_ALERT_RULES): AlertMatcher {
  const compiled = rules
    .map((rule) => ({ rule, regex: new RegExp(rule.keywords.join('|'), 'iu') }))
    .sort((a, b) => SEVERITY_ORDER[a.rule.severity] - SEVERITY_ORDER[b.rule.severity]);
  return {
    match(text) {
      const alerts: Alert[] = [];
      for (const { rule, regex } of compiled) {
        const hit = regex.exec(text);
        if (hit) alerts.push({ severity: rule.severity, category: rule.category, keyword: hit[0] });
      }
      return alerts;
    },
  };
}
