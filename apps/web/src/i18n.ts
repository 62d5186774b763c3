// Every string the console shows, in zh-CN (default) and English, in the terms the performance
// office uses (domain.md glossary).
import { createContext, useContext } from 'react';

export type Language = 'zh' | 'en';

const MESSAGES = {
  appTitle: { zh: '数字政务服务绩效管理平台', en: 'Digital Government Service Performance' },
  cockpit: { zh: '绩效驾驶舱', en: 'Performance cockpit' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  required: { zh: '必填', en: 'Required' },
  language: { zh: 'English', en: '中文' },
  largeText: { zh: '适老化大字模式', en: 'Large text, high contrast' },
  system: { zh: '指标体系', en: 'Indicator system' },
  period: { zh: '考核周期', en: 'Period' },
  ranking: { zh: '综合排名', en: 'Composite ranking' },
  rank: { zh: '排名', en: 'Rank' },
  unit: { zh: '地区', en: 'Unit' },
  score: { zh: '综合得分', en: 'Score' },
  grade: { zh: '等级', en: 'Grade' },
  change: { zh: '较上期', en: 'vs previous' },
  veto: { zh: '一票否决', en: 'Veto' },
  peerAverage: { zh: '同级平均', en: 'Peer average' },
  drillDown: { zh: '下钻', en: 'Drill down' },
  noRuns: { zh: '您的管辖范围内还没有评估结果。', en: 'There are no evaluation results in your area yet.' },
  published: { zh: '已发布', en: 'Published' },
  draft: { zh: '未发布', en: 'Not published' },
  noData: { zh: '无数据', en: 'No data' },
  loading: { zh: '加载中…', en: 'Loading…' },
  scoresChart: { zh: '得分对比', en: 'Scores compared' },
  area: { zh: '管辖范围', en: 'Area' },
  details: { zh: '详情', en: 'Details' },
  back: { zh: '返回排名', en: 'Back to the ranking' },
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '指标值', en: 'Value' },
  target: { zh: '目标值', en: 'Target' },
  indicatorScore: { zh: '得分', en: 'Score' },
  weight: { zh: '权重', en: 'Weight' },
  contribution: { zh: '贡献', en: 'Contribution' },
  light: { zh: '预警', en: 'Warning' },
  explain: { zh: '溯源', en: 'Explain' },
  formula: { zh: '计算公式', en: 'Formula' },
  metric: { zh: '度量', en: 'Metric' },
  scoring: { zh: '计分规则', en: 'Scoring' },
  sampleFacts: { zh: '样本数据（已脱敏）', en: 'Sample facts (masked)' },
  radar: { zh: '一级指标得分与同级平均', en: 'First-level scores against the peer average' },
  thisUnit: { zh: '本地区', en: 'This unit' },
  green: { zh: '绿灯', en: 'Green' },
  yellow: { zh: '黄灯', en: 'Yellow' },
  red: { zh: '红灯', en: 'Red' },
  ofPeers: { zh: '名，共', en: 'of' },
  weights: { zh: '权重计算（AHP）', en: 'Weights (AHP)' },
  group: { zh: '指标组', en: 'Indicator group' },
  topLevel: { zh: '一级指标', en: 'First-level indicators' },
  judgement: { zh: '两两比较判断（1–9 标度）', en: 'Pairwise judgements (Saaty 1–9)' },
  moreImportant: { zh: '比', en: 'vs' },
  consistent: { zh: '一致性检验通过（CR < 0.1）', en: 'Consistent (CR < 0.1)' },
  inconsistent: { zh: '一致性检验未通过（CR ≥ 0.1），请调整以下判断：', en: 'Not consistent (CR ≥ 0.1); reconsider these judgements:' },
  suggested: { zh: '建议改为', en: 'suggested' },
  startRun: { zh: '发起评估', en: 'Start an evaluation' },
  runFinished: { zh: '评估完成', en: 'Evaluation finished' },
  units: { zh: '个单位', en: 'units' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;

export const LanguageContext = createContext<Language>('zh');

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language];
}

export function useT(): (key: MessageKey) => string {
  const language = useContext(LanguageContext);
  return (key) => translate(language, key);
}

/** A server text that comes in both languages ({ zh, en }). */
export function useLocalized(): (text: { zh: string; en: string } | null | undefined) => string {
  const language = useContext(LanguageContext);
  return (text) => (text ? text[language] : '');
}
