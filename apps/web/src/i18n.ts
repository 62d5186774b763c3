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
  trend: { zh: '近 12 期综合得分趋势', en: 'Composite score, last 12 periods' },
  heatMap: { zh: '二级指标得分热力图', en: 'Second-level indicator scores (heat map)' },
  warningBoard: { zh: '红黄灯预警看板', en: 'Red and yellow warnings' },
  redLights: { zh: '红灯', en: 'Red' },
  yellowLights: { zh: '黄灯', en: 'Yellow' },
  redIndicators: { zh: '红灯指标（责任单位）', en: 'Red indicators (responsible office)' },
  noWarnings: { zh: '本级无红黄灯预警', en: 'No red or yellow warnings here' },
  ledger: { zh: '整改台账', en: 'Rectification ledger' },
  ledgerIntro: { zh: '评估结果发布后自动生成的整改任务；指标类任务经后续评估复测达标后自动销号。', en: 'Tasks generated when a result is published; an indicator task closes when a later run measures it on target.' },
  allTasks: { zh: '全部任务', en: 'All tasks' },
  supervisedOnly: { zh: '重点督办', en: 'Key supervision' },
  status: { zh: '状态', en: 'Status' },
  level: { zh: '响应级别', en: 'Level' },
  subject: { zh: '问题', en: 'Problem' },
  due: { zh: '截止日期', en: 'Due' },
  progress: { zh: '进度', en: 'Progress' },
  escalatedTo: { zh: '已上报至', en: 'Escalated to' },
  overdue: { zh: '逾期', en: 'Overdue' },
  reopened: { zh: '重新打开', en: 'Reopened' },
  open: { zh: '待制定方案', en: 'Awaiting plan' },
  in_progress: { zh: '整改中', en: 'In progress' },
  checking: { zh: '待复测验证', en: 'Awaiting re-measurement' },
  closed: { zh: '已销号', en: 'Closed' },
  level1: { zh: '一级·专项整改', en: 'L1 · Special plan' },
  level2: { zh: '二级·指标优化', en: 'L2 · Optimisation' },
  level3: { zh: '三级·用户评议', en: 'L3 · User review' },
  composite: { zh: '综合得分', en: 'Composite score' },
  statusChart: { zh: '任务状态分布', en: 'Tasks by status' },
  baseline: { zh: '基线值', en: 'Baseline' },
  lastMeasured: { zh: '最近复测', en: 'Last measured' },
  history: { zh: '全过程记录', en: 'History' },
  plan: { zh: '整改方案', en: 'Plan' },
  goal: { zh: '整改目标', en: 'Goal' },
  measures: { zh: '整改措施（每行一条）', en: 'Measures (one per line)' },
  owner: { zh: '责任人', en: 'Owner' },
  deadline: { zh: '完成期限', en: 'Deadline' },
  savePlan: { zh: '保存方案', en: 'Save plan' },
  reportProgress: { zh: '报送进展', en: 'Report progress' },
  note: { zh: '进展说明', en: 'Note' },
  percent: { zh: '完成百分比', en: 'Percent done' },
  evidence: { zh: '佐证材料名称', en: 'Evidence (file name)' },
  submitForCheck: { zh: '申请复测验证', en: 'Submit for re-measurement' },
  conclusion: { zh: '评议结论', en: 'Review conclusion' },
  closeReview: { zh: '评议销号', en: 'Close with conclusion' },
  saved: { zh: '已保存', en: 'Saved' },
  ev_created: { zh: '生成任务', en: 'Created' },
  ev_planned: { zh: '制定方案', en: 'Planned' },
  ev_progress: { zh: '报送进展', en: 'Progress' },
  ev_submitted: { zh: '申请复测', en: 'Submitted for check' },
  ev_remeasured: { zh: '评估复测', en: 'Re-measured' },
  ev_closed: { zh: '销号', en: 'Closed' },
  ev_reopened: { zh: '复测未达标，重新打开', en: 'Reopened: still short' },
  ev_supervised: { zh: '列入重点督办', en: 'Put under key supervision' },
  ev_escalated: { zh: '逐级上报', en: 'Escalated' },
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
