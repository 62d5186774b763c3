// Improvement suggestions (改进建议) drafted from the weakest indicators and the top feedback
// tags. They are a starting point for the performance office, who edit them in the draft before
// publishing; the wording is fixed and the order deterministic, so the same data drafts the same text.
import type { FeedbackTagCount, ReportSuggestion, ReportText } from './model';

/** A value with its unit: "95%" but "5 工作日". */
export const withUnit = (value: number, unit: string | null | undefined): string => (!unit ? String(value) : unit === '%' || unit === '‰' ? `${value}${unit}` : `${value} ${unit}`);

export interface WeakIndicator {
  code: string;
  name: ReportText;
  averageScore: number | null;
  /** Red lights over the report's units (and periods). */
  reds: number;
  /** Units with a score for the indicator. */
  units: number;
  target: number | null;
  unit: string | null;
  /** Names of the units most often red on it (at most five). */
  redUnits: string[];
}

const MAX_FEEDBACK = 3;

function indicatorSuggestion(w: WeakIndicator): ReportSuggestion {
  const zhUnits = w.redUnits.length ? `${w.redUnits.join('、')}${w.reds > w.redUnits.length ? '等' : ''}` : '';
  const enUnits = w.redUnits.join(', ');
  const target = w.target === null ? null : withUnit(w.target, w.unit);
  const zh = [
    `“${w.name.zh}”（${w.code}）是本期最薄弱的指标之一：`,
    w.reds > 0 ? `共亮红灯 ${w.reds} 次${zhUnits ? `，涉及${zhUnits}` : ''}` : '没有红灯但得分偏低',
    w.averageScore === null ? '。' : `，平均得分 ${w.averageScore} 分。`,
    `建议${zhUnits ? '相关单位' : '各单位'}对照${target ? `目标值（${target}）` : '指标要求'}查找差距、分析原因，制定整改措施并明确责任人和完成时限，纳入下期跟踪督办。`,
  ].join('');
  const en = [
    `"${w.name.en ?? w.name.zh}" (${w.code}) is among the weakest indicators: `,
    w.reds > 0 ? `${w.reds} red light${w.reds === 1 ? '' : 's'}${enUnits ? ` (${enUnits}${w.reds > w.redUnits.length ? ' and others' : ''})` : ''}` : 'no red light but low scores',
    w.averageScore === null ? '. ' : `, average score ${w.averageScore}. `,
    `The units concerned should measure the gap against ${target ? `the target of ${target}` : 'the requirement'}, find its causes and set rectification measures with an owner and a deadline, followed up next period.`,
  ].join('');
  return { id: `indicator-${w.code}`, text_zh: zh, text_en: en, source: 'indicator', basis: `indicator ${w.code}: ${w.reds} red, average score ${w.averageScore ?? 'n/a'}, ${w.units} units scored` };
}

function feedbackSuggestion(t: FeedbackTagCount): ReportSuggestion {
  const label = t.label_en ?? t.tag;
  return {
    id: `feedback-${t.tag}`,
    text_zh: `群众反馈中“${t.label_zh}”相关问题较为集中（${t.count} 条）。建议梳理相关诉求的共性问题，明确牵头部门优化办事流程和服务体验，并在下期报告中说明改进情况。`,
    text_en: `Feedback about "${label}" is frequent (${t.count} items). Group the common problems behind it, name a lead department to improve the process and the service experience, and report progress next period.`,
    source: 'feedback',
    basis: `feedback tag ${t.tag}: ${t.count} items`,
  };
}

/** Up to three indicator suggestions (weakest first) and up to three from the most frequent tags. */
export function draftSuggestions(weakest: readonly WeakIndicator[], tags: readonly FeedbackTagCount[]): ReportSuggestion[] {
  const topTags = [...tags]
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .slice(0, MAX_FEEDBACK);
  return [...weakest.map(indicatorSuggestion), ...topTags.map(feedbackSuggestion)];
}
