// Every string of the public portal, in zh-CN (default) and English. Separate from the console's
// strings (../i18n.ts): the portal speaks to citizens, not to the performance office.
import { createContext, useContext } from 'react';

export type Language = 'zh' | 'en';

const MESSAGES = {
  title: { zh: '政务服务绩效公开', en: 'Government Service Performance — Public Disclosure' },
  subtitle: { zh: '评估结果、整改进展、好差评与改进成果，无需登录即可查看', en: 'Evaluation results, rectification progress, service ratings and delivered improvements, open to everyone' },
  language: { zh: 'English', en: '中文' },
  switchLanguage: { zh: 'Switch to English', en: '切换到中文' },
  largeText: { zh: '大字号高对比', en: 'Large text, high contrast' },
  region: { zh: '地区', en: 'Region' },
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县（区）', en: 'County / district' },
  all: { zh: '全部', en: 'All' },
  ranking: { zh: '排名与指标', en: 'Ranking and indicators' },
  rectification: { zh: '整改进展', en: 'Rectification progress' },
  ratings: { zh: '好差评', en: 'Service ratings' },
  period: { zh: '考核周期', en: 'Period' },
  evaluation: { zh: '评估', en: 'Evaluation' },
  noRuns: { zh: '该地区暂无已发布的评估结果。', en: 'No published evaluation results cover this region yet.' },
  rank: { zh: '同级排名', en: 'Rank among peers' },
  unit: { zh: '地区', en: 'Region' },
  score: { zh: '综合得分', en: 'Score' },
  grade: { zh: '等级', en: 'Grade' },
  details: { zh: '指标详情', en: 'Indicators' },
  scoresChart: { zh: '综合得分排名图', en: 'Scores ranked' },
  back: { zh: '返回排名', en: 'Back to the ranking' },
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '指标值', en: 'Value' },
  target: { zh: '目标值', en: 'Target' },
  indicatorScore: { zh: '得分', en: 'Score' },
  light: { zh: '预警', en: 'Light' },
  green: { zh: '绿灯', en: 'Green' },
  yellow: { zh: '黄灯', en: 'Yellow' },
  red: { zh: '红灯', en: 'Red' },
  noData: { zh: '无数据', en: 'No data' },
  vetoed: { zh: '一票否决', en: 'Veto applied' },
  loading: { zh: '加载中…', en: 'Loading…' },
  publishedAt: { zh: '发布时间', en: 'Published' },
  total: { zh: '任务总数', en: 'Tasks' },
  open: { zh: '待制定方案', en: 'Awaiting plan' },
  inProgress: { zh: '整改中', en: 'In progress' },
  checking: { zh: '待复测验证', en: 'Awaiting re-measurement' },
  closed: { zh: '已销号', en: 'Closed' },
  notClosed: { zh: '未销号', en: 'Not closed' },
  overdue: { zh: '逾期', en: 'Overdue' },
  progressChart: { zh: '各地区整改进展', en: 'Rectification progress by region' },
  tasks: { zh: '整改任务', en: 'Rectification tasks' },
  more: { zh: '显示更多', en: 'Show more' },
  shownFirst: { zh: '仅列出前 {n} 项，请选择下一级地区查看更多。', en: 'Only the first {n} are listed; pick a smaller region to see more.' },
  noTasks: { zh: '该地区暂无整改任务。', en: 'There are no rectification tasks in this region.' },
  reason: { zh: '问题', en: 'Problem' },
  status: { zh: '状态', en: 'Status' },
  progress: { zh: '完成进度', en: 'Progress' },
  dueAt: { zh: '整改期限', en: 'Due' },
  closedAt: { zh: '销号日期', en: 'Closed on' },
  reratings: { zh: '群众复评', en: 'Citizens’ re-ratings' },
  reratingCount: { zh: '人复评', en: 're-ratings' },
  average: { zh: '平均', en: 'average' },
  noReratings: { zh: '暂无复评', en: 'No re-ratings yet' },
  rerate: { zh: '我要复评', en: 'Re-rate' },
  rerateTitle: { zh: '对整改结果复评', en: 'Re-rate the rectification' },
  rerateIntro: {
    zh: '每个手机号对每项整改只能复评一次。手机号仅加密保存用于防止重复，不公开、不用于其他用途。评价内容不公开展示。',
    en: 'Each mobile number may re-rate a task once. The number is stored only encrypted, to prevent repeats; it is never published or used for anything else. Comments are not published.',
  },
  level: { zh: '满意度', en: 'Satisfaction' },
  phone: { zh: '手机号', en: 'Mobile number' },
  phoneInvalid: { zh: '请输入 11 位中国大陆手机号', en: 'Enter an 11-digit mainland China mobile number' },
  comment: { zh: '意见（选填，500 字以内）', en: 'Comment (optional, up to 500 characters)' },
  submit: { zh: '提交复评', en: 'Submit' },
  cancel: { zh: '取消', en: 'Cancel' },
  required: { zh: '必填', en: 'Required' },
  thanks: { zh: '感谢您的复评！', en: 'Thank you for your re-rating!' },
  yourComment: { zh: '您的意见', en: 'Your comment' },
  level1: { zh: '非常不满意', en: 'Very dissatisfied' },
  level2: { zh: '不满意', en: 'Dissatisfied' },
  level3: { zh: '基本满意', en: 'Fairly satisfied' },
  level4: { zh: '满意', en: 'Satisfied' },
  level5: { zh: '非常满意', en: 'Very satisfied' },
  ratingsTotal: { zh: '评价总数', en: 'Ratings' },
  goodRate: { zh: '好评率', en: 'Good-review rate' },
  badCount: { zh: '差评数', en: 'Bad reviews' },
  badRectifiedRate: { zh: '差评整改率', en: 'Bad reviews rectified' },
  levelsChart: { zh: '评价等级分布', en: 'Ratings by level' },
  noRatings: { zh: '该地区本周期暂无评价。', en: 'No ratings in this region and period.' },
  ratingsNote: {
    zh: '好评为“满意”“非常满意”，差评为“不满意”“非常不满意”；只统计通过质量校验的评价。',
    en: 'Good reviews are “satisfied” and “very satisfied”; bad reviews “dissatisfied” and “very dissatisfied”. Only ratings that passed the quality checks are counted.',
  },
  resultsWall: { zh: '改进成果墙', en: 'Results wall' },
  wallIntro: {
    zh: '根据群众反馈完成并已上线的改进，按上线时间由近及远排列。',
    en: 'Improvements made from citizens’ feedback and delivered, most recent first.',
  },
  wallEmpty: { zh: '该地区暂无已上线的改进。', en: 'No improvements have been delivered in this region yet.' },
  wallDelivered: { zh: '上线于', en: 'Delivered' },
  wallBefore: { zh: '上线前', en: 'Before' },
  wallAfter: { zh: '上线后', en: 'After' },
  wallFigure: { zh: '同类反馈数量变化', en: 'Similar feedback, before and after' },
  wallPending: { zh: '统计中', en: 'Still counting' },
  wallNoBaseline: { zh: '上线前无同类反馈', en: 'No similar feedback before' },
  wallSupport: { zh: '支持人数', en: 'Supporters' },
  wallChart: { zh: '上线前后同类反馈数量', en: 'Similar feedback before and after delivery' },
  wallNote: {
    zh: '“上线前”“上线后”为同一单位、至少有一个相同标签的反馈在上线前、后各 {n} 天内的数量；上线未满 {n} 天的显示“统计中”。文字已隐去个人信息。',
    en: '“Before” and “after” count the feedback items of the same unit sharing a tag in the {n} days before and after delivery; until {n} days have passed it shows “still counting”. Personal data is masked.',
  },
  contributors: { zh: '体验官排行', en: 'Top contributors' },
  contributorsIntro: {
    zh: '提出意见建议的群众即“体验官”：每条经处理的反馈得 1 分，被受理再得 5 分，改进上线再得 20 分；积分越高星级越高。',
    en: 'Citizens who send feedback are our reviewers (体验官): 1 point for each processed feedback, 5 more when it is accepted and 20 more when the improvement goes live; more points, more stars.',
  },
  contributorsEmpty: { zh: '该地区暂无体验官积分。', en: 'No contributor points in this region yet.' },
  contributorRank: { zh: '名次', en: 'Rank' },
  contributorId: { zh: '体验官', en: 'Reviewer' },
  contributorLevel: { zh: '星级', en: 'Level' },
  contributorPoints: { zh: '积分', en: 'Points' },
  contributorFeedback: { zh: '反馈', en: 'Feedback' },
  contributorAccepted: { zh: '被受理', en: 'Accepted' },
  contributorDelivered: { zh: '已上线', en: 'Delivered' },
  starsOf: { zh: '{n} 星（共 5 星）', en: '{n} of 5 stars' },
  contributorsChart: { zh: '体验官积分排行图', en: 'Contributor points ranked' },
  contributorsNote: {
    zh: '体验官以设备上随机生成的匿名编号计，仅显示末 4 位，不涉及任何个人信息；积分按反馈所属单位计入地区。已得积分不因之后不予采纳而扣除。星级：10、30、60、100 分分别升至二至五星。',
    en: 'Reviewers are counted by an anonymous random id made on their device, shown by its last 4 characters only; no personal data is involved. Points count towards the region of the feedback’s unit and are kept if the item is later not adopted. Stars: 2 from 10 points, 3 from 30, 4 from 60, 5 from 100.',
  },
  error: { zh: '加载失败', en: 'Could not load' },
  retry: { zh: '重试', en: 'Retry' },
  footer: { zh: '数据来源：各地区政务服务绩效评估结果（已发布）与好差评系统。', en: 'Source: published performance evaluations and the service-rating system.' },
  consoleLink: { zh: '工作人员登录', en: 'Staff sign-in' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;

export const PortalLanguage = createContext<Language>('zh');

export function translate(language: Language, key: MessageKey): string {
  return MESSAGES[key][language];
}

export function useT(): (key: MessageKey) => string {
  const language = useContext(PortalLanguage);
  return (key) => translate(language, key);
}

export function useLanguage(): Language {
  return useContext(PortalLanguage);
}

/** A server text that comes in both languages. */
export function useLocalized(): (text: { zh: string; en: string } | null | undefined) => string {
  const language = useContext(PortalLanguage);
  return (text) => (text ? text[language] : '');
}

export const LEVEL_KEYS = ['level1', 'level2', 'level3', 'level4', 'level5'] as const satisfies readonly MessageKey[];

/** Every key in both languages, non-empty (checked by a unit test). */
export const PORTAL_MESSAGES: Readonly<Record<MessageKey, { zh: string; en: string }>> = MESSAGES;
