// Every string of the public tracking page (/track), zh-CN first, English second.
export type Language = 'zh' | 'en';

const MESSAGES = {
  title: { zh: '反馈办理进度查询', en: 'Follow your feedback' },
  subtitle: { zh: '凭查询码查看办理进度，无需登录', en: 'Enter your tracking code to see its progress; no sign-in needed' },
  language: { zh: 'English', en: '中文' },
  switchLanguage: { zh: 'Switch to English', en: '切换到中文' },
  largeText: { zh: '大字号高对比', en: 'Large text, high contrast' },
  code: { zh: '查询码', en: 'Tracking code' },
  codePlaceholder: { zh: '例如 FB-2026-000123', en: 'e.g. FB-2026-000123' },
  search: { zh: '查询', en: 'Look up' },
  refresh: { zh: '刷新', en: 'Refresh' },
  loading: { zh: '正在查询…', en: 'Looking it up…' },
  badCode: { zh: '查询码格式不正确：应为 4–64 位字母、数字、- 或 _。', en: 'That is not a tracking code: 4–64 letters, digits, - or _.' },
  notFound: { zh: '未找到该查询码，请核对后重试。', en: 'No feedback has this tracking code. Please check it and try again.' },
  tooMany: { zh: '查询过于频繁，请 {s} 秒后再试。', en: 'Too many look-ups: please try again in {s} seconds.' },
  failed: { zh: '查询失败，请稍后再试。', en: 'The look-up failed; please try again later.' },
  current: { zh: '当前状态', en: 'Current status' },
  progress: { zh: '办理进度', en: 'Progress' },
  history: { zh: '办理记录', en: 'History' },
  reason: { zh: '不予采纳的理由', en: 'Why it was not adopted' },
  notReached: { zh: '未开始', en: 'Not yet' },
  hint: { zh: '提交反馈后会得到查询码，状态每次变化都会在此更新。', en: 'You receive a tracking code when you submit feedback; every change of status shows here.' },
  pending_review: { zh: '待审核', en: 'Pending review' },
  accepted: { zh: '已受理', en: 'Accepted' },
  developing: { zh: '开发中', en: 'In development' },
  testing: { zh: '测试中', en: 'In testing' },
  online: { zh: '已上线', en: 'Live' },
  rejected: { zh: '不予采纳', en: 'Not adopted' },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function translate(language: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (_m, name: string) => String(vars[name] ?? ''));
}

export const FLOW = ['pending_review', 'accepted', 'developing', 'testing', 'online'] as const;
export type FlowStatus = (typeof FLOW)[number];
export const isKnownStatus = (status: string): status is FlowStatus | 'rejected' => status === 'rejected' || (FLOW as readonly string[]).includes(status);

export function formatTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
